"""OFX / QFX bank and credit-card statements, 1.x (SGML) and 2.x (XML).

Banks write OFX loosely: unclosed or oddly nested tags, raw ``&``, a header that lies
about the charset, comma decimals. A tolerant streaming scan reads the tags we need;
ofxtools converts OFX date-times (with their time zones). Building ofxtools' full typed
tree costs ~20× more time and memory on a large file and refuses many real bank files.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from functools import lru_cache

from ofxtools.Types import DateTime, OFXSpecError
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

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
from .numbers import (
    amount_to_cents,
    check_line_length,
    check_no_nul,
    check_rows,
    clean_text,
    decode_text,
    paris_day,
    shown,
)

FORMAT = "OFX"
# Possessive spaces and name: a tag that never closes (« <A » and 200,000 × « x ») fails
# in one pass instead of retrying every split of its name, quadratic in its length.
_TAG = re.compile(r"<\s*+(/?)\s*+([A-Za-z0-9.:_]++)[^<>]*?>([^<]*)")
_STATEMENTS = {"STMTRS", "CCSTMTRS"}
_ACCOUNT_FIELDS = {"BANKID", "BRANCHID", "ACCTID", "ACCTKEY"}
_TRANSACTION_FIELDS = {"DTPOSTED", "DTUSER", "TRNAMT", "FITID", "NAME", "MEMO", "PAYEEID"}
_TO_DATE = DateTime().convert


def looks_like(text_start: str) -> bool:
    head = text_start.upper()
    return "OFXHEADER" in head or "<OFX>" in head or "<OFX " in head


def read(data: bytes) -> ParsedFile:
    text = decode_text(data)
    check_no_nul(text)
    start = text.upper().find("<OFX")
    if start < 0:
        raise StatementError("ce n'est pas un fichier OFX (balise <OFX> absente).")
    body = _without_comments(text)
    # A tag every LINE_LENGTH characters at least (one-line OFX files are real).
    check_line_length(body, "<", "balise")
    scan = _Scan(body)
    for match in _TAG.finditer(body, start):
        scan.feed(match)
    return scan.result()


def _without_comments(text: str) -> str:
    """`<!-- … -->` blanked out, their line breaks kept for the line numbers; scanned with
    `str.find` (a lazy regular expression rescans to the end from every unclosed one)."""
    parts, at = [], 0
    while (opening := text.find("<!--", at)) >= 0:
        closing = text.find("-->", opening + 4)
        if closing < 0:  # never closed: not a comment, as before
            break
        parts += [text[at:opening], "\n" * text.count("\n", opening, closing + 3)]
        at = closing + 3
    return "".join([*parts, text[at:]]) if parts else text


class _Scan:
    """A flat state machine over tags: statement → account, transactions, ledger balance."""

    def __init__(self, body: str) -> None:
        self.body = body
        self.statements: list[Statement] = []
        self.statement: dict | None = None
        self.transaction: dict | None = None
        self.aggregate = ""  # LEDGERBAL / AVAILBAL / … for BALAMT and DTASOF
        self.errors: list[str] = []
        self.non_bank = False
        self.count = 0  # lines of the statements read so far

    def line_of(self, position: int) -> int:
        """Counted only when a message needs it: counting for every tag is quadratic."""
        return self.body.count("\n", 0, position) + 1

    def feed(self, match: re.Match) -> None:
        closing, name, value = match[1], match[2].upper(), match[3]
        if closing:
            self._close(name, match)
            return
        if name in _STATEMENTS:
            self._end_statement(match)
            self.statement = {"account": {}, "lines": [], "at": []}
        elif name in {"INVSTMTRS", "ACCTINFORS", "INVSTMTMSGSRSV1"}:
            self.non_bank = True
        elif name == "STMTTRN":
            if self.statement is None:
                if self.non_bank:  # investment transactions are not bank lines
                    return
                raise StatementError(
                    "opération en dehors d'un relevé.", self.line_of(match.start())
                )
            self._end_transaction(match)
            self.transaction = {"at": match.start()}
        elif name in {"LEDGERBAL", "AVAILBAL", "BALLIST", "BAL"}:
            self._end_transaction(match)
            self.aggregate = name
        elif name == "MESSAGE" and value.strip():
            self.errors.append(clean_text(html.unescape(value)))
        elif self.statement is not None:
            self._leaf(name, value, match)

    def _leaf(self, name: str, value: str, match: re.Match) -> None:
        value = value.strip()
        statement = self.statement
        if self.transaction is not None and name in _TRANSACTION_FIELDS:
            self.transaction.setdefault(name, value)
        elif name == "CURDEF":
            statement["currency"] = value.upper() or None
        elif name in _ACCOUNT_FIELDS and self.transaction is None:
            statement["account"].setdefault(name, value)
        elif self.aggregate == "LEDGERBAL" and name in {"BALAMT", "DTASOF"}:
            statement[name] = (value, match.start())

    def _close(self, name: str, match: re.Match) -> None:
        if name == "STMTTRN" or name == "BANKTRANLIST":
            self._end_transaction(match)
        elif name in _STATEMENTS:
            self._end_statement(match)
        elif name == self.aggregate:
            self.aggregate = ""

    def _end_transaction(self, match: re.Match) -> None:
        if self.transaction is None:
            return
        found, self.transaction = self.transaction, None
        line = _Lazy(self, found["at"])
        if not found.get("DTPOSTED") or not found.get("TRNAMT"):
            missing = "DTPOSTED" if not found.get("DTPOSTED") else "TRNAMT"
            raise StatementError(f"opération sans {missing} (date ou montant manquant).", int(line))
        name = clean_text(html.unescape(found.get("NAME", "")))
        memo = clean_text(html.unescape(found.get("MEMO", "")))
        label = name if not memo or memo in name else (f"{name} {memo}".strip())
        self.statement["at"].append(found["at"])
        self.statement["lines"].append(
            StatementLine(
                booked_on=_day(found["DTPOSTED"], line),
                amount_cents=_amount(found["TRNAMT"], line),
                label=label or "(sans libellé)",
                value_on=_day(found["DTUSER"], line) if found.get("DTUSER") else None,
                counterparty=name or None,
                external_id=clean_text(found.get("FITID")) or None,
            )
        )

    def _end_statement(self, match: re.Match) -> None:
        self._end_transaction(match)
        if self.statement is None:
            return
        found, self.statement = self.statement, None
        self.count += len(found["lines"])
        check_rows(self.count, "opérations")
        check_lines(found["lines"], lambda index: self.line_of(found["at"][index]))
        closing = None
        if "BALAMT" in found and found["BALAMT"][0] and "DTASOF" in found:
            (amount, at), (when, when_at) = found["BALAMT"], found["DTASOF"]
            if when:
                line, when_line = _Lazy(self, at), _Lazy(self, when_at)
                closing = check_balance(Balance(_amount(amount, line), _day(when, when_line)), line)
        self.statements.append(
            Statement(
                account=_identity(found["account"]),
                currency=found.get("currency"),
                lines=found["lines"],
                closing=closing,
            )
        )

    def result(self) -> ParsedFile:
        self._end_statement(None)
        # An aggregate with neither lines nor balance (seen in broken files) says nothing.
        self.statements = [s for s in self.statements if s.lines or s.closing]
        if not self.statements:
            if self.errors and not self.non_bank:
                reason = self.errors[-1]
                raise StatementError(
                    f"la banque n'a pas envoyé de relevé (message : « {reason} »)."
                )
            raise StatementError(
                "ce fichier OFX ne contient aucun relevé de compte bancaire ou de carte "
                "(seulement une connexion, des placements ou une liste de comptes)."
            )
        return ParsedFile(format=FORMAT, statements=self.statements)


class _Lazy:
    """A line number worked out only if an error message asks for it."""

    def __init__(self, scan: _Scan, position: int) -> None:
        self.scan, self.position = scan, position

    def __int__(self) -> int:
        return self.scan.line_of(self.position)


def _amount(text: str, line: _Lazy) -> int:
    decimal_sep = "," if "," in text and "." not in text.rsplit(",", 1)[-1] else "."
    if "," in text and "." in text:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
    try:
        return amount_to_cents(text, decimal_sep)
    except ValueError as error:
        raise StatementError(f"montant illisible : {error}.", int(line)) from error


def _day(text: str, line: _Lazy) -> date:
    """OFX date-time → the Paris calendar day (ofxtools returns UTC)."""
    try:
        return _paris_day_of(text)
    except (OFXSpecError, ValueError, OverflowError):  # year 9999 overflows in Paris time
        return _loose_day(text, line)


@lru_cache(maxsize=8192)
def _paris_day_of(text: str) -> date:
    """Cached: a statement repeats the same dates (ofxtools' conversion is the slow part)."""
    return paris_day(_TO_DATE(text))


def _loose_day(text: str, line: _Lazy) -> date:
    """Dates real banks write outside the spec: a bad time part, dd/mm/yyyy."""
    for pattern in ("%Y%m%d", "%d/%m/%Y", "%Y-%m-%d"):
        size = 8 if pattern == "%Y%m%d" else 10
        try:
            return datetime.strptime(text.strip()[:size], pattern).date()
        except ValueError:
            continue
    raise StatementError(f"date illisible « {shown(text)} ».", int(line))


def _identity(account: dict[str, str]) -> AccountIdentity:
    bank, branch = account.get("BANKID", ""), account.get("BRANCHID", "")
    number = account.get("ACCTID", "").strip()
    iban = _french_iban(bank, branch, number) or _iban(number)
    if iban:
        return AccountIdentity(iban=iban)
    parts = [part for part in (bank, branch, number) if part and "X" not in part.upper()[:1]]
    return AccountIdentity(number=" ".join(parts) or None)


def _french_iban(bank: str, branch: str, number: str) -> str | None:
    """French banks split the RIB over BANKID/BRANCHID/ACCTID; the IBAN follows from it."""
    if not (len(bank) == 5 and len(branch) == 5 and bank.isdigit() and branch.isdigit()):
        return None
    if len(number) != 11 or not (number.isascii() and number.isalnum()):
        return None
    try:
        return str(IBAN.generate("FR", bank_code=bank, branch_code=branch, account_code=number))
    except (SchwiftyException, KeyError, ValueError):
        return None


def _iban(text: str) -> str | None:
    try:
        return str(IBAN(text)) if len(text) >= 15 else None
    except (SchwiftyException, KeyError, ValueError):
        return None
