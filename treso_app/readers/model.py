"""What every reader returns: neutral statement records, whatever the file format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import NamedTuple, SupportsInt

from treso_app.domain.bounds import TextLimit, check_amount, check_date, check_text
from treso_app.domain.errors import TresoError, ValidationError


class StatementError(TresoError):
    """A file that cannot be imported; `message` names the file's problem in French."""

    def __init__(self, message: str, line: int | None = None, detail: str = "") -> None:
        if line is not None:
            message = f"ligne {line} : {message}"
        super().__init__(message, detail)
        self.line = line


class StatementLine(NamedTuple):
    """One bank line. A named tuple: a reader makes one per line, 100,000 for a big
    statement, and a tuple is built in a third of a frozen dataclass's time."""

    booked_on: date
    amount_cents: int  # inflow > 0, outflow < 0
    label: str
    value_on: date | None = None
    counterparty: str | None = None
    external_id: str | None = None  # the bank's own id (FITID, AcctSvcrRef…) when it gives one


def check_lines(lines: list[StatementLine], line_of: Callable[[int], int | None]) -> None:
    """Every line's amount, dates and label within domain/bounds, or a `StatementError`
    naming the first line outside them (`line_of(index)`: its line in the file). The
    bounds are tried on the extremes first, a few C-speed passes over 100,000 lines: only
    a file outside them is searched line by line, for the message."""
    if not lines:
        return
    try:
        _check_extremes(lines)
    except ValidationError:
        for index, line in enumerate(lines):
            try:
                _check_line(line)
            except ValidationError as error:
                raise out_of_bounds(error, line_of(index)) from error
        raise


def check_balance(balance: Balance, line: SupportsInt | None) -> Balance:
    """`line` is worked out (`int(line)`) only if the balance is out of bounds."""
    try:
        check_amount(balance.cents, "le solde", "amount")
        check_date(balance.on, "la date du solde", "date")
    except ValidationError as error:
        raise out_of_bounds(error, None if line is None else int(line)) from error
    return balance


def out_of_bounds(error: ValidationError, line: int | None) -> StatementError:
    """Bounds' French message under what it is about: « ligne 3 : montant hors limites. … »."""
    return StatementError(f"{_OUT_OF_BOUNDS[error.field]} hors limites. {error.message}", line)


_OUT_OF_BOUNDS = {"amount": "montant", "date": "date", "label": "texte"}


def _check_extremes(lines: list[StatementLine]) -> None:
    amounts = list(map(itemgetter(1), lines))
    for cents in (min(amounts), max(amounts)):
        check_amount(cents, "le montant", "amount")
    for days in (list(map(itemgetter(0), lines)), list(filter(None, map(itemgetter(3), lines)))):
        for day in (min(days), max(days)) if days else ():
            check_date(day, "la date", "date")
    for field_index in (2, 4, 5):  # label, counterparty, external id
        texts = filter(None, map(itemgetter(field_index), lines))
        check_text(max(texts, key=len, default=""), TextLimit.LABEL, "", "label")


def _check_line(line: StatementLine) -> None:
    check_amount(line.amount_cents, "le montant", "amount")
    check_date(line.booked_on, "la date de l'opération", "date")
    if line.value_on is not None:
        check_date(line.value_on, "la date de valeur", "date")
    check_text(line.label, TextLimit.LABEL, "le libellé", "label")
    check_text(line.counterparty or "", TextLimit.LABEL, "le nom du tiers", "label")
    check_text(line.external_id or "", TextLimit.LABEL, "l'identifiant de l'opération", "label")


@dataclass(frozen=True, slots=True)
class AccountIdentity:
    """How the file names the account: an IBAN when it can be known, else the bank's own id."""

    iban: str | None = None
    number: str | None = None  # e.g. "30002 00550 0000157845Z" or an OFX ACCTID
    bic: str | None = None

    @property
    def is_known(self) -> bool:
        return bool(self.iban or self.number)


@dataclass(frozen=True, slots=True)
class Balance:
    cents: int
    on: date


@dataclass
class Statement:
    account: AccountIdentity
    currency: str | None = None  # ISO 4217; None when the file does not say
    lines: list[StatementLine] = field(default_factory=list)
    opening: Balance | None = None
    closing: Balance | None = None


@dataclass(frozen=True)
class CsvColumns:
    """Which column (0-based) holds what in a CSV export; remembered per account once confirmed."""

    date: int
    label: int
    amount: int | None = None
    debit: int | None = None
    credit: int | None = None
    value_date: int | None = None
    counterparty: int | None = None
    currency: int | None = None
    external_id: int | None = None
    direction: int | None = None  # "debit"/"credit" column for unsigned amounts
    status: int | None = None  # "completed" / "pending" / "reverted": only booked rows count

    def as_dict(self) -> dict[str, int]:
        return {key: value for key, value in self.__dict__.items() if value is not None}

    @classmethod
    def from_dict(cls, data: dict) -> CsvColumns:
        return cls(**{key: int(value) for key, value in data.items() if value is not None})


@dataclass
class ParsedFile:
    format: str  # "OFX", "CAMT.053", "CFONB 120", "CSV"
    statements: list[Statement]
    notes: list[str] = field(default_factory=list)  # things the owner should know, in French
    layout: str | None = None  # for CSV: the recognised bank layout, or None when guessed
    headers: list[str] | None = None  # for CSV: the header row, to confirm a guessed mapping
    columns: CsvColumns | None = None  # for CSV: the mapping used (or guessed)

    @property
    def line_count(self) -> int:
        return sum(len(statement.lines) for statement in self.statements)

    @property
    def needs_confirmation(self) -> bool:
        """A CSV whose columns were guessed is not imported before the owner confirms them."""
        return self.format == "CSV" and self.layout is None
