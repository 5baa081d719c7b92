"""Business days, two calendars.

- Bank days (`is_bank_day`): money moves between banks on TARGET2 days — weekends and the ECB
  closing days (1 Jan, Good Friday, Easter Monday, 1 May, 25–26 Dec). Expected payments use it.
- Working days (`is_working_day`): people act (issue invoices, run payroll) on French working
  days — weekends and French public holidays (metropolitan France).
"""

from __future__ import annotations

import calendar as _cal
import os
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

PARIS = ZoneInfo("Europe/Paris")


def today_paris() -> date:
    """Today's date in Europe/Paris, whatever the server's time zone: the app's one clock.

    TRESO_TODAY=YYYY-MM-DD pins it (a testing and demo aid: the suite runs on chosen days,
    a demo shows the same figures every day)."""
    pinned = os.environ.get("TRESO_TODAY", "").strip()
    if pinned:
        try:
            return date.fromisoformat(pinned)
        except ValueError:
            raise ValueError(f"TRESO_TODAY={pinned!r}: expected YYYY-MM-DD") from None
    return datetime.now(PARIS).date()


@cache
def _target2_closed(year: int) -> frozenset[date]:
    return frozenset(holidays.financial_holidays("XECB", years=year))


@cache
def _french_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("FR", years=year))


def is_bank_day(day: date) -> bool:
    """TARGET2 calendar: a day on which a SEPA transfer settles."""
    return day.weekday() < 5 and day not in _target2_closed(day.year)


def is_working_day(day: date) -> bool:
    """French working day: not a weekend, not a French public holiday."""
    return day.weekday() < 5 and day not in _french_holidays(day.year)


def next_bank_day(day: date) -> date:
    """The day itself if banks are open, else the next TARGET2 day."""
    while not is_bank_day(day):
        day += timedelta(days=1)
    return day


def previous_bank_day(day: date) -> date:
    """The last TARGET2 day strictly before `day` (Monday → Friday)."""
    day -= timedelta(days=1)
    while not is_bank_day(day):
        day -= timedelta(days=1)
    return day


def next_working_day(day: date) -> date:
    """The day itself if it is a French working day, else the next one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def previous_working_day(day: date) -> date:
    """The day itself if it is a French working day, else the one before."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def end_of_month(day: date) -> date:
    return day.replace(day=_cal.monthrange(day.year, day.month)[1])


def last_working_day_of_month(year: int, month: int) -> date:
    """Payroll day: salaries are paid on the last French working day of the month."""
    return previous_working_day(end_of_month(date(year, month, 1)))


def add_months(day: date, months: int) -> date:
    """Same day-of-month `months` later, clamped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, _cal.monthrange(year, month)[1]))
