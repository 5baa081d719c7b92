"""Payment terms → due date (Code de commerce, art. L441-10).

Legal caps: 60 days from the invoice date, or 45 days end of month; 30 days when nothing was
agreed. "45 jours fin de mois" has two readings accepted by the DGCCRF — invoice date + 45 days
then end of month (our default), or end of month then + 45 days — chosen per company.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from .calendar import end_of_month, next_working_day
from .errors import PaymentTermsError

LEGAL_MAX_DAYS = 60
LEGAL_MAX_DAYS_END_OF_MONTH = 45
DEFAULT_DAYS = 30  # L441-10: 30 days after receipt of the goods / service when nothing agreed


class EndOfMonthReading(StrEnum):
    DAYS_THEN_END_OF_MONTH = "jours_puis_fin_de_mois"
    END_OF_MONTH_THEN_DAYS = "fin_de_mois_puis_jours"


@dataclass(frozen=True)
class PaymentTerms:
    days: int
    end_of_month: bool = False

    @property
    def label(self) -> str:
        if self.days == 0:
            return "à réception"
        return f"{self.days} jours fin de mois" if self.end_of_month else f"{self.days} jours"


_RECEIPT = re.compile(r"^(à|a)?\s*r[ée]ception|comptant|imm[ée]diat", re.IGNORECASE)
_DAYS = re.compile(
    r"^(\d{1,3})\s*(j|jours?)?\s*(?P<eom>(fin\s+de\s+mois|fdm|fin\s+mois))?"
    r"\s*(date\s+de\s+facture|net)?$",
    re.IGNORECASE,
)


def parse_terms(text: str | None) -> PaymentTerms:
    """« à réception », « 30 jours », « 45 jours fin de mois », « 60 jours date de facture »."""
    raw = (text or "").strip()
    if not raw:
        return PaymentTerms(DEFAULT_DAYS)
    if _RECEIPT.search(raw):
        return PaymentTerms(0)
    match = _DAYS.match(raw)
    if not match:
        raise PaymentTermsError(
            f"Délai de paiement « {raw} » non reconnu "
            "(exemples : « à réception », « 30 jours », « 45 jours fin de mois »)."
        )
    terms = PaymentTerms(int(match.group(1)), end_of_month=bool(match.group("eom")))
    cap = LEGAL_MAX_DAYS_END_OF_MONTH if terms.end_of_month else LEGAL_MAX_DAYS
    if terms.days > cap:
        raise PaymentTermsError(
            f"Délai « {raw} » au-delà du plafond légal ({cap} jours"
            f"{' fin de mois' if terms.end_of_month else ''}, art. L441-10 du Code de commerce)."
        )
    return terms


def due_date(
    issued_on: date,
    terms: PaymentTerms,
    reading: EndOfMonthReading = EndOfMonthReading.DAYS_THEN_END_OF_MONTH,
) -> date:
    """Contractual due date. Not moved to a business day: the debtor owes on that date, and the
    expected *cash* date is shifted later by the forecast (bank calendar)."""
    if not terms.end_of_month:
        return issued_on + timedelta(days=terms.days)
    if reading is EndOfMonthReading.DAYS_THEN_END_OF_MONTH:
        return end_of_month(issued_on + timedelta(days=terms.days))
    return end_of_month(issued_on) + timedelta(days=terms.days)


def payable_by(
    issued_on: date,
    terms: PaymentTerms,
    reading: EndOfMonthReading = EndOfMonthReading.DAYS_THEN_END_OF_MONTH,
) -> date:
    """The due date written on a new invoice: the contractual date, or the next French working
    day when it falls on a weekend or a public holiday (the client cannot pay a closed day)."""
    return next_working_day(due_date(issued_on, terms, reading))
