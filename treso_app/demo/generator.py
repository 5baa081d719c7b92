"""Build 24 months of a demo company's life as plain records (no database here).

Three kinds: the plumber (the demo everyone sees), a shop with daily card takings and a
strong December, a service agency with a few large clients on 60-day terms. Deterministic:
a fixed seed per kind and dates relative to `today`; the same day gives the same book.
"""

from __future__ import annotations

from datetime import date

from treso_app.domain.errors import ValidationError

from . import cast
from .book import BillRecord, DemoBook, InvoiceRecord, Line, RecurringFlow
from .kinds import agence, commerce, plombier

KINDS = {"plombier": plombier.build, "commerce": commerce.build, "agence": agence.build}
PROFILES = {"plombier": cast.PROFILE, "commerce": commerce.PROFILE, "agence": agence.PROFILE}

__all__ = [
    "KINDS",
    "PROFILES",
    "BillRecord",
    "DemoBook",
    "InvoiceRecord",
    "Line",
    "RecurringFlow",
    "build",
]


def build(today: date, years: int = 2, scale: int = 1, kind: str = "plombier") -> DemoBook:
    """The demo book of `kind` ending `today`. `years` and `scale` (more activity, the same
    team and charges) make the large company of the benchmarks."""
    if kind not in KINDS:
        raise ValidationError(f"type de démonstration « {kind} » inconnu : {', '.join(KINDS)}.")
    return KINDS[kind](today, years, scale)
