"""How a bank line's category reads on `/banque`: its chip, the suggestion waiting for a
tap, and the name a « Toujours classer … ici » rule would take. Pure."""

from __future__ import annotations

from treso_app.domain.categorise import rule_from_line
from treso_app.i18n import t
from treso_app.services.bank import TransactionRow


def present_line_category(row: TransactionRow) -> dict[str, str]:
    made = rule_from_line(row.label, row.counterparty)
    suggested = row.category is None and row.suggestion is not None
    return {
        "id": str(row.id),
        # « chosen » (a category), « suggested » (to confirm) or « none » (to classify).
        "current": row.category or "",  # the menu ticks it
        "chip_state": "chosen" if row.category else "suggested" if suggested else "none",
        "chip": row.category
        or (t("category_suggested", name=row.suggestion) if suggested else t("category_none")),
        "suggestion_id": str(row.suggestion_id or "") if suggested else "",
        "always": t("category_always", name=made[1]) if made else "",
    }
