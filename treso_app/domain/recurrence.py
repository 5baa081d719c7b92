"""Occurrences of a recurring item (salaires, URSSAF, loyer…) between two dates.

Dates are moved with the French working-day calendar: a company orders a payment on a working
day; `day == 0` means the last working day of the month (payroll).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from .calendar import add_months, end_of_month, last_working_day_of_month, next_working_day

MONTHS_BETWEEN = {"mensuel": 1, "trimestriel": 3, "semestriel": 6, "annuel": 12}
LAST_WORKING_DAY = 0


@dataclass(frozen=True)
class Recurrence:
    label: str
    amount_cents: int
    frequency: str
    day: int
    start_on: date
    end_on: date | None = None
    category: str | None = None


def occurrences(item: Recurrence, start: date, end: date) -> Iterator[date]:
    """Dates within [start, end] on which the item falls, already moved to working days."""
    step = MONTHS_BETWEEN[item.frequency]
    last = min(end, item.end_on) if item.end_on else end
    month = item.start_on.replace(day=1)
    while month <= last:
        when = _day_in_month(month, item.day)
        if max(start, item.start_on) <= when <= last:
            yield when
        month = add_months(month, step)


def _day_in_month(first: date, day: int) -> date:
    if day == LAST_WORKING_DAY:
        return last_working_day_of_month(first.year, first.month)
    return next_working_day(first.replace(day=min(day, end_of_month(first).day)))
