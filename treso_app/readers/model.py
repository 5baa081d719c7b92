"""What every reader returns: neutral statement records, whatever the file format."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from treso_app.domain.errors import TresoError


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
