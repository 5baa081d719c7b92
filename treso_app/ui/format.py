"""Display formatting with Babel for the configured locale (fr_FR by default)."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from treso_app.domain.money import format_amount
from treso_app.settings import load_settings


def locale() -> str:
    return load_settings().locale


def money(cents: int, signed: bool = False) -> str:
    return format_amount(cents, locale(), signed=signed)


def short_date(day: date) -> str:
    """25/11/2026"""
    return format_date(day, "short", locale=locale())


def long_date(day: date) -> str:
    """mercredi 25 novembre 2026"""
    return format_date(day, "full", locale=locale())


def day_label(day: date) -> str:
    """mer. 25 nov."""
    return format_date(day, "EEE d MMM", locale=locale())
