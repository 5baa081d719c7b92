"""The « À rapprocher » card's words: a waiting line, then its suggestions."""

from __future__ import annotations

from datetime import date

from treso_app.domain.matching import DocumentKind
from treso_app.services.reconcile import DocumentChoice, ReviewQueue, SuggestionRow, WaitingLine
from treso_app.ui.states.reconcile import present_queue, still_shown


def test_a_partly_used_line_and_its_grouped_suggestion():
    docs = [
        DocumentChoice(
            DocumentKind.INVOICE,
            1,
            "F2026-0042",
            "Hôtel du Parc",
            date(2026, 3, 31),
            1200_00,
            1200_00,
        ),
        DocumentChoice(
            DocumentKind.INVOICE,
            2,
            "F2026-0043",
            "Hôtel du Parc",
            date(2026, 4, 30),
            800_00,
            800_00,
        ),
    ]
    line = WaitingLine(
        7,
        date(2026, 4, 2),
        "VIR HOTEL DU PARC",
        2500_00,
        2000_00,
        [SuggestionRow(9, 1, 0.704, "virement groupé de 2 documents · montant exact", docs)],
    )
    shown = present_queue(ReviewQueue([line], 1, []))
    assert shown["waiting_count"] == "1 ligne à vérifier"
    head, suggestion = shown["rows"]
    assert (head["kind"], head["day"], head["amount"]) == (
        "line",
        "02/04/2026",
        "+2\u202f500,00\u00a0€",
    )
    assert head["note"] == "reste 2\u202f000,00\u00a0€ à rapprocher"
    assert suggestion["documents"] == (
        "F2026-0042 — Hôtel du Parc (1\u202f200,00\u00a0€)"
        " + F2026-0043 — Hôtel du Parc (800,00\u00a0€)"
    )
    assert (suggestion["id"], suggestion["score"]) == ("9", "confiance 70 %")


def test_a_second_tap_on_a_suggestion_already_applied_does_nothing():
    rows = [{"kind": "line", "id": "7"}, {"kind": "suggestion", "id": "3"}]
    assert still_shown(rows, "3")
    assert not still_shown(rows, "7")  # a line's id is not a suggestion's
    assert not still_shown([{"kind": "line", "id": "7"}], "3")  # the first tap took it
