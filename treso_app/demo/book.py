"""What a demo kind builds: plain records of a company's life (no database here), each bank
line keeping its truth — its category, the documents it settles, the recurring flow it
belongs to — so that what the bookkeeping steps find can be measured against it."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from treso_app.domain.calendar import add_months, next_working_day
from treso_app.domain.recurrence import MONTHS_BETWEEN, Recurrence, occurrences

MONTH_NAMES = ("JANV", "FEVR", "MARS", "AVRIL", "MAI", "JUIN", "JUIL", "AOUT", "SEPT", "OCT",
               "NOV", "DEC")  # fmt: skip


@dataclass
class Line:
    account: str  # an Account.key of the profile
    booked_on: date
    amount_cents: int
    label: str
    category: str  # a name of domain/categories.Default
    counterparty: str | None = None
    invoice: str | None = None  # number of the invoice this line pays (all of the line)
    bill: str | None = None  # number of the bill this line pays
    recurring: str | None = None  # key of the RecurringFlow this line belongs to
    # A grouped transfer: (invoice number, cents) of each invoice it settles.
    grouped: tuple[tuple[str, int], ...] = ()

    def invoice_parts(self) -> tuple[tuple[str, int], ...]:
        """(invoice number, cents) this line settles."""
        if self.grouped:
            return self.grouped
        return ((self.invoice, abs(self.amount_cents)),) if self.invoice else ()


@dataclass
class InvoiceRecord:
    number: str
    client: str
    issued_on: date
    due_on: date
    ht_cents: int
    tva_cents: int
    description: str
    payments: list[tuple[date, int]] = field(default_factory=list)

    @property
    def ttc_cents(self) -> int:
        return self.ht_cents + self.tva_cents

    @property
    def paid_cents(self) -> int:
        return sum(amount for _, amount in self.payments)


@dataclass
class BillRecord:
    number: str
    supplier: str
    issued_on: date
    due_on: date
    ttc_cents: int
    paid_on: date | None


@dataclass(frozen=True)
class RecurringFlow:
    """A flow the company really has on a schedule (what detection should find): its latest
    amount, its period and its day (domain/recurrence: jour 0 = last working day)."""

    key: str
    label: str  # its latest bank label
    account: str
    amount_cents: int  # signed, the latest occurrence
    frequency: str  # hebdomadaire / mensuel / trimestriel / annuel
    day: int
    category: str
    day_rule: str = "jour"
    # How far an estimate of its amount may be from the latest and still be right; None: its
    # amount follows the activity (VAT, commissions, dividends) and an estimate is right
    # within the range of its latest six amounts.
    tolerance_pct: int | None = 2
    last_on: date | None = None  # its latest line
    recent_cents: tuple[int, ...] = ()  # its latest six amounts, oldest first

    def next_period(self) -> date:
        """When the period after its latest line starts (its schedule from there on)."""
        if self.frequency == "hebdomadaire":
            return self.last_on + timedelta(days=1)
        return add_months(self.last_on.replace(day=1), MONTHS_BETWEEN[self.frequency])


@dataclass(frozen=True)
class Account:
    key: str
    name: str
    bank: str
    iban: str
    bic: str


@dataclass(frozen=True)
class Party:
    """A client or a supplier as the company's files name it."""

    name: str
    terms: str
    email: str | None = None
    siren: str | None = None
    iban: str | None = None
    pro: bool = True


@dataclass(frozen=True)
class Profile:
    name: str
    siren: str
    address: str
    threshold_cents: int
    owner_name: str
    owner_email: str
    accounts: tuple[Account, ...]
    clients: tuple[Party, ...]
    suppliers: tuple[Party, ...]
    # (client, label, HT cents, VAT bp, days ago, status): quotes in progress.
    quotes: tuple[tuple[str, str, int, int, int, str], ...] = ()


@dataclass
class DemoBook:
    today: date
    start: date
    invoices: list[InvoiceRecord]
    bills: list[BillRecord]
    lines: list[Line]
    opening_cents: dict[str, int]
    kind: str = "plombier"
    profile: Profile | None = None
    # The true recurring flows; the loaded demo declares them (RecurringItem rows).
    flows: list[RecurringFlow] = field(default_factory=list)


def bank_name(name: str) -> str:
    """Banks print payer names in upper-case ASCII: « Hôtel du Parc » → « HOTEL DU PARC »."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ascii_name.upper().replace("'", " ")


def days_of_month(first: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((add_months(first, 1) - first).days)]


def months(start: date, today: date):
    """First days of the months from start's to today's."""
    month = start.replace(day=1)
    while month <= today:
        yield month
        month = add_months(month, 1)


def opening_for(lines: list[Line], account: str, lowest_cents: int) -> int:
    """The opening balance that makes the account's tightest day `lowest_cents`."""
    running = lowest = 0
    for line in sorted(lines, key=lambda line: line.booked_on):
        if line.account == account:
            running += line.amount_cents
            lowest = min(lowest, running)
    return lowest_cents - lowest


@dataclass(frozen=True)
class Charge:
    """A charge on a schedule: its occurrences become lines and its truth a RecurringFlow.
    `amounts` gives the amount of an occurrence (a rent indexed each January, an energy bill
    higher in winter); `first_month` places quarterly and yearly ones."""

    key: str
    label: str
    amount_cents: int  # signed
    frequency: str
    day: int  # domain/recurrence: 0 = last working day, else next working day from it
    category: str
    account: str = "main"
    first_month: int = 1
    tolerance_pct: int | None = 2
    day_rule: str = "jour"

    def recurrence(self, start: date) -> Recurrence:
        first = date(start.year, self.first_month, 1)
        while first > start:
            first = add_months(first, -12)
        return Recurrence(
            self.label, self.amount_cents, self.frequency, self.day, first, category=self.category
        )


def charge_lines(
    charge: Charge, start: date, today: date, rng: random.Random | None = None, vary=None
) -> list[Line]:
    """The charge's lines up to yesterday; `vary(day, cents, rng)` changes an amount."""
    lines = []
    for on in occurrences(charge.recurrence(start), start, today - timedelta(days=1)):
        amount = vary(on, charge.amount_cents, rng) if vary else charge.amount_cents
        label = charge.label.replace("{MOIS}", MONTH_NAMES[on.month - 1]).replace(
            "{JJMM}", f"{on:%d/%m}"
        )
        lines.append(Line(charge.account, on, amount, label, charge.category, recurring=charge.key))
    return lines


def flows_of(charges, lines: list[Line]) -> list[RecurringFlow]:
    """The truth of each charge that ran: its latest line's label, date and amount."""
    series: dict[str, list[Line]] = {}
    for line in sorted(lines, key=lambda line: line.booked_on):
        if line.recurring:
            series.setdefault(line.recurring, []).append(line)
    return [
        RecurringFlow(
            c.key,
            series[c.key][-1].label,
            c.account,
            series[c.key][-1].amount_cents,
            c.frequency,
            c.day,
            c.category,
            c.day_rule,
            c.tolerance_pct,
            series[c.key][-1].booked_on,
            tuple(line.amount_cents for line in series[c.key][-6:]),
        )
        for c in charges
        if c.key in series
    ]


def working_day(year: int, month: int, day: int) -> date:
    """The `day` of that month (clamped to its end), moved to the next working day."""
    first = date(year, month, 1)
    last = (add_months(first, 1) - timedelta(days=1)).day
    return next_working_day(first.replace(day=min(day, last)))
