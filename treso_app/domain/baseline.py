"""The usual activity: what a business usually moves beyond what it already knows, learned
from its bank history, so a forecast's second and sixth months are not empty (DESIGN.md §7).

It learns only from what is left once the known flows are taken out: bank lines that settle
an invoice or a bill, belong to a recurring flow, or move money between the company's own
accounts are marked `explained` by the caller and ignored here. The forecast then adds the
known flows (open invoices and bills, recurring items, documents to come) on top, without
subtracting anything: nothing is counted twice, because the usual activity never held them.

Per category and direction (money in / money out):
- a monthly level: the same month of past years (seasonality), grown by the last year's
  growth of that series (trend, bounded), else the mean of the recent months;
- its shape: how a month spreads over its days (a day-of-month profile: TVA lines near the
  20th stay there) and over the week (weekday weights: card takings heavier on Saturdays,
  B2B receipts only on bank days);
- its spread: how far the months fell from that level, for the band.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from functools import cached_property

from .calendar import add_months, is_bank_day

TREND_LIMITS = (Fraction(4, 5), Fraction(5, 4))  # growth taken into account: -20 % to +25 %
IN, OUT = "encaissement", "décaissement"
SHAPE_MONTHS = 12  # the shape is learned from the last year
MIN_SEASONAL_TRUST = Fraction(1, 2)  # the same month of past years counts at least half
MIN_SEASON_PAIRS = 4  # same months a year apart needed to tell seasons from chance
ONE_OFF_AFTER = 6  # from this many months, the biggest and smallest are left out of a mean
MAD_TO_DEVIATION = Fraction(14826, 10000)  # median absolute deviation → standard deviation
# A first month the history covers for at least this share of its days teaches, scaled up.
MIN_COVERED = Fraction(1, 2)
BANK_DAYS_ONLY = 0.02  # less than 2 % of a flow on closed days: it only moves on bank days
WEEKDAY_PRIOR_LINES = 30  # weekday weights learned from n lines count for n / (n + 30)
UNIFORM_SHARE = 0.02  # a day-of-month profile keeps this much of an even spread


@dataclass(frozen=True)
class PastFlow:
    """A booked bank line, reduced to what the baseline needs."""

    booked_on: date
    amount_cents: int  # inflow > 0, outflow < 0
    category: str
    explained: bool = False  # settles a document or belongs to a recurring flow: known apart


@dataclass(frozen=True)
class BaselineFlow:
    on: date
    amount_cents: int
    category: str
    spread: float = 0.0  # the month's usual variation (see `MonthlyLevels.spread`)


Key = tuple[str, str]  # (category, direction)
Month = tuple[int, int]  # (year, month)


def _direction(amount_cents: int) -> str:
    return IN if amount_cents > 0 else OUT


def month_of(day: date) -> Month:
    return day.year, day.month


def first_day(month: Month) -> date:
    return date(month[0], month[1], 1)


def days_of(month: Month) -> list[date]:
    first = first_day(month)
    return [first + timedelta(days=n) for n in range((add_months(first, 1) - first).days)]


def growth(series: Iterable[dict[Month, int]], months: list[Month]) -> Fraction:
    """Growth over a year of the series together, bounded: each of the last 12 months
    against the same month a year earlier, when the history goes back that far for 6."""
    known, series = set(months), list(series)
    pairs = [(m, (m[0] - 1, m[1])) for m in months[-12:] if (m[0] - 1, m[1]) in known]
    if len(pairs) < 6:
        return Fraction(1)

    def volume(chosen: Iterable[Month]) -> int:
        return sum(abs(totals.get(m, 0)) for totals in series for m in chosen)

    recent, older = volume(p[0] for p in pairs), volume(p[1] for p in pairs)
    if older == 0:
        return Fraction(1)
    low, high = TREND_LIMITS
    return min(max(Fraction(recent, older), low), high)


class MonthlyLevels:
    """A monthly series (cents per calendar month over `months`, the whole months known) and
    what it says of a future month: seasonality, trend, and how far months stray."""

    def __init__(self, totals: dict[Month, int], months: list[Month], trend: Fraction) -> None:
        self.totals, self.months, self.trend = totals, months, trend

    def typical(self, month: Month) -> int:
        """The typical amount (cents, signed) of a future calendar month: the same month of
        the last years, grown since, weighed against the recent months' mean by how much of
        the series' variation is seasons rather than chance."""
        same_month = [m for m in self.months if m[1] == month[1]]
        recent = self._recent_mean()
        if not same_month:
            return round(recent)
        years = same_month[-2:]  # the most recent years, grown since
        seasonal = Fraction(sum(self.totals.get(m, 0) for m in years), len(years)) * self.trend
        trust = self.seasonal_trust
        if len(self._season_gaps) < MIN_SEASON_PAIRS:
            trust = max(trust, self._standing_out(seasonal - recent))
        return round(trust * seasonal + (1 - trust) * recent)

    @cached_property
    def _season_gaps(self) -> list[Fraction]:
        """Each of the last 12 months against the same month a year earlier, grown."""
        known = set(self.months)
        return [
            self.totals.get(m, 0) - self.totals.get((m[0] - 1, m[1]), 0) * self.trend
            for m in self.months[-12:]
            if (m[0] - 1, m[1]) in known
        ]

    @cached_property
    def _chance_variance(self) -> Fraction | None:
        """How much a month strays by chance, read robustly from the recent months (the
        median absolute deviation, scaled to a standard deviation): a December rush or an
        August closing does not widen it. None for a series that stays empty one month in
        four or more (a yearly lump is not a season to trust from a single year)."""
        values = sorted(self.totals.get(m, 0) for m in self.months[-12:])
        if len(values) < ONE_OFF_AFTER or 4 * sum(1 for v in values if v) < 3 * len(values):
            return None
        middle = values[len(values) // 2]
        deviation = sorted(abs(v - middle) for v in values)[len(values) // 2]
        return (MAD_TO_DEVIATION * deviation) ** 2

    def _standing_out(self, gap: Fraction) -> Fraction:
        """With too few years to compare, how far the same month of last year stood out of
        chance: 1 − chance / gap² (positive part). A month ten deviations above the others
        is a season, one within them is chance."""
        chance = self._chance_variance
        if chance is None or gap == 0:
            return Fraction(0)
        return max(1 - Fraction(chance) / (Fraction(gap) ** 2), Fraction(0))

    @cached_property
    def seasonal_trust(self) -> Fraction:
        """The share of the months' variance the seasons explain: 1 − chance / total, chance
        read from how the same months differ a year apart (half their squared difference);
        at least a half, and a half when there are too few such pairs to tell."""
        values = [self.totals.get(m, 0) for m in self.months[-24:]]
        gaps = self._season_gaps
        if len(gaps) < MIN_SEASON_PAIRS or len(values) < 2:
            return MIN_SEASONAL_TRUST
        mean = Fraction(sum(values), len(values))
        total = sum((v - mean) ** 2 for v in values) / (len(values) - 1)
        chance = sum(g * g for g in gaps) / (2 * len(gaps))
        if total == 0:
            return MIN_SEASONAL_TRUST
        return min(max(1 - Fraction(chance) / total, MIN_SEASONAL_TRUST), Fraction(1))

    def _recent_mean(self) -> Fraction:
        """The mean of the recent months; from six months on, without the biggest one and
        the smallest: a yearly lump (dividends, a tax) is not a monthly habit, nor is a
        closing month (a shop's August) the level of the others."""
        values = sorted((self.totals.get(m, 0) for m in self.months[-12:]), key=abs)
        if len(values) >= ONE_OFF_AFTER:
            values = values[1:-1]
        return Fraction(sum(values), len(values)) if values else Fraction(0)

    def spread(self) -> float:
        """How much a month strays from its level: the standard deviation of each month
        against what the same month a year earlier (grown) or the mean said, over the mean
        size of a month (0 when too few months to tell, at most 1)."""
        values = [self.totals.get(m, 0) for m in self.months[-24:]]
        if len(values) < 3 or not any(values):
            return 0.0
        mean = Fraction(sum(values), len(values))
        errors = []
        for m in self.months[-24:]:
            earlier = (m[0] - 1, m[1])
            level = self.totals.get(earlier, 0) * self.trend if earlier in self.months else mean
            errors.append(float(self.totals.get(m, 0) - level))
        size = float(sum(abs(v) for v in values)) / len(values)
        variance = sum(e * e for e in errors) / (len(errors) - 1)
        return min(variance**0.5 / size, 1.0)


class Shape:
    """How a flow spreads over a month's days: weekday weights times a day-of-month profile,
    nothing on closed days for a flow that only moves on bank days. Learned from (day,
    |cents|) pairs over the days `window` covers: the weekdays first, then each day of the
    month against what its weekdays explain (a 14th that fell on Saturdays is not a busy
    14th, Saturdays are busy)."""

    def __init__(self, amounts: Iterable[tuple[date, int]], window: list[date]) -> None:
        amounts = list(amounts)
        total = sum(cents for _, cents in amounts)
        closed = sum(cents for day, cents in amounts if not is_bank_day(day))
        self.bank_days_only = total == 0 or closed < BANK_DAYS_ONLY * total
        counted = [d for d in window if is_bank_day(d) or not self.bank_days_only]
        by_weekday = [0.0] * 7
        for day, cents in amounts:
            by_weekday[day.weekday()] += cents
        learned = _per_slot(by_weekday, [(d.weekday(), 1.0) for d in counted], 7)
        # Weekday weights need many lines to mean anything: a few lines barely move them
        # from even (a yearly dividend paid on a Wednesday is not a Wednesday habit); a
        # weekday that many lines never fell on stays empty (a shop closed on Sundays).
        trust = len(amounts) / (len(amounts) + WEEKDAY_PRIOR_LINES)
        self.weekday = [
            0.0 if w == 0 and trust >= 0.5 else trust * w + (1 - trust) for w in learned
        ]
        by_dom = [0.0] * 32
        for day, cents in amounts:
            by_dom[day.day] += cents
        explained = [(d.day, self.weekday[d.weekday()]) for d in counted]
        doms = _per_slot(by_dom, explained, 32)[1:]
        mean = sum(doms) / len(doms)
        self.day_of_month = [0.0] + [(1 - UNIFORM_SHARE) * s + UNIFORM_SHARE * mean for s in doms]

    def weight(self, day: date) -> float:
        if self.bank_days_only and not is_bank_day(day):
            return 0.0
        return self.day_of_month[day.day] * self.weekday[day.weekday()]


def _per_slot(sums: list[float], exposure: list[tuple[int, float]], size: int) -> list[float]:
    """Each slot's amount per unit of exposure (the times it occurred in the window, each
    weighted), normalised to a mean of 1 over the slots seen (all ones when nothing was
    learned)."""
    seen = [0.0] * size
    for slot, weight in exposure:
        seen[slot] += weight
    rates = [sums[k] / seen[k] if seen[k] else 0.0 for k in range(size)]
    present = [r for k, r in enumerate(rates) if seen[k]]
    mean = sum(present) / len(present) if present else 0.0
    if mean == 0:
        return [1.0] * size
    return [r / mean for r in rates]


def history_months(first: date | None, as_of: date) -> list[Month]:
    """The whole calendar months from `first`'s to before `as_of`'s."""
    if first is None or first > as_of:
        return []
    months, cursor = [], date(first.year, first.month, 1)
    while month_of(cursor) < month_of(as_of):
        months.append(month_of(cursor))
        cursor = add_months(cursor, 1)
    return months


def covered_scale(first: date, month: Month) -> Fraction | None:
    """A month the history starts in the middle of: how much to scale what it saw to a whole
    month (1 when it is whole), or None when it covers too little to teach."""
    days = days_of(month)
    covered = Fraction(sum(1 for d in days if d >= first), len(days))
    return None if covered < MIN_COVERED else 1 / covered


class Baseline:
    """The usual activity per category and direction, learned from the lines not explained
    before `as_of`'s month. `since` is when the bank history starts (an account's opening
    day); without it the first line's day. `paid_apart`: document payments known (a
    spreadsheet's « payée le ») whose bank line was not found — it is among the lines left,
    so each is taken off its category's month (never past zero), as if it were explained,
    and what its category cannot absorb off the `unclassified` lines' month."""

    def __init__(
        self,
        history: Iterable[PastFlow],
        as_of: date,
        since: date | None = None,
        paid_apart: Iterable[PastFlow] = (),
        unclassified: str | None = None,
    ) -> None:
        self.as_of = as_of
        lines = [
            f
            for f in history
            if f.booked_on <= as_of and f.amount_cents and month_of(f.booked_on) < month_of(as_of)
        ]
        first = since or min((f.booked_on for f in lines), default=None)
        self.months = history_months(first, as_of)
        scale = covered_scale(since, self.months[0]) if since and self.months else 1
        if scale is None:
            self.months = self.months[1:]
        totals: dict[Key, dict[Month, Fraction]] = defaultdict(lambda: defaultdict(Fraction))
        shapes: dict[Key, list[tuple[date, int]]] = defaultdict(list)
        shape_from = first_day(self.months[-SHAPE_MONTHS:][0]) if self.months else as_of
        for flow in lines:
            month = month_of(flow.booked_on)
            if flow.explained or not self.months or month < self.months[0]:
                continue
            key = (flow.category, _direction(flow.amount_cents))
            weight = scale if month == self.months[0] and scale else 1
            totals[key][month] += flow.amount_cents * weight
            if flow.booked_on >= shape_from:
                shapes[key].append((flow.booked_on, abs(flow.amount_cents)))
        for flow in paid_apart:
            month, direction = month_of(flow.booked_on), _direction(flow.amount_cents)
            left = flow.amount_cents if flow.booked_on <= as_of else 0
            for category in (flow.category, unclassified):  # its own, then the lines left bare
                by_month = totals.get((category, direction), {})
                if left and month in by_month:
                    kept = by_month[month] - left
                    by_month[month] = max(kept, 0) if left > 0 else min(kept, 0)
                    left = by_month[month] - kept
        rounded = {k: {m: round(v) for m, v in by.items()} for k, by in totals.items()}
        # Each series grows as it did itself: supplier payments explained by bills imported
        # for the last year only must not shrink the card takings' level.
        self.levels = {
            k: MonthlyLevels(by, self.months, growth([by], self.months))
            for k, by in rounded.items()
        }
        window = [d for m in self.months[-SHAPE_MONTHS:] for d in days_of(m)]
        self.shapes = {key: Shape(shapes[key], window) for key in self.levels}

    def typical(self, key: Key, month: Month) -> int:
        """The typical amount (cents, signed) of `key` in a future calendar month."""
        levels = self.levels.get(key)
        return levels.typical(month) if levels else 0

    def spread(self, key: Key) -> float:
        levels = self.levels.get(key)
        return levels.spread() if levels else 0.0

    def learned(self) -> list[Key]:
        return sorted(self.levels)


def spread_over_month(
    total: int, month: Month, shape: Shape, start: date, end: date
) -> list[tuple[date, int]]:
    """The part of a month's `total` that falls between `start` and `end` (included), day by
    day after `shape`, to the cent (largest remainders)."""
    days = days_of(month)
    weights = [shape.weight(d) for d in days]
    whole = sum(weights)
    if total == 0 or whole == 0:
        return []
    chosen = [(d, w) for d, w in zip(days, weights, strict=True) if start <= d <= end and w]
    share = Fraction(sum(w for _, w in chosen)) / Fraction(whole) if chosen else 0
    return exact_split(round(total * share), chosen)


def exact_split(total: int, weighted: list[tuple[date, float]]) -> list[tuple[date, int]]:
    """`total` cents over the weighted days, exactly: what rounding leaves goes to the
    largest remainders."""
    whole = sum(w for _, w in weighted)
    if total == 0 or whole == 0:
        return []
    raw = [abs(total) * w / whole for _, w in weighted]
    cents = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda k: raw[k] - cents[k], reverse=True)
    for k in order[: abs(total) - sum(cents)]:
        cents[k] += 1
    sign = 1 if total > 0 else -1
    return [(d, sign * c) for (d, _), c in zip(weighted, cents, strict=True) if c]


def future_months(start: date, end: date) -> list[Month]:
    """Calendar months from `start`'s to `end`'s, both included."""
    months, cursor = [], date(start.year, start.month, 1)
    while cursor <= end:
        months.append(month_of(cursor))
        cursor = add_months(cursor, 1)
    return months


def baseline_flows(baseline: Baseline, horizon_end: date) -> list[BaselineFlow]:
    """What the usual activity adds between the day after `as_of` and `horizon_end`: per
    category, direction and month, the typical amount, laid on the days after the learned
    shape; a month already begun or cut by the horizon gets the share of its days left."""
    start = baseline.as_of + timedelta(days=1)
    flows: list[BaselineFlow] = []
    for key in baseline.learned():
        shape, variation = baseline.shapes[key], baseline.spread(key)
        for month in future_months(start, horizon_end):
            total = baseline.typical(key, month)
            flows += [
                BaselineFlow(day, cents, key[0], variation)
                for day, cents in spread_over_month(total, month, shape, start, horizon_end)
            ]
    return flows
