"""Dated cash events for the dashboard's agenda (what is expected today and this week),
and the shapes of a balance curve. The curve itself comes from the forecast engine."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CashEvent:
    on: date
    amount_cents: int  # inflow > 0, outflow < 0
    label: str
    kind: str  # facture / fournisseur / récurrent


@dataclass(frozen=True)
class DayBalance:
    on: date
    balance_cents: int


@dataclass(frozen=True)
class Projection:
    days: tuple[DayBalance, ...]
    lowest: DayBalance
    safe_until: date | None  # first day under the alert threshold; None = not within horizon
    under_since: date | None = None  # under it today already: since when (today if not known)


DOUBTFUL_AFTER_DAYS = 90  # past this lateness a receivable is doubtful: not counted on


def events_between(events: Iterable[CashEvent], start: date, end: date) -> list[CashEvent]:
    """Events within [start, end], by date then biggest amount first."""
    chosen = [e for e in events if start <= e.on <= end]
    return sorted(chosen, key=lambda e: (e.on, -abs(e.amount_cents)))
