"""Recurring flows found in a bank history: salaries, URSSAF, rent, loan instalments, TVA…

The calendar is learned, not assumed: a flow is a group of lines with the same counterparty
(domain/labels.py) and direction, of similar amounts, at a regular period (weekly, monthly,
quarterly, half-yearly, yearly) and on a day that reads as one rule of domain/recurrence.py —
a day of the month moved to a working day, the last working day, the n-th bank day, a
weekday. Whatever that rule is (TVA on the 20th, URSSAF on the 5th or the 15th), it comes
from the lines.

Linear-ish: one pass to group, then a sort and a few passes per group.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import pairwise
from operator import attrgetter
from statistics import median, median_low
from typing import NamedTuple

from .calendar import add_months, end_of_month, is_bank_day, is_working_day, next_working_day
from .calendar import last_working_day_of_month as _last_working_day
from .categories import Default
from .labels import counterparty_key
from .recurrence import (
    LAST_WORKING_DAY,
    MONTHS_BETWEEN,
    DayRule,
    Frequency,
    Recurrence,
    day_in_month,
    occurrences,
)

# Days between two occurrences for each period, and how many occurrences prove it. A yearly
# flow is taken from 2 (two years of history is what an owner usually has, and a charge seen
# twice on the same day at a similar amount is rarely chance); weekly needs 4, as random
# purchases come closer together than monthly ones.
_PERIODS = (
    (Frequency.WEEKLY, 5, 9, 4),
    (Frequency.MONTHLY, 24, 38, 3),
    (Frequency.QUARTERLY, 80, 101, 3),
    (Frequency.HALF_YEARLY, 170, 195, 3),
    (Frequency.YEARLY, 350, 380, 2),
)
_REGULAR_GAPS = 0.7  # share of gaps within the period's range
_EXACT_DAYS = 0.6  # share of occurrences on the rule's very day…
_NEAR_DAYS = 0.8  # …and within _NEAR days of it (a direct debit booked a day late)
_NEAR = 2
_SAME_AMOUNT = 1.25  # amounts further apart than this ratio are separate flows
_MOSTLY = 0.85  # one amount cluster this large is the flow, the rest stray lines
_GRACE_DAYS = 3  # a line may be booked a few days after its date before it counts missed
_MISSED_TO_STOP = 2
_BY_DATE = attrgetter("booked_on", "id")


class PastLine(NamedTuple):
    """A bank line as detection reads it (a plain tuple: a history holds 100,000 of them)."""

    id: int
    booked_on: date
    amount_cents: int
    label: str
    counterparty: str | None = None
    category: str | None = None


@dataclass(frozen=True)
class DetectedFlow:
    match_key: str  # stable between runs: counterparty, direction, period (and rank)
    label: str
    amount_cents: int  # signed, the next expected amount
    frequency: str
    day_rule: str
    day: int
    next_on: date  # the first date after as_of
    last_seen_on: date
    line_ids: frozenset[int]
    category: str | None
    still_running: bool  # False after two missed periods: not forecast

    def recurrence(self) -> Recurrence:
        return Recurrence(
            self.label,
            self.amount_cents,
            self.frequency,
            self.day,
            self.next_on,
            category=self.category,
            day_rule=self.day_rule,
        )

    def declared_by(self, label: str, frequency: str, amount_cents: int) -> bool:
        """Whether an item the owner declared under its bank label (« PRLV SEPA URSSAF
        RHONE-ALPES », mensuel) is this flow, so that it is not counted twice."""
        return (
            frequency == self.frequency
            and (amount_cents > 0) == (self.amount_cents > 0)
            and counterparty_key(label) == self.match_key.split("|", 1)[0]
        )

    def occurrences(self, start: date, end: date) -> Iterator[date]:
        """Its expected dates within [start, end]; none once it has stopped."""
        if self.still_running:
            yield from occurrences(self.recurrence(), start, end)


@dataclass(frozen=True)
class _Found:
    frequency: str
    day_rule: str
    day: int
    lines: list[PastLine]  # by date


def detect(lines: Iterable[PastLine], as_of: date) -> list[DetectedFlow]:
    """The recurring flows of the lines booked up to `as_of`, sorted by match_key.

    The caller leaves out lines already allocated to an invoice or a bill (a client's receipts
    are documents, not a recurring flow); internal transfers are left out here."""
    keys: dict[tuple[str, str | None], str] = {}
    groups: dict[tuple[str, bool], list[PastLine]] = defaultdict(list)
    for line in lines:
        if line.booked_on > as_of or not line.amount_cents:
            continue
        if line.category == Default.INTERNAL_TRANSFERS:
            continue
        name = (line.label, line.counterparty)
        key = keys.get(name)
        if key is None:
            key = keys[name] = counterparty_key(*name)
        if key:
            groups[(key, line.amount_cents > 0)].append(line)
    found: list[DetectedFlow] = []
    for (key, inflow), group in groups.items():
        group.sort(key=_BY_DATE)
        found += _named(key, inflow, _flows_of(group), as_of)
    return sorted(found, key=lambda flow: flow.match_key)


def _flows_of(group: list[PastLine]) -> list[_Found]:
    """The flows of one counterparty and direction (lines by date). A regular series with
    never two lines in one period is one flow, however its amounts vary (TVA, energy, a card
    commission twice as high after December): two flows of one counterparty show as two
    lines in some period (URSSAF's monthly debit and its yearly regularisation). Else one
    flow per amount cluster when that explains the lines (two flows, or one and a few stray
    lines); else the whole group as one flow of varying amounts."""
    whole = _flow(group)
    if whole and _one_per_period(whole):
        return [whole]
    split = [f for cluster in _amount_clusters(group) if (f := _flow(cluster))]
    if len(split) >= 2 or sum(len(f.lines) for f in split) >= _MOSTLY * len(group):
        return split
    return [whole] if whole else split


def _one_per_period(found: _Found) -> bool:
    """No two lines closer together than the period allows (its shortest gap)."""
    low = next(p[1] for p in _PERIODS if p[0] == found.frequency)
    return all((b.booked_on - a.booked_on).days >= low for a, b in pairwise(found.lines))


def _amount_clusters(group: list[PastLine]) -> list[list[PastLine]]:
    """Lines of one counterparty split where their sorted amounts jump (URSSAF's monthly
    debit and its yearly regularisation); a rent that rises a few percent stays one flow.
    Each cluster keeps the lines' order."""
    cluster_of, cluster, previous = {}, 0, None
    for size in sorted({abs(line.amount_cents) for line in group}):
        if previous is not None and size > previous * _SAME_AMOUNT:
            cluster += 1
        cluster_of[size], previous = cluster, size
    clusters: list[list[PastLine]] = [[] for _ in range(cluster + 1)]
    for line in group:
        clusters[cluster_of[abs(line.amount_cents)]].append(line)
    return clusters


def _flow(lines: list[PastLine]) -> _Found | None:
    """The period and day rule of lines sorted by date, if they are regular."""
    if len(lines) < 2:
        return None
    days = [line.booked_on for line in lines]
    gaps = [(b - a).days for a, b in pairwise(days)]
    typical = median(gaps)
    period = next((p for p in _PERIODS if p[1] <= typical <= p[2]), None)
    if period is None:
        return None
    frequency, low, high, least = period
    regular = sum(low <= gap <= high for gap in gaps)
    if len(lines) < least or regular < _REGULAR_GAPS * len(gaps):
        return None
    rule = _day_rule(frequency, days)
    return _Found(frequency, *rule, lines) if rule else None


def _day_rule(frequency: str, days: list[date]) -> tuple[str, int] | None:
    """The rule most of the dates fall on exactly, if nearly all fall near it; ties go to the
    last working day (payroll), then a day of the month, then the n-th bank day, then the
    reading of the dates' own days (a debit on the 15th, moved once from a Sunday 14th)."""
    votes: Counter[tuple[str, int]] = Counter()
    plain: Counter[tuple[str, int]] = Counter()  # on the very day, not moved by a closed day
    for day in days:
        for reading, on_the_day in _readings(day, frequency == Frequency.WEEKLY):
            votes[reading] += 1
            plain[reading] += on_the_day
    if not votes:
        return None
    rank = {DayRule.DAY_OF_MONTH: 1, DayRule.WEEKDAY: 1, DayRule.NTH_BANK_DAY: 2}
    rule = min(
        votes,
        key=lambda r: (-votes[r], r[1] != LAST_WORKING_DAY, rank[DayRule(r[0])], -plain[r], r[1]),
    )
    if votes[rule] < _EXACT_DAYS * len(days):
        return None
    near = sum(abs((day - _rule_date(rule, day)).days) <= _NEAR for day in days)
    return rule if near >= _NEAR_DAYS * len(days) else None


def _rule_date(rule: tuple[str, int], near: date) -> date:
    """The date the rule gives in the month (or the week) of `near`."""
    day_rule, day = rule
    if day_rule == DayRule.WEEKDAY:
        return near - timedelta(days=(near.weekday() - day) % 7)
    return day_in_month(near.replace(day=1), day_rule, day)


@cache
def _readings(booked: date, weekly: bool) -> tuple[tuple[tuple[str, int], bool], ...]:
    """Every rule under which a payment would be booked on `booked` — its own day or a closed
    day just before it (moved to the next working day) — and whether it is its own day."""
    nominal = [booked]
    while not is_working_day(nominal[-1] - timedelta(days=1)):
        nominal.append(nominal[-1] - timedelta(days=1))
    if weekly:
        return tuple(((DayRule.WEEKDAY, day.weekday()), day == booked) for day in nominal)
    readings = []
    for day in nominal:
        if day.month != booked.month:
            break
        # The month's last day also reads as 29, 30 or 31 (clamped to short months).
        top = 31 if day == end_of_month(day) else day.day
        readings += [((DayRule.DAY_OF_MONTH, d), day == booked) for d in range(day.day, top + 1)]
    if booked == _last_working_day(booked.year, booked.month):
        readings.append(((DayRule.DAY_OF_MONTH, LAST_WORKING_DAY), True))
    if is_bank_day(booked):
        first = booked.replace(day=1)
        rank = sum(is_bank_day(first + timedelta(days=i)) for i in range(booked.day))
        readings.append(((DayRule.NTH_BANK_DAY, rank), True))
    return tuple(readings)


def _named(key: str, inflow: bool, found: list[_Found], as_of: date) -> list[DetectedFlow]:
    """match_key: the counterparty, the direction and the period; a second flow of the same
    period with that counterparty is ranked by amount (largest first)."""
    found.sort(key=lambda f: -abs(f.lines[-1].amount_cents))
    seen: Counter[str] = Counter()
    flows = []
    for one in found:
        seen[one.frequency] += 1
        match_key = flow_key(key, inflow, one.frequency, seen[one.frequency])
        flows.append(_detected(match_key, key, one, as_of))
    return flows


def flow_key(counterparty: str, inflow: bool, frequency: str, rank: int = 1) -> str:
    """The match_key of a flow with that counterparty (labels.counterparty_key), direction
    and period; `rank` 2, 3… for further flows of the same period, by falling amount."""
    return f"{counterparty}|{'+' if inflow else '-'}|{frequency}{f'|{rank}' if rank > 1 else ''}"


def _detected(match_key: str, key: str, found: _Found, as_of: date) -> DetectedFlow:
    last_seen = found.lines[-1].booked_on
    missed, next_on = 0, as_of
    for when in _expected_after(found, last_seen):
        if when > as_of:
            next_on = when
            break
        missed += when <= as_of - timedelta(days=_GRACE_DAYS)
    categories = Counter(line.category for line in found.lines if line.category)
    return DetectedFlow(
        match_key=match_key,
        label=key,
        amount_cents=_next_amount([line.amount_cents for line in found.lines]),
        frequency=found.frequency,
        day_rule=found.day_rule,
        day=found.day,
        next_on=next_on,
        last_seen_on=last_seen,
        line_ids=frozenset(line.id for line in found.lines),
        category=min(categories, key=lambda c: (-categories[c], c)) if categories else None,
        still_running=missed < _MISSED_TO_STOP,
    )


def _expected_after(found: _Found, last_seen: date) -> Iterator[date]:
    """The flow's dates after its last line's period, without end."""
    rule = (found.day_rule, found.day)
    if found.frequency == Frequency.WEEKLY:
        nominal = _rule_date(rule, last_seen)
        while True:
            nominal += timedelta(days=7)
            yield next_working_day(nominal)
    # The period the last line belongs to: the month whose date is nearest (a payment due
    # on the 31st may be booked on the 2nd of the next month).
    here = last_seen.replace(day=1)
    month = min(
        (add_months(here, -1), here, add_months(here, 1)),
        key=lambda m: abs((day_in_month(m, *rule) - last_seen).days),
    )
    step = MONTHS_BETWEEN[found.frequency]
    while True:
        month = add_months(month, step)
        yield day_in_month(month, *rule)


def _next_amount(amounts: list[int]) -> int:
    """The latest amount when it repeats the one before or starts a new level after steady
    ones (a rent that rises in January); else the median of the latest six (TVA, energy)."""
    if len(amounts) < 2 or amounts[-1] == amounts[-2] or len(set(amounts[:-1])) == 1:
        return amounts[-1]
    return median_low(amounts[-6:])
