"""Display formatting with Babel for the configured locale (fr_FR by default)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol

from treso_app.domain.money import format_amount
from treso_app.settings import locale_name


def locale() -> str:
    return locale_name()


def money(cents: int, signed: bool = False) -> str:
    return format_amount(cents, locale(), signed=signed)


def short_date(day: date) -> str:
    """25/11/2026"""
    return format_date(day, "short", locale=locale())


def long_date(day: date) -> str:
    """mercredi 25 novembre 2026"""
    return _long_date(day, locale())


@lru_cache(maxsize=4096)
def _long_date(day: date, locale_name: str) -> str:
    return format_date(day, "full", locale=locale_name)  # charts ask for the same days often


def number_separators() -> str:
    """Decimal then group symbol, as plotly's `separators` wants them: ",\u202f" in French."""
    return get_decimal_symbol(locale()) + get_group_symbol(locale())


def day_label(day: date) -> str:
    """mer. 25 nov."""
    return format_date(day, "EEE d MMM", locale=locale())


def number(value: Decimal | float | int) -> str:
    """2,5 — a quantity, a rate or a number of days, in the locale's style."""
    return format_decimal(value, locale=locale())


def percent(share: Fraction) -> str:
    """23 % — a share, rounded to the unit."""
    return format_percent(Decimal(share.numerator) / Decimal(share.denominator), locale=locale())
