"""Documents not written yet: the invoices a company will issue after `as_of` (and the
supplier bills it will receive), learned from its own history of documents, turned into
cash with its own delay between issue and payment (DESIGN.md §7).

For a B2B company this is what carries the second and third months of a forecast: open
invoices are paid within weeks, and the invoices of next month are not written yet. Only
documents issued after `as_of` are in this flow, so it never overlaps the open ones; the
usual activity is learned without the lines that settled documents, so it never holds them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from .baseline import (
    Month,
    MonthlyLevels,
    Shape,
    covered_scale,
    days_of,
    future_months,
    growth,
    history_months,
    month_of,
)
from .calendar import next_bank_day

SETTLED_AFTER_DAYS = 120  # documents this old at `as_of` have had the time to be paid
LAG_WINDOW_DAYS = 365  # the delays of the last year's documents
MIN_DOCUMENTS = 8  # fewer paid documents than this: the delays of all of them
MAX_LAG_DAYS = 365


@dataclass(frozen=True)
class PastDocument:
    """An invoice or a bill issued up to `as_of`, with what was paid on it up to then."""

    issued_on: date
    ttc_cents: int
    payments: tuple[tuple[date, int], ...] = ()  # (paid on, cents)


@dataclass(frozen=True)
class ExpectedSettlement:
    on: date
    amount_cents: int  # positive: what comes in (invoices) or goes out (bills)
    spread: float  # how much a month's issuing varies, for the band


def lag_distribution(documents: Iterable[PastDocument], as_of: date) -> np.ndarray:
    """Share of a document's amount paid `k` days after its issue (k = 0…MAX_LAG_DAYS),
    from the documents of the last year old enough to have been paid; what was never paid
    is left out (the shares then add up to less than one). Too few such documents: the
    paid ones of any age."""
    documents = [d for d in documents if d.issued_on <= as_of and d.ttc_cents > 0]
    latest = as_of - timedelta(days=SETTLED_AFTER_DAYS)
    window = [d for d in documents if latest - timedelta(days=LAG_WINDOW_DAYS) <= d.issued_on]
    window = [d for d in window if d.issued_on <= latest]
    if len(window) < MIN_DOCUMENTS:
        window = [d for d in documents if any(on <= as_of for on, _ in d.payments)]
    shares = np.zeros(MAX_LAG_DAYS + 1)
    total = sum(d.ttc_cents for d in window)
    for document in window:
        for on, cents in document.payments:
            lag = (on - document.issued_on).days
            if on <= as_of and 0 <= lag <= MAX_LAG_DAYS:
                shares[lag] += cents
    return shares / total if total else shares


def expected_settlements(
    documents: Iterable[PastDocument],
    as_of: date,
    horizon_end: date,
    since: date | None = None,
    announced: Iterable[tuple[date, int]] = (),
) -> list[ExpectedSettlement]:
    """The cash of the documents to be issued after `as_of`: each future month issues what
    that month usually issues (seasonality and trend, as the usual activity), less what is
    `announced` for it already (accepted quotes to invoice, forecast on their own), on the
    days documents are usually issued, each day's amount paid over the following days as
    past documents were. Nothing when the company never issued any."""
    documents = [d for d in documents if d.issued_on <= as_of]
    if not documents:
        return []
    first = since or min(d.issued_on for d in documents)
    months = history_months(first, as_of)
    scale = covered_scale(since, months[0]) if since and months else 1
    if scale is None:
        months = months[1:]
    if not months:
        return []
    totals: dict[Month, int] = defaultdict(int)
    for document in documents:
        month = month_of(document.issued_on)
        if months[0] <= month <= months[-1]:
            weight = scale if month == months[0] and scale else 1
            totals[month] += round(document.ttc_cents * weight)
    levels = MonthlyLevels(dict(totals), months, growth([totals], months))
    window = [d for m in months[-12:] for d in days_of(m)]
    shape = Shape(
        ((d.issued_on, d.ttc_cents) for d in documents if d.issued_on >= window[0]), window
    )
    shares = lag_distribution(documents, as_of)
    known: dict[Month, int] = defaultdict(int)
    for on, cents in announced:
        known[month_of(on)] += cents
    start = as_of + timedelta(days=1)
    horizon = (horizon_end - as_of).days
    issued = np.zeros(horizon + 1)  # by day offset from `as_of`
    for month in future_months(start, horizon_end):
        days = [d for d in days_of(month) if start <= d <= horizon_end]
        whole = sum(shape.weight(d) for d in days_of(month))
        typical = max(levels.typical(month) - known.get(month, 0), 0)
        for day in days:
            if whole:
                issued[(day - as_of).days] += typical * shape.weight(day) / whole
    paid = np.convolve(issued, shares)[: horizon + 1]
    by_day: dict[date, float] = defaultdict(float)
    for offset in np.flatnonzero(paid):
        on = next_bank_day(as_of + timedelta(days=int(offset)))
        if on <= horizon_end:
            by_day[on] += float(paid[offset])
    # To the cent, rounding the running total: what rounding leaves is never lost.
    spread, result, running, booked = levels.spread(), [], 0.0, 0
    for on in sorted(by_day):
        running += by_day[on]
        cents, booked = round(running) - booked, round(running)
        if cents:
            result.append(ExpectedSettlement(on, cents, spread))
    return result
