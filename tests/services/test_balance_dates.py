"""An old statement is not today's cash: each account knows the day its balance is known at,
an old one is flagged, and a statement older than 90 days asks before it creates an account.

The real Banque Populaire exports of ../shared/fixtures/ofx end in July and August 2022.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import func, select

from treso_app.cli import main
from treso_app.db import tables as t
from treso_app.db.session import read_only, transaction
from treso_app.domain.errors import ValidationError
from treso_app.domain.forecast import PRESETS
from treso_app.services.companies import resolve_company
from treso_app.services.dashboard import load_dashboard
from treso_app.services.forecast import company_forecast
from treso_app.services.imports import Question, import_file
from treso_app.services.invoicing_settings import invoicing_settings, save_invoicing_settings

FRENCH = Path(__file__).resolve().parents[3] / "shared/fixtures/ofx/gpaulissen__ofxstatement-french"
pytestmark = pytest.mark.skipif(not FRENCH.exists(), reason=f"no shared fixtures at {FRENCH}")
TODAY = date(2026, 12, 1)
CURRENT, SAVINGS = "FR7610907000019999999999926", "FR7600000000009999999999985"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setenv("TRESO_TODAY", TODAY.isoformat())


@pytest.fixture
def company(db_url) -> int:
    return resolve_company(url=db_url)


def statement(name: str) -> bytes:
    return (FRENCH / f"BPACA_OP_{name}.ofx").read_bytes()


def accounts(url: str) -> dict[str, date | None]:
    with read_only(url) as session:
        return {a.iban: a.balance_on for a in session.exec(select(t.BankAccount)).all()}


def count(url: str, table) -> int:
    with read_only(url) as session:
        return session.exec(select(func.count()).select_from(table)).one()


def test_a_statement_of_2022_asks_before_it_creates_accounts(db_url, company):
    refused = import_file(company, "BPACA_OP_20220802.ofx", statement("20220802"), url=db_url)
    assert not refused.imported and refused.question == Question.OLD_STATEMENT
    assert "s'arrête au 02/08/2022, il y a plus de 90 jours" in refused.message
    assert count(db_url, t.BankAccount) == count(db_url, t.BankTransaction) == 0

    confirmed = import_file(
        company, "BPACA_OP_20220802.ofx", statement("20220802"), confirm_old=True, url=db_url
    )
    assert confirmed.imported and confirmed.new == 38
    # Both accounts: the statement's closing day (its LEDGERBAL of 02/08/2022).
    assert accounts(db_url) == {CURRENT: date(2022, 8, 2), SAVINGS: date(2022, 8, 2)}


def test_the_balance_date_follows_the_newest_statement_and_never_goes_back(db_url, company):
    import_file(company, "a.ofx", statement("20220802"), confirm_old=True, url=db_url)
    # Older and newer statements of accounts Tréso knows: no question, no new account.
    older = import_file(company, "b.ofx", statement("20220717"), url=db_url)
    assert older.imported and older.new == 63
    assert accounts(db_url) == {CURRENT: date(2022, 8, 2), SAVINGS: date(2022, 8, 2)}
    newer = import_file(company, "c.ofx", statement("20220828"), url=db_url)
    assert newer.imported
    assert accounts(db_url) == {CURRENT: date(2022, 8, 28), SAVINGS: date(2022, 8, 28)}


def test_the_dashboard_and_the_forecast_say_which_balances_are_old(db_url, company):
    import_file(company, "a.ofx", statement("20220802"), confirm_old=True, url=db_url)
    board = load_dashboard(company, today=TODAY, url=db_url)
    assert [(a.iban, a.balance_cents, a.balance_on, a.stale) for a in board.accounts] == [
        (CURRENT, 345254, date(2022, 8, 2), True),
        (SAVINGS, 955642, date(2022, 8, 2), True),
    ]
    found = company_forecast(TODAY, 30, PRESETS["realiste"], company, db_url)
    assert [(a.name, a.balance_on) for a in found.stale_accounts] == [
        ("Compte …9926", date(2022, 8, 2)),
        ("Compte …9985", date(2022, 8, 2)),
    ]


def test_stale_follows_the_company_setting(db_url, company):
    fresh = import_file(company, "a.ofx", statement("20220802"), confirm_old=True, url=db_url)
    assert fresh.imported
    with transaction(db_url) as session:  # a balance known 11 days ago
        for account in session.exec(select(t.BankAccount)).all():
            account.balance_on = date(2026, 11, 20)
    stale = [a.stale for a in load_dashboard(company, today=TODAY, url=db_url).accounts]
    assert stale == [True, True]  # 11 days > the default 10
    settings = invoicing_settings(company, db_url)  # as /parametres saves it
    assert settings.stale_balance_days == 10
    save_invoicing_settings(company, replace(settings, stale_balance_days=11), db_url)
    stale = [a.stale for a in load_dashboard(company, today=TODAY, url=db_url).accounts]
    assert stale == [False, False]
    with pytest.raises(ValidationError, match="de 1 à 365 jours"):
        save_invoicing_settings(company, replace(settings, stale_balance_days=0), db_url)


def test_the_command_line_asks_for_confirm_old(db_url, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("DATABASE_URL", db_url)
    path = tmp_path / "BPACA_OP_20220802.ofx"
    path.write_bytes(statement("20220802"))
    assert main(["import", str(path)]) == 1
    assert "Relancez avec --confirm-old" in capsys.readouterr().out
    assert main(["import", str(path), "--confirm-old"]) == 0
    capsys.readouterr()
    assert main(["forecast", "--horizon", "30"]) == 0
    out = capsys.readouterr().out
    assert "solde de départ de « Compte …9926 » (3\u202f452,54\xa0€) connu au 02/08/2022" in out
