"""Client receivables: invoice status derived from payments, learned client delays."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from statistics import fmean


def invoice_status(ttc_cents: int, paid_cents: int, due_on: date, today: date) -> str:
    """à_venir / en_retard / partielle / payée — from what was allocated, never typed by hand."""
    if paid_cents >= ttc_cents:
        return "payée"
    if paid_cents > 0:
        return "partielle"
    return "en_retard" if due_on < today else "à_venir"


def learned_delay_days(paid: Iterable[tuple[date, date]]) -> float | None:
    """Mean days between due date and payment over a client's paid invoices (negative = early)."""
    delays = [(paid_on - due_on).days for due_on, paid_on in paid]
    return round(fmean(delays), 1) if delays else None
