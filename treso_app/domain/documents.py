"""Quotes and invoices: lines, totals, numbers, deposits.

A line's HT is quantity × unit price rounded half-up to the cent; its VAT is rounded per line
(vat.py), and the document's totals are the sums of its lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .errors import ValidationError
from .vat import VAT_RATES_BP, VatTotals, totals

PREFIXES = {"facture": "F", "acompte": "F", "avoir": "A", "devis": "D"}
_NUMBER = re.compile(r"^([A-Z]+)(\d{4})-(\d+)$")


@dataclass(frozen=True)
class Line:
    label: str
    quantity_milli: int  # thousandths: 2,5 h = 2500
    unit_price_cents: int
    vat_rate_bp: int

    @property
    def ht_cents(self) -> int:
        value = Decimal(self.quantity_milli) * self.unit_price_cents / 1000
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def checked_lines(lines: Sequence[Line]) -> list[Line]:
    """The lines of a document, or a French message naming the first wrong one."""
    kept = [line for line in lines if line.label.strip() or line.unit_price_cents]
    if not kept:
        raise ValidationError("Ajoutez au moins une ligne (désignation et prix).", "lines")
    for number, line in enumerate(kept, start=1):
        if not line.label.strip():
            raise ValidationError(f"Ligne {number} : la désignation manque.", "lines")
        if line.quantity_milli <= 0:
            raise ValidationError(f"Ligne {number} : la quantité doit être positive.", "lines")
        if line.vat_rate_bp not in VAT_RATES_BP:
            raise ValidationError(f"Ligne {number} : taux de TVA inconnu en France.", "lines")
    return kept


def document_totals(lines: Sequence[Line]) -> VatTotals:
    return totals((line.ht_cents, line.vat_rate_bp) for line in lines)


def parse_quantity(text: str) -> int:
    """« 2,5 » → 2500 thousandths."""
    raw = (text or "").strip().replace(",", ".").replace(" ", "")
    try:
        value = Decimal(raw or "1")
    except ArithmeticError:
        raise ValidationError(f"« {text} » n'est pas une quantité.", "lines") from None
    if value != value.quantize(Decimal("0.001")):
        raise ValidationError(f"« {text} » : trois décimales au plus.", "lines")
    return int(value * 1000)


def format_number(prefix: str, year: int, sequence: int) -> str:
    """F2026-0001: yearly, gapless, four digits at least."""
    return f"{prefix}{year}-{sequence:04d}"


def parse_number(number: str) -> tuple[str, int, int] | None:
    """F2026-0042 → ("F", 2026, 42); None for a number in another scheme (imported ones)."""
    match = _NUMBER.match(number.strip())
    return (match.group(1), int(match.group(2)), int(match.group(3))) if match else None


def deposit_lines(
    quote: VatTotals,
    rates: Sequence[tuple[int, int]],
    share: Decimal | None,
    amount_ttc_cents: int | None,
    quote_number: str,
) -> list[Line]:
    """The lines of a deposit invoice on a quote: a share (%) or a TTC amount, split across the
    quote's VAT rates in proportion to their HT, so the deposit carries the right VAT.

    `rates` are the quote's (ht_cents, rate_bp) per VAT rate."""
    if share is not None:
        if not 0 < share < 100:
            raise ValidationError("Le pourcentage d'acompte doit être entre 0 et 100.", "deposit")
        ratio = share / 100
    elif amount_ttc_cents is not None:
        if not 0 < amount_ttc_cents < quote.ttc_cents:
            raise ValidationError(
                "L'acompte doit être positif et inférieur au total TTC du devis.", "deposit"
            )
        ratio = Decimal(amount_ttc_cents) / quote.ttc_cents
    else:
        raise ValidationError("Indiquez un pourcentage ou un montant d'acompte.", "deposit")
    lines = []
    for ht_cents, rate_bp in rates:
        ht = int((ht_cents * ratio).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        lines.append(Line(f"Acompte sur devis {quote_number}", 1000, ht, rate_bp))
    return lines
