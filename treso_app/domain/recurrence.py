"""Occurrences of a recurring item (salaires, URSSAF, loyer…) between two dates.

How `day` reads depends on `day_rule` (DayRule):
- jour: the day of the month (clamped to the month's end), moved to the next French working
  day — a company orders a payment on a working day; `day == 0` is the last working day of
  the month (payroll).
- jour_ouvré: the n-th bank day (TARGET2) of the month — a direct debit « le 3e jour ouvré ».
- jour_semaine: a weekday, 0 = Monday (weekly items), moved to the next working day.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from .calendar import (
    add_months,
    end_of_month,
    is_bank_day,
    last_working_day_of_month,
    next_working_day,
)


class DayRule(StrEnum):
    DAY_OF_MONTH = "jour"
    NTH_BANK_DAY = "jour_ouvré"
    WEEKDAY = "jour_semaine"


class RecurringStatus(StrEnum):
    CONFIRMED = "confirmé"  # declared, or confirmed by the owner: the forecast uses it
    DETECTED = "détecté"  # found in the bank history, waiting for the owner
    IGNORED = "ignoré"  # dismissed: never proposed again


class Frequency(StrEnum):
    WEEKLY = "hebdomadaire"
    MONTHLY = "mensuel"
    QUARTERLY = "trimestriel"
    HALF_YEARLY = "semestriel"
    YEARLY = "annuel"


MONTHS_BETWEEN = {"mensuel": 1, "trimestriel": 3, "semestriel": 6, "annuel": 12}
LAST_WORKING_DAY = 0
# The bounds of `day` for each rule (an owner's edit is checked against them).
DAY_BOUNDS = {DayRule.DAY_OF_MONTH: (0, 31), DayRule.NTH_BANK_DAY: (1, 23), DayRule.WEEKDAY: (0, 6)}


@dataclass(frozen=True)
class Recurrence:
    label: str
    amount_cents: int
    frequency: str
    day: int
    start_on: date
    end_on: date | None = None
    category: str | None = None
    day_rule: str = DayRule.DAY_OF_MONTH


def occurrences(item: Recurrence, start: date, end: date) -> Iterator[date]:
    """Dates within [start, end] on which the item falls, already moved to working days."""
    last = min(end, item.end_on) if item.end_on else end
    first = max(start, item.start_on)
    if item.frequency == Frequency.WEEKLY:
        yield from _weekly(item, first, last)
        return
    step = MONTHS_BETWEEN[item.frequency]
    month = item.start_on.replace(day=1)
    while month <= last:
        when = day_in_month(month, item.day_rule, item.day)
        if first <= when <= last:
            yield when
        month = add_months(month, step)


def _weekly(item: Recurrence, first: date, last: date) -> Iterator[date]:
    # From the weekday on or before the item's start (a start moved by a holiday still holds
    # its own week), every 7 days; a holiday moves a date forward.
    day = item.start_on - timedelta(days=(item.start_on.weekday() - item.day) % 7)
    while day <= last:
        when = next_working_day(day)
        if first <= when <= last:
            yield when
        day += timedelta(days=7)


def day_in_month(first: date, day_rule: str, day: int) -> date:
    """The day an item of that rule falls on in the month starting `first`."""
    if day_rule == DayRule.NTH_BANK_DAY:
        return nth_bank_day(first, day)
    if day == LAST_WORKING_DAY:
        return last_working_day_of_month(first.year, first.month)
    return next_working_day(first.replace(day=min(day, end_of_month(first).day)))


def nth_bank_day(first: date, n: int) -> date:
    """The n-th TARGET2 day of the month starting `first` (its last one when n is too large)."""
    day, seen, found = first, 0, first
    while day.month == first.month:
        if is_bank_day(day):
            seen, found = seen + 1, day
            if seen == n:
                break
        day += timedelta(days=1)
    return found
