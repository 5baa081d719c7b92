"""The bounds of every value Tréso accepts, one home for readers, forms and services alike.

Each check returns the value when it is within its bounds and otherwise raises
`ValidationError` with a French message that names the value (`what`) and the bound, and
the form field it belongs to (`field`), so that a form shows it next to that field and a
reader next to the file's line. Beyond these bounds a value is a typing slip or a hostile
file, never a French small business's money: and sums of bounded amounts cannot overflow
the database's 64-bit integers.
"""

from __future__ import annotations

from datetime import date
from enum import IntEnum

from babel.dates import format_date
from babel.numbers import format_decimal

from treso_app.domain.errors import ValidationError

# |amount| < 10¹² € (in cents): 92,000 lines at the bound still add up within 64 bits, and
# an account's balance is bounded the same way.
MAX_AMOUNT_CENTS = 10**14 - 1
MAX_TURNOVER_CENTS = 1_000 * MAX_AMOUNT_CENTS  # all of one account's lines, unsigned: any
# SUM over 90 such accounts, in whatever order, stays within 64 bits
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2100, 12, 31)
MAX_QUANTITY_MILLI = 10**9  # one million units (in thousandths) on an invoice line


class TextLimit(IntEnum):
    """The longest text of each kind, in characters."""

    NAME = 120  # a company, a client, a supplier, a category, a scenario
    NUMBER = 40  # a document's number or reference
    LABEL = 500  # a bank line's label, an invoice line's designation
    NOTE = 2_000  # a description, a note, a reminder's text
    EMAIL = 254  # RFC 5321


def check_amount(
    cents: int, what: str, field: str = "", *, negative: bool = True, zero: bool = True
) -> int:
    """`cents` within ±`MAX_AMOUNT_CENTS`; `negative` / `zero` say whether those may be."""
    if not negative and cents < 0:
        raise ValidationError(f"{_cap(what)} ne peut pas être négatif.", field)
    if not zero and cents == 0:
        raise ValidationError(f"{_cap(what)} ne peut pas être nul.", field)
    if abs(cents) > MAX_AMOUNT_CENTS:
        raise ValidationError(
            f"{_cap(what)} dépasse la limite de {_euros(MAX_AMOUNT_CENTS)} : "
            "vérifiez le nombre de chiffres.",
            field,
        )
    return cents


def check_date(day: date, what: str, field: str = "") -> date:
    """`day` between 1900 and 2100."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(
            f"{_cap(what)} ({_day(day)}) doit être entre le {_day(FIRST_DAY)} "
            f"et le {_day(LAST_DAY)}.",
            field,
        )
    return day


def check_text(text: str, limit: TextLimit, what: str, field: str = "") -> str:
    """`text` of at most `limit` characters (the text itself is not echoed: it may be huge)."""
    if len(text) > limit:
        raise ValidationError(
            f"{_cap(what)} est trop long : {_count(len(text))} caractères pour "
            f"{_count(int(limit))} au plus.",
            field,
        )
    return text


def check_quantity(quantity_milli: int, what: str = "la quantité", field: str = "") -> int:
    """A positive quantity of at most a million units."""
    if quantity_milli <= 0:
        raise ValidationError(f"{_cap(what)} doit être positive.", field)
    if quantity_milli > MAX_QUANTITY_MILLI:
        raise ValidationError(
            f"{_cap(what)} dépasse {_count(MAX_QUANTITY_MILLI // 1000)} : "
            "vérifiez le nombre de chiffres.",
            field,
        )
    return quantity_milli


def _cap(what: str) -> str:
    return what[:1].upper() + what[1:]


def _euros(cents: int) -> str:
    return f"{format_decimal(cents // 100, locale='fr_FR')} €"


def _count(value: int) -> str:
    return format_decimal(value, locale="fr_FR")


def _day(day: date) -> str:
    return format_date(day, "dd/MM/yyyy", locale="fr_FR")
