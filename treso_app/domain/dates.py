"""Dates typed by people or found in spreadsheets: 25/11/2026, 25/11/26, 2026-11-25."""

from __future__ import annotations

import re
from datetime import date, datetime

from .errors import ValidationError

_FRENCH = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")


def parse_day(value: object, field: str = "date") -> date:
    """A date from a form, a CSV cell or an XLSX cell (which may already be a datetime)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if not text:
        raise ValidationError("Date manquante.", field)
    try:
        if match := _FRENCH.match(text):
            day, month, year = (int(g) for g in match.groups())
            return date(year + 2000 if year < 100 else year, month, day)
        return date.fromisoformat(text[:10])
    except ValueError:
        raise ValidationError(
            f"« {text} » n'est pas une date (exemple : 25/11/2026).", field
        ) from None
