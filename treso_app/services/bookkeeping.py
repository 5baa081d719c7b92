"""What follows every import of bank lines or of documents: the new lines are classified,
bank lines and invoices or bills are matched, recurring flows are looked for again.

Each step is its own transaction, after the import's: the lines are kept whatever happens
next, and a step that fails is logged and run again on the next import (or by
`treso reconcile`) — it never undoes an import.
"""

from __future__ import annotations

import logging

from treso_app.services.recurring import detect_recurring

log = logging.getLogger(__name__)


def after_import(company_id: int, url: str | None = None) -> None:
    """Runs the steps in order: categories first (a reconciled line then takes its
    document's category), then reconciliation, then recurring flows (made of what is left)."""
    for name, step in _steps():
        try:
            step(company_id, url)
        except Exception:  # a step's bug must not make an import look failed
            log.exception("%s failed after an import (company %s)", name, company_id)


def _steps():
    """(name, callable(company_id, url)) in order; each step module adds itself here."""
    from treso_app.services import categories  # imported here: those modules import this one
    from treso_app.services.reconcile import reconcile

    return [
        ("categories", categories.categorise),
        ("reconcile", reconcile),
        ("recurring flows", detect_recurring),  # last: made of the lines the others left
    ]
