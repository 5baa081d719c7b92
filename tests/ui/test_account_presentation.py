"""Every account says the day its balance is known at; an old one is flagged and named in
the points of attention (dashboard) and on /banque."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.conftest import DEMO_TODAY
from treso_app.services.accounts import AccountStatus
from treso_app.services.companies import resolve_company
from treso_app.services.dashboard import load_dashboard
from treso_app.services.imports import import_file
from treso_app.ui.states.bank import present_account
from treso_app.ui.states.dashboard import present

STATEMENT = (
    Path(__file__).resolve().parents[3]
    / "shared/fixtures/ofx/gpaulissen__ofxstatement-french/BPACA_OP_20220802.ofx"
)


@pytest.mark.skipif(not STATEMENT.exists(), reason="no shared fixtures")
def test_a_2022_statement_shows_its_date_and_is_flagged(db_url, monkeypatch):
    monkeypatch.setenv("TRESO_TODAY", "2026-12-01")
    company = resolve_company(url=db_url)
    import_file(company, "r.ofx", STATEMENT.read_bytes(), confirm_old=True, url=db_url)
    view = present(load_dashboard(company, today=date(2026, 12, 1), url=db_url))
    assert [(a["name"], a["known_on"], a["stale"]) for a in view["accounts"]] == [
        ("Compte …9926", "solde au 02/08/2022", "1"),
        ("Compte …9985", "solde au 02/08/2022", "1"),
    ]
    texts = [a["text"] for a in view["alerts"]]
    assert "Le solde de « Compte …9926 » date du 02/08/2022 : importez un relevé récent" in (
        texts[0] if texts else ""
    )
    assert sum("date du 02/08/2022" in text for text in texts) == 2


def test_the_demo_balances_are_of_today(demo_url):
    view = present(load_dashboard(today=DEMO_TODAY, url=demo_url))
    assert {(a["known_on"], a["stale"]) for a in view["accounts"]} == {("solde au 25/11/2026", "")}
    assert not any("date du" in a["text"] for a in view["alerts"])


def test_an_account_never_imported_says_so():
    never = AccountStatus(1, "Compte …0143", "BNP Paribas", "FR76…0143", 0, None, True)
    assert present_account(never) == {
        "name": "Compte …0143",
        "bank": "BNP Paribas · FR76…0143",
        "balance": "0,00\xa0€",
        "known_on": "solde jamais relevé",
        "stale": "1",
    }
