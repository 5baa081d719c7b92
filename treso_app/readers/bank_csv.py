"""CSV exports of French banks and neobanks (and the foreign ones owners also bring).

Everything is detected from the content: encoding, delimiter, preamble lines, the header
row, decimal comma or point, date format, a signed amount or Débit/Crédit columns. Known
headers give the columns; for an unknown layout the columns are guessed from the values,
and the import waits until the owner confirms them (remembered per account).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from datetime import date
from functools import partial

from treso_app.domain.limits import ReadLimit
from treso_app.i18n import tn  # the note is read by the owner: real plurals

from . import csv_words as words
from .model import (
    AccountIdentity,
    CsvColumns,
    ParsedFile,
    Statement,
    StatementError,
    StatementLine,
    check_lines,
)
from .numbers import (
    amount_to_cents,
    century,
    check_line_length,
    check_no_nul,
    check_rows,
    clean_text,
    currency_of,
    decode_text,
    french_count,
)

FORMAT = "CSV"
_DELIMITERS = (";", ",", "\t", "|")
_SCAN_ROWS = 40

_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})\b")
_NAMED_DATE = re.compile(r"(\d{1,2})[ \-]([A-Za-z]{3,9})\.?[ \-](\d{4}|\d{2})\b")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})$")
_ISO_CURRENCY = re.compile(r"[A-Z]{3}")


def looks_like(text: str) -> bool:
    rows = _rows(text)[:_SCAN_ROWS]
    return sum(1 for _, row in rows if len(row) >= 2) >= 2


def read(data: bytes, columns: CsvColumns | None = None) -> ParsedFile:
    text = decode_text(data)
    check_no_nul(text)
    check_line_length(text)
    check_rows(max(text.count("\n"), text.count("\r")))
    rows = _rows(text)
    if not rows:
        raise StatementError("le fichier CSV est vide.")
    wide = next((row for row in rows if len(row[1]) > ReadLimit.COLUMNS), None)
    if wide is not None:
        raise StatementError(
            f"{french_count(len(wide[1]))} colonnes, plus que les {ReadLimit.COLUMNS} qu'un "
            "relevé peut avoir.",
            wide[0],
        )
    if columns is not None:
        header_at, layout = _first_data_row(rows, columns) - 1, "colonnes confirmées"
    else:
        header_at, columns, layout = _recognise(rows)
    headers = [clean_text(cell) for cell in rows[header_at][1]] if header_at >= 0 else None
    parsed = _Lines(rows[header_at + 1 :], columns).read()
    notes = []
    if parsed.pending:
        notes.append(tn("count_pending_skipped", parsed.pending))
    statement = Statement(account=AccountIdentity(), currency=parsed.currency, lines=parsed.lines)
    return ParsedFile(
        format=FORMAT,
        statements=[statement],
        notes=notes,
        layout=layout,
        headers=headers,
        columns=columns,
    )


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """(physical line number, cells) of the non-empty rows, with the detected delimiter."""
    delimiter = _delimiter(text[:65536])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for cells in reader:
            cells = list(map(str.strip, cells))
            while cells and not cells[-1]:  # trailing separators
                cells.pop()
            if cells:
                rows.append((reader.line_num, cells))
    except csv.Error as error:  # its message is English: kept for the log
        raise StatementError(
            "CSV illisible : guillemets mal fermés ou cellule démesurée.",
            reader.line_num,
            detail=str(error),
        ) from error
    return rows


def _delimiter(sample: str) -> str:
    """The separator that gives the most rows with the same number (> 1) of cells."""

    def score(delimiter: str) -> tuple[int, int]:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        try:
            counts = [len(cells) for _, cells in zip(range(60), reader, strict=False) if cells]
        except csv.Error:
            return (0, 0)
        mode, frequency = Counter(counts).most_common(1)[0] if counts else (1, 0)
        return (frequency if mode > 1 else 0, mode)

    return max(_DELIMITERS, key=score)


def normalise_header(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split())


def _recognise(rows) -> tuple[int, CsvColumns, str | None]:
    for index, (_, cells) in enumerate(rows[:_SCAN_ROWS]):
        found = _columns_from_headers(cells)
        if found is not None:
            names = {normalise_header(cell) for cell in cells}
            layout = next((name for name, needed in words.LAYOUTS if needed <= names), "CSV")
            return index, found, layout
    header_at, guessed = _guess(rows)
    return header_at, guessed, None


def _columns_from_headers(cells: list[str]) -> CsvColumns | None:
    names = [normalise_header(cell) for cell in cells]
    taken: dict[str, int] = {}
    for role, synonyms in words.HEADERS.items():
        for synonym in synonyms:
            index = next(
                (i for i, name in enumerate(names) if name == synonym and i not in taken.values()),
                None,
            )
            if index is not None:
                taken[role] = index
                break
    has_amount = "amount" in taken or ("debit" in taken and "credit" in taken)
    if "date" not in taken or not has_amount:
        return None
    if "label" not in taken:
        if "counterparty" not in taken:
            return None
        taken["label"] = taken.pop("counterparty")
    if "amount" in taken and ("debit" in taken or "credit" in taken):
        taken.pop("debit", None), taken.pop("credit", None)
    return CsvColumns(**taken)


def _guess(rows) -> tuple[int, CsvColumns]:
    """Columns from the values: dates, amounts with decimals, the longest text for the label."""
    first_data = next(
        (i for i, (_, cells) in enumerate(rows[:_SCAN_ROWS]) if _has_date(cells)), None
    )
    if first_data is None:
        raise StatementError(
            "aucune colonne de dates trouvée : ce fichier ne ressemble pas à un relevé bancaire."
        )
    data = [cells for _, cells in rows[first_data : first_data + 200]]
    width = max(len(cells) for cells in data)

    def share(test, column: int) -> float:
        values = [cells[column] for cells in data if column < len(cells) and cells[column]]
        return sum(1 for value in values if test(value)) / len(values) if values else 0.0

    dates = [c for c in range(width) if share(_is_date, c) >= 0.8]
    amounts = [
        c
        for c in range(width)
        if c not in dates and share(_is_amount, c) >= 0.9 and share(_has_decimals, c) >= 0.5
    ]
    if not dates or not amounts:
        raise StatementError(
            "impossible de trouver les colonnes date et montant de ce CSV : "
            "vérifiez qu'il s'agit bien d'un export de relevé."
        )
    currencies = [c for c in range(width) if share(_ISO_CURRENCY.fullmatch, c) == 1.0]
    texts = [c for c in range(width) if c not in dates + amounts + currencies]
    label = max(texts, key=lambda c: _mean_length(data, c)) if texts else dates[0]
    header_at = first_data - 1
    return header_at, CsvColumns(
        date=dates[0],
        value_date=dates[1] if len(dates) > 1 else None,
        label=label,
        amount=amounts[0],
        currency=currencies[0] if currencies else None,
    )


def _first_data_row(rows, columns: CsvColumns) -> int:
    for index, (_, cells) in enumerate(rows[:_SCAN_ROWS]):
        if columns.date < len(cells) and _is_date(cells[columns.date]):
            return index
    raise StatementError("aucune ligne de ce CSV n'a de date dans la colonne choisie.")


def _has_date(cells: list[str]) -> bool:
    return any(_is_date(cell) for cell in cells) and any(
        _is_amount(cell) and _has_decimals(cell) for cell in cells
    )


def _is_date(text: str) -> bool:
    try:
        return _parse_date(text, day_first=True) is not None
    except ValueError:
        return False


def _is_amount(text: str) -> bool:
    try:
        amount_to_cents(text, "," if "," in text else ".")
        return True
    except ValueError:
        return False


def _has_decimals(text: str) -> bool:
    return bool(re.search(r"[.,]\d{1,2}\D*+$", text)) and not _is_date(text)


def _mean_length(data, column: int) -> float:
    values = [cells[column] for cells in data if column < len(cells)]
    return sum(len(value) for value in values) / len(values) if values else 0.0


def _parse_date(text: str, day_first: bool) -> date | None:
    text = text.strip()
    if match := _ISO_DATE.match(text):
        return date(int(match[1]), int(match[2]), int(match[3]))
    if match := _NUMERIC_DATE.match(text):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        year = century(year) if len(match[3]) == 2 else year
        day, month = (first, second) if day_first else (second, first)
        return date(year, month, day)
    if match := _NAMED_DATE.match(text):
        month = words.MONTHS.get(normalise_header(match[2]))
        if month is None:
            return None
        year = int(match[3]) if len(match[3]) == 4 else century(int(match[3]))
        return date(year, month, int(match[1]))
    if match := _COMPACT_DATE.match(text):
        return date(int(match[1]), int(match[2]), int(match[3]))
    return None


class _Lines:
    """Reads the data rows with one mapping, column by column: the distinct dates, statuses
    and directions of an export are read once each, and a column of plain amounts is
    checked by one regular expression, then converted in bulk."""

    def __init__(self, rows, columns: CsvColumns) -> None:
        self.rows, self.columns = rows, columns
        self.lines: list[StatementLine] = []
        self.pending = 0
        self.currencies: set[str] = set()
        self.decimal = {
            c: _decimal_separator(rows, c)
            for c in (columns.amount, columns.debit, columns.credit)
            if c is not None
        }
        self.day_first = _day_first(
            rows, [c for c in (columns.date, columns.value_date) if c is not None]
        )
        # The first unreadable cell as (row, order within the row, message): the file's
        # first problem is reported, as a row-by-row reading would find it.
        self.problem: tuple[int, int, str] | None = None

    @property
    def currency(self) -> str | None:
        if len(self.currencies) > 1:
            listed = ", ".join(sorted(self.currencies))
            raise StatementError(f"ce relevé mélange plusieurs devises ({listed}).")
        return next(iter(self.currencies), None)

    def read(self) -> _Lines:
        c = self.columns
        numbers, rows = self._booked_rows()
        column = partial(_column, rows)
        booked = _days(column(c.date), self.day_first)
        if None in booked:
            at = booked.index(None)
            self._problem(at, 0, f"date illisible « {rows[at][c.date]} ».")
        cents, plain = self._amounts(rows)
        if self.problem is not None:
            at, _, message = self.problem
            raise StatementError(message, numbers[at])
        labels = [clean_text(text) for text in column(c.label)]
        parties = [None] * len(rows)
        if c.counterparty is not None:
            parties = [clean_text(text) or None for text in column(c.counterparty)]
            labels = [
                (f"{label} {party}".strip() if label else party)
                if party and party not in label
                else label
                for label, party in zip(labels, parties, strict=True)
            ]
        codes = [text.upper() for text in column(c.currency)]
        if not plain:  # a currency symbol next to an amount names the currency
            money = [i for i in (c.amount, c.debit, c.credit) if i is not None]
            codes = [
                code or currency_of("".join(cells[i] for i in money)) or ""
                for code, cells in zip(codes, rows, strict=True)
            ]
        self.currencies = set(codes) - {""}
        self.lines = list(
            map(
                StatementLine,
                booked,
                cents,
                [label or "(sans libellé)" for label in labels],
                _days(column(c.value_date), self.day_first),
                parties,
                [text or None for text in column(c.external_id)],
            )
        )
        check_lines(self.lines, numbers.__getitem__)
        return self

    def _booked_rows(self) -> tuple[list[int], list[list[str]]]:
        """Line numbers and cells (padded to the columns used) of the booked lines: without
        summary or blank rows, rejected or pending operations (those are counted)."""
        c = self.columns
        width = max(c.as_dict().values()) + 1
        money = [i for i in (c.amount, c.debit, c.credit) if i is not None]
        kept = self.rows
        if any(len(cells) < width for _, cells in kept):  # the missing cells are empty
            kept = [(n, cells + [""] * (width - len(cells))) for n, cells in kept]
        date = c.date
        kept = [row for row in kept if row[1][date] or any(row[1][i] for i in money)]
        if c.status is not None:
            status = _distinct(normalise_header, [cells[c.status] for _, cells in kept])
            kept = [row for row in kept if status[row[1][c.status]] not in words.NOT_BOOKED]
            booked = [row for row in kept if status[row[1][c.status]] not in words.PENDING]
            self.pending += len(kept) - len(booked)
            kept = booked
        pending = _distinct(
            lambda when: when[:1].isalpha() and normalise_header(when) in words.PENDING,
            [cells[date] for _, cells in kept],
        )
        if any(pending.values()):
            booked = [row for row in kept if not pending[row[1][date]]]
            self.pending += len(kept) - len(booked)
            kept = booked
        return [n for n, _ in kept], [cells for _, cells in kept]

    def _amounts(self, rows: list[list[str]]) -> tuple[list[int], bool]:
        """Signed cents per row, and whether every amount was plain digits (no symbol)."""
        c = self.columns
        if c.amount is not None:
            cents, plain = self._cents(rows, c.amount, order=1)
            if None in cents:
                self._problem(cents.index(None), 1, "montant illisible : montant vide.")
            if c.direction is not None and self.problem is None:
                direction = _distinct(normalise_header, _column(rows, c.direction))
                cents = [
                    -abs(value)
                    if direction[cells[c.direction]] in words.DEBIT_WORDS
                    else abs(value)
                    if direction[cells[c.direction]] in words.CREDIT_WORDS
                    else value
                    for value, cells in zip(cents, rows, strict=True)
                ]
            return cents, plain
        credits, credits_plain = self._cents(rows, c.credit, order=2)
        debits, debits_plain = self._cents(rows, c.debit, order=3)
        cents = [
            (abs(credit) if credit else 0) - (abs(debit) if debit else 0)
            for credit, debit in zip(credits, debits, strict=True)
        ]
        empty = next(
            (at for at, cells in enumerate(rows) if not cells[c.debit] + cells[c.credit]), None
        )
        if empty is not None:
            self._problem(empty, 1, "montant illisible : ni débit ni crédit.")
        return cents, credits_plain and debits_plain

    def _cents(self, rows, column: int, order: int) -> tuple[list[int | None], bool]:
        """A column's amounts (None where empty or unreadable), and whether all were plain."""
        separator = self.decimal[column]
        texts = _column(rows, column)
        if _PLAIN_AMOUNTS[separator].fullmatch("\n".join(texts)):
            return [int(text.replace(separator, "")) if text else None for text in texts], True
        cents = []
        for at, text in enumerate(texts):
            try:
                cents.append(amount_to_cents(text, separator) if text else None)
            except ValueError as error:
                self._problem(at, order, f"montant illisible : {error}.")
                cents.extend([None] * (len(texts) - at))
                break
        return cents, False

    def _problem(self, row: int, order: int, message: str) -> None:
        if self.problem is None or (row, order) < self.problem[:2]:
            self.problem = (row, order, message)


# A column of amounts with exactly two decimals, or empty cells: converted without parsing.
_PLAIN_AMOUNTS = {
    separator: re.compile(
        rf"(?:-?\d{{1,15}}\{separator}\d\d)?(?:\n(?:-?\d{{1,15}}\{separator}\d\d)?)*+"
    )
    for separator in ",."
}


def _column(rows: list[list[str]], column: int | None) -> list[str]:
    """A column's cells; empty cells for a role the file does not have."""
    return [""] * len(rows) if column is None else [cells[column] for cells in rows]


def _distinct(function, values: list[str]) -> dict:
    """`function` of each distinct value, computed once."""
    return {value: function(value) for value in set(values)}


def _days(texts: list[str], day_first: bool) -> list[date | None]:
    parsed = _distinct(lambda text: _safe_date(text, day_first), texts)
    return [parsed[text] for text in texts]


def _decimal_separator(rows, column: int) -> str:
    """',' or '.', decided by the whole column: "1.234" alone is French for a thousand."""
    votes = Counter()
    for _, cells in rows[:500]:
        text = cells[column].strip() if column < len(cells) else ""
        if "," in text and "." in text:
            votes["," if text.rfind(",") > text.rfind(".") else "."] += 1
        elif re.search(r",\d{1,2}\D*+$", text):
            votes[","] += 1
        elif re.search(r"\.\d{1,2}\D*+$", text):
            votes["."] += 1
    return "." if votes["."] > votes[","] else ","


def _day_first(rows, columns: list[int]) -> bool:
    """French order unless a value proves month-first (a second number above 12)."""
    for _, cells in rows[:2000]:
        for column in columns:
            match = _NUMERIC_DATE.match(cells[column]) if column < len(cells) else None
            if match and int(match[1]) > 12:
                return True
            if match and int(match[2]) > 12:
                return False
    return True


def _safe_date(text: str, day_first: bool) -> date | None:
    try:
        return _parse_date(text, day_first) if text else None
    except ValueError:
        return None
