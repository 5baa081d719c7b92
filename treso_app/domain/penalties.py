"""Late payment of a B2B invoice (Code de commerce, art. L441-10 and D441-5).

Penalties run from the day after the due date at the invoice's own rate, else the company's,
else the ECB's main refinancing rate + 10 points; simple interest on the amount still owed,
on a 365-day year. Plus a fixed €40 recovery indemnity per late invoice (professionals only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

# ECB main refinancing operations rate in force since 11 June 2025 (2,15 %), the reference
# for the first half of 2026. A company can set its own rate in /parametres.
ECB_REFI_RATE_BP = 215
LEGAL_MARGIN_BP = 1000
RECOVERY_INDEMNITY_CENTS = 40_00


def default_rate_bp() -> int:
    return ECB_REFI_RATE_BP + LEGAL_MARGIN_BP


@dataclass(frozen=True)
class Penalties:
    days_late: int
    rate_bp: int
    interest_cents: int
    indemnity_cents: int

    @property
    def total_cents(self) -> int:
        return self.interest_cents + self.indemnity_cents


def penalties(
    remaining_cents: int, due_on: date, on: date, rate_bp: int, professional: bool = True
) -> Penalties:
    days = max(0, (on - due_on).days)
    if days == 0 or remaining_cents <= 0 or not professional:
        return Penalties(days, rate_bp, 0, 0)
    interest = Decimal(remaining_cents) * rate_bp * days / (10000 * 365)
    return Penalties(
        days,
        rate_bp,
        int(interest.quantize(Decimal(1), rounding=ROUND_HALF_UP)),
        RECOVERY_INDEMNITY_CENTS,
    )
