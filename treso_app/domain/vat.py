"""French VAT: HT / TVA / TTC in cents.

Rounding rule: VAT is computed and rounded half-up *per line*, then the lines are summed —
so the invoice's TVA always equals the sum of the TVA shown on its lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .errors import VatRateError

# Rates in basis points (1 % = 100): normal, intermediate (travaux de rénovation), reduced, special.
VAT_RATES_BP = (2000, 1000, 550, 210, 0)


@dataclass(frozen=True)
class VatTotals:
    ht_cents: int
    tva_cents: int

    @property
    def ttc_cents(self) -> int:
        return self.ht_cents + self.tva_cents


def line_vat(ht_cents: int, rate_bp: int) -> int:
    """VAT of one line, rounded half-up to the cent (half away from zero for credit notes)."""
    if rate_bp not in VAT_RATES_BP:
        raise VatRateError(f"Taux de TVA {Decimal(rate_bp) / 100} % inconnu en France.")
    return int((Decimal(ht_cents) * rate_bp / 10000).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def totals(lines: Iterable[tuple[int, int]]) -> VatTotals:
    """Sum of (ht_cents, rate_bp) lines, VAT rounded per line."""
    ht = tva = 0
    for ht_cents, rate_bp in lines:
        ht += ht_cents
        tva += line_vat(ht_cents, rate_bp)
    return VatTotals(ht, tva)


def split_ttc(ttc_cents: int, rate_bp: int) -> VatTotals:
    """A TTC amount at one rate → HT + TVA that add up to it exactly (TVA = TTC − HT)."""
    if rate_bp not in VAT_RATES_BP:
        raise VatRateError(f"Taux de TVA {Decimal(rate_bp) / 100} % inconnu en France.")
    ht = int((Decimal(ttc_cents) * 10000 / (10000 + rate_bp)).quantize(Decimal(1), ROUND_HALF_UP))
    return VatTotals(ht, ttc_cents - ht)
