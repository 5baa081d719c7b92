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
from functools import lru_cache

from . import csv_words as words
from .model import AccountIdentity, CsvColumns, ParsedFile, Statement, StatementError, StatementLine
from .numbers import amount_to_cents, century, clean_text, currency_of, decode_text

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
    rows = _rows(decode_text(data))
    if not rows:
        raise StatementError("le fichier CSV est vide.")
    if columns is not None:
        header_at, layout = _first_data_row(rows, columns) - 1, "colonnes confirmées"
    else:
        header_at, columns, layout = _recognise(rows)
    headers = [clean_text(cell) for cell in rows[header_at][1]] if header_at >= 0 else None
    parsed = _Lines(rows[header_at + 1 :], columns).read()
    notes = []
    if parsed.pending:
        notes.append(
            f"{parsed.pending} opération(s) « en attente » ignorée(s) : pas encore passées."
        )
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
            cells = [cell.strip() for cell in cells]
            while cells and not cells[-1]:  # trailing separators
                cells.pop()
            if cells:
                rows.append((reader.line_num, cells))
    except csv.Error as error:
        raise StatementError(f"CSV illisible : {error}.", reader.line_num) from error
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
    return bool(re.search(r"[.,]\d{1,2}\D*$", text)) and not _is_date(text)


def _mean_length(data, column: int) -> float:
    values = [cells[column] for cells in data if column < len(cells)]
    return sum(len(value) for value in values) / len(values) if values else 0.0


@lru_cache(maxsize=8192)
def _parse_date(text: str, day_first: bool) -> date | None:
    """Cached: an export repeats the same few hundred dates."""
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
    """Reads the data rows with one mapping; decimal separator and date order per column."""

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

    @property
    def currency(self) -> str | None:
        if len(self.currencies) > 1:
            listed = ", ".join(sorted(self.currencies))
            raise StatementError(f"ce relevé mélange plusieurs devises ({listed}).")
        return next(iter(self.currencies), None)

    def read(self) -> _Lines:
        # Rows padded to the widest column used, plus one always-empty cell for the roles
        # the file does not have: plain indexing in the loop below.
        self.empty = max(self.columns.as_dict().values()) + 1
        padding = [""] * (self.empty + 1)
        for number, cells in self.rows:
            self._row(number, (cells[: self.empty] + padding)[: self.empty + 1])
        return self

    def cell(self, cells: list[str], column: int | None) -> str:
        return cells[self.empty if column is None else column]

    def _row(self, number: int, cells: list[str]) -> None:
        columns = self.columns
        when = cells[columns.date]
        money = [self.cell(cells, c) for c in (columns.amount, columns.debit, columns.credit)]
        if not when and not any(money):
            return  # summary, preamble or blank row
        if columns.status is not None:
            status = normalise_header(cells[columns.status])
            if status in words.NOT_BOOKED:
                return
            if status in words.PENDING:
                self.pending += 1
                return
        if when[:1].isalpha() and normalise_header(when) in words.PENDING:
            self.pending += 1
            return
        try:
            booked_on = _parse_date(when, self.day_first)
        except ValueError:
            booked_on = None
        if booked_on is None:
            raise StatementError(f"date illisible « {when} ».", number)
        cents = self._amount(number, cells)
        value_text = self.cell(cells, columns.value_date)
        label = clean_text(self.cell(cells, columns.label))
        party = clean_text(self.cell(cells, columns.counterparty)) or None
        if party and party not in label:
            label = f"{label} {party}".strip() if label else party
        currency = self.cell(cells, columns.currency).upper() or currency_of("".join(money))
        if currency:
            self.currencies.add(currency)
        self.lines.append(
            StatementLine(
                booked_on=booked_on,
                amount_cents=cents,
                label=label or "(sans libellé)",
                value_on=_safe_date(value_text, self.day_first),
                counterparty=party,
                external_id=self.cell(cells, columns.external_id) or None,
            )
        )

    def _amount(self, number: int, cells: list[str]) -> int:
        columns = self.columns
        try:
            if columns.amount is not None:
                text = self.cell(cells, columns.amount)
                if not text:
                    raise ValueError("montant vide")
                cents = amount_to_cents(text, self.decimal[columns.amount])
                direction = ""
                if columns.direction is not None:
                    direction = normalise_header(self.cell(cells, columns.direction))
                if direction in words.DEBIT_WORDS:
                    cents = -abs(cents)
                elif direction in words.CREDIT_WORDS:
                    cents = abs(cents)
                return cents
            debit = self.cell(cells, columns.debit)
            credit = self.cell(cells, columns.credit)
            if not debit and not credit:
                raise ValueError("ni débit ni crédit")
            total = abs(amount_to_cents(credit, self.decimal[columns.credit])) if credit else 0
            if debit:
                total -= abs(amount_to_cents(debit, self.decimal[columns.debit]))
            return total
        except ValueError as error:
            raise StatementError(f"montant illisible : {error}.", number) from error


def _decimal_separator(rows, column: int) -> str:
    """',' or '.', decided by the whole column: "1.234" alone is French for a thousand."""
    votes = Counter()
    for _, cells in rows[:500]:
        text = cells[column].strip() if column < len(cells) else ""
        if "," in text and "." in text:
            votes["," if text.rfind(",") > text.rfind(".") else "."] += 1
        elif re.search(r",\d{1,2}\D*$", text):
            votes[","] += 1
        elif re.search(r"\.\d{1,2}\D*$", text):
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
