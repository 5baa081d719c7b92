"""When to pay suppliers: as late as the due date allows, never under the alert threshold.

Paying a bill on day d lowers the balance of every day from d on, so a later day is never
worse: each bill is proposed on the last bank day on or before its due date (TARGET2: the
transfer must settle), and when even that day takes the forecast under the threshold, the
bill is reported as a conflict with the amount missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from statistics import median

from .calendar import is_bank_day, next_bank_day

HABIT_MIN_PAID = 3  # bills paid to a supplier before its habit is trusted


class BillStatus(StrEnum):
    """Where a supplier bill stands; « virement émis »: in a transfer file handed to the bank,
    counted on its execution date until the payment is recorded."""

    A_PAYER = "à_payer"
    PROGRAMMEE = "programmée"
    VIREMENT_EMIS = "virement_émis"
    PAYEE = "payée"


@dataclass(frozen=True)
class OpenBill:
    key: int
    label: str
    amount_cents: int  # still to pay, positive
    due_on: date
    planned_on: date  # the day the forecast counts it today (scheduled, else due)


@dataclass(frozen=True)
class Proposal:
    key: int
    label: str
    amount_cents: int
    due_on: date
    proposed_on: date
    lowest_cents: int  # the lowest forecast balance from that day on, once paid
    shortfall_cents: int  # how far under the threshold it goes (0 = fine)


def last_bank_day_by(due_on: date, today: date) -> date:
    """The last bank day on or before `due_on`; a late bill is paid at the first possible day."""
    if due_on < today:
        return next_bank_day(today)
    day = due_on
    while not is_bank_day(day) and day > today:
        day -= timedelta(days=1)
    return day if is_bank_day(day) else next_bank_day(today)


def execution_date(scheduled_on: date | None, due_on: date, today: date) -> date:
    """The day a SEPA transfer asks the bank to pay a bill (`ReqdExctnDt`, TARGET2 calendar):
    its scheduled day (moved to the next bank day, as the forecast counts it), else the last bank
    day by its due date; never a past day — a past one becomes the next bank day from today."""
    if scheduled_on is None:
        return last_bank_day_by(due_on, today)
    return next_bank_day(max(scheduled_on, today))


def planned_payment(
    scheduled_on: date | None, due_on: date, today: date, habit: Sequence[int] = ()
) -> date:
    """The day the forecast counts a bill. Scheduled: its execution date. Else, once the
    company has paid this supplier `HABIT_MIN_PAID` times, as it usually does — the median of
    its days after the due date, on the next bank day (many pay a bill due on a Sunday on the
    Monday, some a few days late); else its execution date. Never a past day."""
    if scheduled_on is not None or len(habit) < HABIT_MIN_PAID:
        return execution_date(scheduled_on, due_on, today)
    return next_bank_day(max(due_on + timedelta(days=round(median(habit))), today))


def propose_dates(
    balances: Sequence[tuple[date, int]], bills: Sequence[OpenBill], threshold_cents: int,
    today: date,
) -> list[Proposal]:  # fmt: skip
    """`balances`: the realistic end-of-day forecast from today, every bill at `planned_on`."""
    days = [day for day, _ in balances]
    base = [cents for _, cents in balances]
    for bill in bills:  # the forecast without any of these bills
        for index, day in enumerate(days):
            if day >= bill.planned_on:
                base[index] += bill.amount_cents
    proposals = []
    for bill in sorted(bills, key=lambda b: (b.due_on, -b.amount_cents)):
        on = last_bank_day_by(bill.due_on, today)
        for index, day in enumerate(days):
            if day >= on:
                base[index] -= bill.amount_cents
        after = [cents for day, cents in zip(days, base, strict=True) if day >= on]
        lowest = min(after) if after else (base[-1] if base else 0)
        proposals.append(
            Proposal(
                bill.key,
                bill.label,
                bill.amount_cents,
                bill.due_on,
                on,
                lowest,
                max(0, threshold_cents - lowest),
            )
        )
    return proposals
