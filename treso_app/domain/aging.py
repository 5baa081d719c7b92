"""Aged receivables: what is owed, by how long it is past due."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

BUCKETS = ("not_due", "0_30", "31_60", "61_90", "over_90")


def bucket(due_on: date, today: date) -> str:
    days = (today - due_on).days
    if days <= 0:
        return "not_due"
    if days <= 30:
        return "0_30"
    if days <= 60:
        return "31_60"
    return "61_90" if days <= 90 else "over_90"


@dataclass
class AgedRow:
    client: str
    cents: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BUCKETS, 0))

    @property
    def total_cents(self) -> int:
        return sum(self.cents.values())

    @property
    def overdue_cents(self) -> int:
        return self.total_cents - self.cents["not_due"]


def aged_receivables(
    open_items: Iterable[tuple[str, date, int]], today: date
) -> tuple[list[AgedRow], AgedRow]:
    """(client, due_on, remaining_cents) → one row per client (most overdue first) + totals."""
    rows: dict[str, AgedRow] = {}
    total = AgedRow("Total")
    for client, due_on, cents in open_items:
        key = bucket(due_on, today)
        rows.setdefault(client, AgedRow(client)).cents[key] += cents
        total.cents[key] += cents
    ordered = sorted(rows.values(), key=lambda r: (-r.overdue_cents, -r.total_cents, r.client))
    return ordered, total
