"""CFONB 120: the French banks' fixed-width statement format (« relevé 120 caractères »).

Records: 01 old balance, 04 movement, 05 complement of the movement above, 07 new balance.
Amounts are 14 digits whose last character also carries the sign ('{', 'A'–'I' positive;
'}', 'J'–'R' negative), with the number of decimals given in column 20.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from treso_app.domain.bounds import TextLimit

from .model import (
    AccountIdentity,
    Balance,
    ParsedFile,
    Statement,
    StatementError,
    StatementLine,
    check_balance,
    check_lines,
)
from .numbers import century, check_no_nul, check_rows, clean_text

FORMAT = "CFONB 120"
WIDTH = 120
_POSITIVE = {char: digit for digit, char in enumerate("{ABCDEFGHI")}
_NEGATIVE = {char: digit for digit, char in enumerate("}JKLMNOPQR")}
_DECIMALS = frozenset(" 0123456789")  # blank: two


def looks_like(data: bytes) -> bool:
    first = data.lstrip(b"\r\n")[:WIDTH]
    return len(first) >= 90 and first[:2] in (b"01", b"04", b"05", b"07") and first[2:7].isdigit()


def read(data: bytes) -> ParsedFile:
    text = data.decode("cp1252", errors="replace")
    check_no_nul(text)
    reader = _Reader()
    for number, record in _records(text):
        reader.feed(number, record)
    return reader.result()


def _records(text: str):
    """(line number, 120-character record); tolerates CRLF, blank lines, no final newline,
    trimmed trailing spaces, and files written without any line break."""
    lines = text.splitlines()
    if len(lines) == 1 and len(lines[0]) > WIDTH and len(lines[0].rstrip()) % WIDTH <= WIDTH:
        single = lines[0]
        lines = [single[i : i + WIDTH] for i in range(0, len(single), WIDTH)]
    check_rows(len(lines))
    for number, line in enumerate(lines, start=1):
        record = line.rstrip()
        if not record:
            continue
        if len(record) > WIDTH:
            raise StatementError(
                f"{len(record)} caractères au lieu de {WIDTH} : ce n'est pas un relevé CFONB 120 "
                "valide (colonnes décalées).",
                number,
            )
        yield number, record.ljust(WIDTH)


class _Reader:
    def __init__(self) -> None:
        self.statements: list[Statement] = []
        self.current: Statement | None = None
        self.current_key = ""
        self.current_branch_account: tuple[str, str] = ("", "")
        self.pending: list | None = None  # the last 04, waiting for its 05 complements
        self.numbers: list[int] = []  # the file line of each line of the current statement

    def feed(self, number: int, record: str) -> None:
        code = record[:2]
        if code == "01":
            if self.current is not None:
                raise StatementError(
                    "nouveau solde initial (01) avant le solde final (07).", number
                )
            self.current_key = _account_key(record)
            self.current_branch_account = _branch_account(record)
            self.current = Statement(
                account=_identity(record),
                currency=record[16:19].strip() or None,
                opening=_balance(record, number),
            )
            self.numbers = []
        elif code == "04":
            if self.current is None or _branch_account(record) != self.current_branch_account:
                self._need_statement(number, record, "une opération (04)")
            if self.pending is not None:
                self._flush()
            value_text = record[42:48]
            self.pending = [
                _date(record[34:40], number),
                _date(value_text, number) if value_text.strip() else None,
                record[48:79],
                _amount(record, number),
                [],  # the 05 complements' texts
                None,  # counterparty
            ]
            self.numbers.append(number)
        elif code == "05":
            if self.pending is None:
                raise StatementError("complément (05) sans opération (04) avant lui.", number)
            qualifier, text = record[45:48], clean_text(record[48:118])
            if qualifier in ("NPY", "NBE") and text:
                self.pending[5] = self.pending[5] or text
            if text and sum(map(len, self.pending[4])) <= TextLimit.LABEL:
                self.pending[4].append(text)
        elif code == "07":
            self._need_statement(number, record, "un solde final (07)")
            if _account_key(record) != self.current_key:
                raise StatementError(
                    "solde final (07) d'un autre compte que le solde initial (01) ouvert.", number
                )
            self._flush()
            check_lines(self.current.lines, self.numbers.__getitem__)
            self.current.closing = _balance(record, number)
            self.statements.append(self.current)
            self.current = None
        else:
            raise StatementError(
                f"type d'enregistrement « {code} » inconnu (01, 04, 05, 07).", number
            )

    def _need_statement(self, number: int, record: str, what: str) -> None:
        if self.current is None:
            raise StatementError(f"{what} avant tout solde initial (01).", number)
        if _branch_account(record) != self.current_branch_account:
            raise StatementError(f"{what} d'un autre compte que le relevé en cours.", number)

    def _flush(self) -> None:
        if self.pending is None:
            return
        (booked_on, value_on, label, cents, extra, party), self.pending = self.pending, None
        label = clean_text(" ".join([label, *extra]) if extra else label)
        # Complements are the bank's free text: a long run of them is cut, not refused.
        label = label if len(label) <= TextLimit.LABEL else label[: TextLimit.LABEL - 1] + "…"
        # CFONB references are not unique: the content hash decides (no external id).
        self.current.lines.append(
            StatementLine(booked_on, cents, label or "(sans libellé)", value_on, party)
        )

    def result(self) -> ParsedFile:
        if self.current is not None:
            raise StatementError("le fichier se termine sans solde final (07) : il est incomplet.")
        if not self.statements:
            raise StatementError("aucun relevé (01 … 07) dans ce fichier CFONB.")
        return ParsedFile(format=FORMAT, statements=self.statements)


def _account_key(record: str) -> str:
    """Bank code, branch code and account number (01 and 07 must agree)."""
    return f"{record[2:7]}|{record[11:16]}|{record[21:32]}"


def _branch_account(record: str) -> tuple[str, str]:
    """Branch and account number: the 04 records of some banks carry another bank code."""
    return record[11:16], record[21:32]


def _identity(record: str) -> AccountIdentity:
    return _identity_of(record[2:7], record[11:16], record[21:32].strip())


@lru_cache(maxsize=64)
def _identity_of(bank: str, branch: str, number: str) -> AccountIdentity:
    """Cached: a file often holds a statement a day for the same account."""
    if (bank + branch + number).isascii() and (bank + branch + number).isalnum():
        try:
            iban = IBAN.generate("FR", bank_code=bank, branch_code=branch, account_code=number)
            return AccountIdentity(iban=str(iban))
        except (SchwiftyException, KeyError, ValueError):
            pass  # not a French RIB: keep the bank's own numbers
    return AccountIdentity(number=f"{bank} {branch} {number}")


def _balance(record: str, number: int) -> Balance:
    return check_balance(Balance(_amount(record, number), _date(record[34:40], number)), number)


def _amount(record: str, number: int) -> int:
    digits, last = record[90:103], record[103]
    decimals = record[19]
    if not _digits(digits) or decimals not in _DECIMALS:
        raise StatementError(f"montant illisible « {record[90:104]} ».", number)
    if last in _POSITIVE:
        sign, unit = 1, _POSITIVE[last]
    elif last in _NEGATIVE:
        sign, unit = -1, _NEGATIVE[last]
    else:
        raise StatementError(f"signe du montant illisible « {last} ».", number)
    value = int(digits) * 10 + unit
    places = int(decimals) if decimals != " " else 2
    cents = value * 10 ** (2 - places) if places <= 2 else _exact_cents(value, places, number)
    return sign * cents


def _exact_cents(value: int, places: int, number: int) -> int:
    scale = 10 ** (places - 2)
    if value % scale:
        raise StatementError("montant avec plus de deux décimales.", number)
    return value // scale


def _date(text: str, number: int) -> date:
    try:
        return _day(text)
    except ValueError as error:
        raise StatementError(f"date illisible « {text} » (JJMMAA attendu).", number) from error


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()  # isdigit() alone also accepts "¹" or "٣"


@lru_cache(maxsize=4096)
def _day(text: str) -> date:
    """JJMMAA → date; cached, a file repeats the same few hundred dates."""
    if not _digits(text):
        raise ValueError(text)
    return date(century(int(text[4:6])), int(text[2:4]), int(text[0:2]))
