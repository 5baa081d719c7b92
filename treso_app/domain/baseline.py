"""The baseline: the activity a business usually has, learned from its bank history, so a
forecast's sixth month is not empty (DESIGN.md §7).

For each category and direction (money in / money out), the typical amount of a calendar
month comes from the same month of past years (seasonality), scaled by the last year's
growth (trend). The forecast then adds only what is *not yet known* for that month: the
typical amount minus what is already booked this month and what open invoices, bills and
recurring items already bring — never both, so nothing is counted twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from .calendar import add_months, is_bank_day

TREND_LIMITS = (Fraction(4, 5), Fraction(5, 4))  # growth taken into account: -20 % to +25 %
IN, OUT = "encaissement", "décaissement"


@dataclass(frozen=True)
class PastFlow:
    """A booked bank line, reduced to what the baseline needs."""

    booked_on: date
    amount_cents: int  # inflow > 0, outflow < 0
    category: str  # internal transfers are left out by the caller


@dataclass(frozen=True)
class KnownFlow:
    """A future movement the forecast already knows (invoice, bill, recurring item)."""

    on: date
    amount_cents: int
    category: str


@dataclass(frozen=True)
class BaselineFlow:
    on: date
    amount_cents: int
    category: str
    spread: float = 0.0  # the month's usual variation (see `Baseline.spread`)


Key = tuple[str, str]  # (category, direction)
Month = tuple[int, int]  # (year, month)


def _direction(amount_cents: int) -> str:
    return IN if amount_cents > 0 else OUT


def _month(day: date) -> Month:
    return day.year, day.month


class Baseline:
    """Typical monthly amounts per category and direction, learned from the whole months
    before `as_of`'s. `since` is when the bank history starts (an account's opening day):
    a month it cuts in two does not teach; without it the first line's month counts."""

    def __init__(self, history: Iterable[PastFlow], as_of: date, since: date | None = None) -> None:
        self.as_of = as_of
        self.totals: dict[Key, dict[Month, int]] = defaultdict(lambda: defaultdict(int))
        current = _month(as_of)
        self.booked_this_month: dict[Key, int] = defaultdict(int)
        first: date | None = None
        for flow in history:
            if flow.booked_on > as_of or flow.amount_cents == 0:
                continue
            key = (flow.category, _direction(flow.amount_cents))
            if _month(flow.booked_on) == current:
                self.booked_this_month[key] += flow.amount_cents
                continue
            self.totals[key][_month(flow.booked_on)] += flow.amount_cents
            first = min(first, flow.booked_on) if first else flow.booked_on
        if since is not None:
            first = since if since.day == 1 else add_months(date(since.year, since.month, 1), 1)
        self.months = _months_between(first, as_of) if first and first <= as_of else []
        self.trend = self._trend()

    def _trend(self) -> Fraction:
        """Growth over a year, all activity together, bounded: each of the last 12 months
        against the same month a year earlier, when the history goes back that far."""
        known = set(self.months)
        pairs = [(m, (m[0] - 1, m[1])) for m in self.months[-12:] if (m[0] - 1, m[1]) in known]
        if len(pairs) < 6:
            return Fraction(1)

        def volume(months: Iterable[Month]) -> int:
            return sum(abs(by_month.get(m, 0)) for by_month in self.totals.values() for m in months)

        recent, older = volume(p[0] for p in pairs), volume(p[1] for p in pairs)
        if older == 0:
            return Fraction(1)
        low, high = TREND_LIMITS
        return min(max(Fraction(recent, older), low), high)

    def typical(self, key: Key, month: Month) -> int:
        """The typical amount (cents, signed) of `key` in a future calendar month."""
        by_month = self.totals.get(key, {})
        same_month = [m for m in self.months if m[1] == month[1]]
        if same_month:
            # The most recent years count; growth since the latest of them is applied.
            years = same_month[-2:]
            mean = Fraction(sum(by_month.get(m, 0) for m in years), len(years))
            return round(mean * self.trend)
        if not self.months:
            return 0
        recent = self.months[-12:]
        return round(Fraction(sum(by_month.get(m, 0) for m in recent), len(recent)))

    def spread(self, key: Key) -> float:
        """How much a month of `key` varies: standard deviation over mean of the learned
        monthly totals (0 when too few months to tell)."""
        by_month = self.totals.get(key, {})
        values = [abs(by_month.get(m, 0)) for m in self.months[-24:]]
        if len(values) < 3 or not any(values):
            return 0.0
        mean = sum(values) / len(values)
        variance = sum((v - mean) ** 2 for v in values) / (len(values) - 1)
        return min(variance**0.5 / mean, 1.0)

    def learned(self) -> list[Key]:
        return sorted(self.totals)


def baseline_flows(
    baseline: Baseline, horizon_end: date, known: Iterable[KnownFlow]
) -> list[BaselineFlow]:
    """What the usual activity adds between the day after `as_of` and `horizon_end`: per
    category, direction and month, the typical amount minus what is booked or known, spread
    evenly over the month's remaining bank days. A month already covered adds nothing."""
    start = baseline.as_of + timedelta(days=1)
    known_by: dict[tuple[str, str, Month], int] = defaultdict(int)
    for flow in known:
        if start <= flow.on <= horizon_end:
            key = (flow.category, _direction(flow.amount_cents), _month(flow.on))
            known_by[key] += flow.amount_cents
    current = _month(baseline.as_of)
    flows: list[BaselineFlow] = []
    for month in _months_between(start, horizon_end, include_last=True):
        days = _bank_days(month, start, horizon_end)
        if not days:
            continue
        # The month of `as_of` counts what is already booked; the horizon's last month
        # only expects the share of its bank days that the horizon covers.
        share = Fraction(1)
        if month != current:
            share = Fraction(len(days), len(_bank_days(month, None, None)))
        for key in baseline.learned():
            category, direction = key
            expected = round(baseline.typical(key, month) * share)
            covered = known_by.get((category, direction, month), 0)
            if month == current:
                covered += baseline.booked_this_month.get(key, 0)
            gap = expected - covered
            missing = max(gap, 0) if direction == IN else min(gap, 0)
            variation = baseline.spread(key)
            flows += [
                BaselineFlow(day, cents, category, variation)
                for day, cents in _spread(missing, days)
            ]
    return flows


def _spread(total: int, days: list[date]) -> list[tuple[date, int]]:
    """`total` cents over `days`, exactly (the remainder goes to the first days)."""
    if total == 0:
        return []
    base, remainder = divmod(abs(total), len(days))
    sign = 1 if total > 0 else -1
    return [
        (day, sign * (base + (1 if index < remainder else 0)))
        for index, day in enumerate(days)
        if base or index < remainder
    ]


def _months_between(start: date, end: date, include_last: bool = False) -> list[Month]:
    """Calendar months from `start`'s (included) to `end`'s (included only if asked)."""
    months, cursor = [], date(start.year, start.month, 1)
    last = _month(end)
    while _month(cursor) < last or (include_last and _month(cursor) == last):
        months.append(_month(cursor))
        cursor = add_months(cursor, 1)
    return months


def _bank_days(month: Month, start: date | None, end: date | None) -> list[date]:
    year, number = month
    day, days = date(year, number, 1), []
    while day.month == number:
        if is_bank_day(day) and (start is None or day >= start) and (end is None or day <= end):
            days.append(day)
        day += timedelta(days=1)
    return days
