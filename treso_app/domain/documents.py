"""Quotes and invoices: lines, totals, numbers, deposits.

A line's HT is quantity × unit price rounded half-up to the cent; its VAT is rounded per line
(vat.py), and the document's totals are the sums of its lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from .bounds import TextLimit, check_amount, check_quantity, check_text
from .errors import TresoError, ValidationError
from .money import format_amount, parse_amount
from .vat import VAT_RATES_BP, VatTotals, totals

PREFIXES = {"facture": "F", "acompte": "F", "avoir": "A", "devis": "D"}
_NUMBER = re.compile(r"^([A-Z]+)(\d{4})-(\d+)$")
MAX_SEQUENCE = 999_999  # documents of one kind in one year: beyond, a typing slip


class DocumentEventKind(StrEnum):
    """What an invoice's or a bill's history records beyond its own rows."""

    PAYMENT_DELETED = "paiement_supprimé"
    TRANSFER_ISSUED = "virement_émis"


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
    """The lines of a document, or a French message naming the first wrong one (its
    designation, quantity, price and HT within bounds: no line may be negative, a credit
    note is its own document)."""
    kept = [line for line in lines if line.label.strip() or line.unit_price_cents]
    if not kept:
        raise ValidationError("Ajoutez au moins une ligne (désignation et prix).", "lines")
    for number, line in enumerate(kept, start=1):
        if not line.label.strip():
            raise ValidationError(f"Ligne {number} : la désignation manque.", "lines")
        try:
            check_text(line.label, TextLimit.LABEL, "le libellé", "lines")
            check_quantity(line.quantity_milli, "la quantité", "lines")
            check_amount(line.unit_price_cents, "le prix unitaire", "lines", negative=False)
            check_amount(line.ht_cents, "le total HT de la ligne", "lines")
        except ValidationError as error:
            raise ValidationError(f"Ligne {number} : {_uncap(error.message)}", "lines") from None
        if line.vat_rate_bp not in VAT_RATES_BP:
            raise ValidationError(f"Ligne {number} : taux de TVA inconnu en France.", "lines")
    check_amount(document_totals(kept).ttc_cents, "le total TTC du document", "lines")
    return kept


def _uncap(message: str) -> str:
    return message[:1].lower() + message[1:]


def document_totals(lines: Sequence[Line]) -> VatTotals:
    return totals((line.ht_cents, line.vat_rate_bp) for line in lines)


def parse_quantity(text: str) -> int:
    """« 2,5 » → 2500 thousandths, between a thousandth and a million units."""
    raw = (text or "").strip().replace(",", ".").replace(" ", "")
    if len(raw) > TextLimit.NUMBER:  # Decimal would read a thousand digits too
        raise ValidationError("La quantité a trop de chiffres.", "lines")
    try:
        value = Decimal(raw or "1")
    except ArithmeticError:
        raise ValidationError(f"« {text} » n'est pas une quantité.", "lines") from None
    if not value.is_finite():
        raise ValidationError(f"« {text} » n'est pas une quantité.", "lines")
    if value != value.quantize(Decimal("0.001")):
        raise ValidationError(f"« {text} » : trois décimales au plus.", "lines")
    return check_quantity(int(value * 1000), "la quantité", "lines")


def format_number(prefix: str, year: int, sequence: int) -> str:
    """F2026-0001: yearly, gapless, four digits at least."""
    return f"{prefix}{year}-{sequence:04d}"


def parse_number(number: str) -> tuple[str, int, int] | None:
    """F2026-0042 → ("F", 2026, 42); None for a number in another scheme (imported ones)."""
    match = _NUMBER.match(number.strip())
    return (match.group(1), int(match.group(2)), int(match.group(3))) if match else None


def check_number(number: str, issued_on: date, field: str = "number") -> str:
    """A document's number as typed or imported: bounded in length and, when it is in our
    scheme (F2026-0042), its year within a year of the issue date and its sequence bounded —
    F9999-0001 on an invoice of 2026 would move that year's numbering off for good."""
    check_text(number, TextLimit.NUMBER, "le numéro", field)
    parsed = parse_number(number)
    if parsed is None:
        return number
    _, year, sequence = parsed
    if abs(year - issued_on.year) > 1:
        raise ValidationError(
            f"Le numéro « {number} » porte l'année {year} pour une date de {issued_on.year} : "
            "l'année du numéro est celle de la date, à un an près.",
            field,
        )
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise ValidationError(
            f"Le numéro « {number} » : son rang va de 1 à {MAX_SEQUENCE:,}.".replace(",", "\u202f"),
            field,
        )
    return number


def proportional_lines(
    document: VatTotals,
    rates: Sequence[tuple[int, int]],
    label: str,
    share: Decimal | None = None,
    amount_ttc_cents: int | None = None,
) -> list[Line]:
    """Lines for a share of a document — a deposit on a quote, a credit note on an invoice —
    given as a % or as a TTC amount, spread over the document's VAT rates in proportion to their
    HT so the share carries the right VAT. `rates`: the document's (ht_cents, rate_bp) per rate.
    """
    if share is not None:
        if not 0 < share <= 100:
            raise ValidationError("Le pourcentage doit être entre 0 et 100.", "amount")
        ratio = share / 100
    elif amount_ttc_cents is not None:
        if not 0 < amount_ttc_cents <= document.ttc_cents:
            raise ValidationError(
                "Le montant doit être positif et au plus égal au total TTC "
                f"({format_amount(document.ttc_cents)}).",
                "amount",
            )
        ratio = Decimal(amount_ttc_cents) / document.ttc_cents
    else:
        raise ValidationError("Indiquez un pourcentage ou un montant.", "amount")
    lines = [
        Line(label, 1000, int((ht * ratio).quantize(Decimal(1), rounding=ROUND_HALF_UP)), rate)
        for ht, rate in rates
    ]
    if amount_ttc_cents is not None:
        lines = _closest(lines, amount_ttc_cents)
    return lines


def _closest(lines: list[Line], ttc_cents: int) -> list[Line]:
    """Nudge one line's HT by a few cents so the TTC is the typed one. VAT rounded per line
    makes some totals unreachable (at 5,5 % no HT gives certain TTCs): then a cent away."""
    best = lines
    best_gap = abs(ttc_cents - document_totals(lines).ttc_cents)
    for index, line in enumerate(lines):
        for nudge in (-3, -2, -1, 1, 2, 3):
            if best_gap == 0:
                return best
            tried = [*lines]
            tried[index] = Line(line.label, 1000, line.unit_price_cents + nudge, line.vat_rate_bp)
            gap = abs(ttc_cents - document_totals(tried).ttc_cents)
            if gap < best_gap:
                best, best_gap = tried, gap
    return best


def line_from_text(label: str, quantity: str, unit_price: str, vat_rate: str) -> Line:
    """A line as typed in a form: « 2,5 », « 45,00 », « 20 » (or « 5,5 »)."""
    check_text(label, TextLimit.LABEL, "le libellé", "lines")
    try:
        price = parse_amount(unit_price or "0")
    except TresoError as error:
        raise ValidationError(f"Prix unitaire : {error.message}", "lines") from None
    check_amount(price, "le prix unitaire", "lines", negative=False)
    rate = (vat_rate or "20").replace("%", "").replace(",", ".").strip()
    try:
        rate_bp = int(Decimal(rate[: TextLimit.NUMBER]) * 100)
    except (ArithmeticError, ValueError):
        raise ValidationError(f"« {vat_rate} » n'est pas un taux de TVA.", "lines") from None
    return Line(label.strip(), parse_quantity(quantity), price, rate_bp)
