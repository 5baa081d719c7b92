"""The dashboard's reminders line and links, without a browser."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from tests.conftest import DEMO_TODAY
from treso_app.domain.money import format_amount
from treso_app.domain.projection import CashEvent
from treso_app.services.dashboard import DocumentRef, MorningTasks, load_dashboard
from treso_app.ui.states.dashboard import present, present_tasks


@pytest.fixture(scope="module")
def board(demo_url):
    return load_dashboard(today=DEMO_TODAY, url=demo_url)


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (7, f"7 relances à envoyer ({format_amount(12_345_67)})"),
        (1, f"1 relance à envoyer ({format_amount(12_345_67)})"),
        (0, ""),
    ],
)
def test_todays_reminders_are_counted_on_the_dashboard(board, count, expected):
    view = present_tasks(board, MorningTasks(count, 12_345_67 if count else 0, {}))
    assert view["reminders"] == expected
    assert view["reminders_href"] == "/factures?onglet=relances"


def test_each_row_of_the_week_opens_its_invoice_bill_or_page(board):
    day = DEMO_TODAY + timedelta(days=1)
    board = replace(
        board,
        agenda=[
            CashEvent(day, 300_00, "Syndic Bellecour — F2026-0042", "facture"),
            CashEvent(day, -500_00, "CEDEO — FA-9", "fournisseur"),
            CashEvent(day, -2_000_00, "Loyer atelier", "récurrent"),
            CashEvent(day, 1_000_00, "Hôtel du Parc — D2026-0003 (devis accepté)", "facture"),
            CashEvent(day, 100_00, "Facture inconnue — F2020-0001", "facture"),
        ],
    )
    documents = {
        "Syndic Bellecour — F2026-0042": DocumentRef("facture", 42),
        "CEDEO — FA-9": DocumentRef("fournisseur", 9),
    }
    rows = present_tasks(board, MorningTasks(0, 0, documents))["agenda"]
    assert [r["href"] for r in rows] == [
        "/factures?facture=42",
        "/fournisseurs?facture=9",
        "/previsions",
        "/factures?onglet=devis",
        "/factures",
    ]


def test_each_point_of_attention_opens_its_page(board):
    board = replace(board, projection=replace(board.projection, safe_until=DEMO_TODAY))
    alerts = present(board)["alerts"]
    assert [a["href"] for a in alerts] == [
        "/previsions",
        "/factures?onglet=factures&filtre=retard",
        "/factures?onglet=balance",
    ]
