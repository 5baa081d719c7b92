"""The forecast of the demo company from its database, and `treso forecast --json`."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import select

from tests.conftest import DEMO_TODAY
from treso_app.cli import main
from treso_app.db import tables as t
from treso_app.db.session import read_only
from treso_app.domain.documents import Line
from treso_app.domain.forecast import PRESETS, monthly_table
from treso_app.services import counterparties, quotes, scenarios
from treso_app.services.companies import resolve_company
from treso_app.services.forecast import bank_balance, company_forecast
from treso_app.services.scenarios import OneOff, Plan


def test_the_forecast_starts_from_the_bank_balance_and_adds_up(demo_url):
    found = company_forecast(DEMO_TODAY, 90, PRESETS["realiste"], url=demo_url)
    result = found.result
    with read_only(demo_url) as session:
        balance = bank_balance(session, found.company_id, DEMO_TODAY)
    assert found.inputs.balance_cents == balance
    moved = sum(m.inflows_cents + m.outflows_cents for m in monthly_table(result))
    assert int(result.realistic[-1]) == balance + moved
    under = [
        d
        for d, b in zip(result.days, result.realistic, strict=True)
        if b < found.inputs.threshold_cents
    ]
    assert result.safe_until == (under[0] if under else None)


def test_as_of_sees_nothing_after_that_day(demo_url):
    as_of = DEMO_TODAY - timedelta(days=120)
    found = company_forecast(as_of, 30, PRESETS["realiste"], url=demo_url)
    with read_only(demo_url) as session:
        assert found.inputs.balance_cents == bank_balance(session, found.company_id, as_of)
    with read_only(demo_url) as session:
        later = set(session.exec(select(t.Invoice.number).where(t.Invoice.issued_on > as_of)).all())
    assert later and not later & {r.number for r in found.inputs.receivables}
    assert all(r.amount_cents > 0 for r in found.inputs.receivables)


def test_presets_order_the_demo_end_balance(demo_url):
    ends = {
        name: int(
            company_forecast(DEMO_TODAY, 90, PRESETS[name], url=demo_url).result.realistic[-1]
        )
        for name in PRESETS
    }
    assert ends["pessimiste"] < ends["realiste"] < ends["optimiste"]


def test_cli_json_is_the_documented_interface(demo_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", demo_url)
    assert main(["forecast", "--horizon", "30", "--as-of", DEMO_TODAY.isoformat(), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["as_of"], data["horizon_days"], data["scenario"]) == ("2026-11-25", 30, "realiste")
    assert len(data["series"]) == 31 and data["series"][0]["date"] == "2026-11-25"
    assert all(row["p10"] <= row["p50"] <= row["p90"] for row in data["series"])
    assert {"date", "balance_cents"} == set(data["lowest"])
    assert [m["month"] for m in data["monthly"]] == ["2026-11", "2026-12"]
    days = [row["date"] for row in data["series"]]
    assert data["safe_until"] is None or data["safe_until"] in days


def test_cli_forecasts_a_saved_scenario_by_name(demo_url, tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'copy.db'}"
    source = sqlite3.connect(demo_url.removeprefix("sqlite:///"))
    copy = sqlite3.connect(tmp_path / "copy.db")
    source.backup(copy)  # the demo database is shared: this test writes to a copy
    source.close(), copy.close()
    monkeypatch.setenv("DATABASE_URL", url)
    truck = OneOff(DEMO_TODAY + timedelta(days=10), -5_000_000, "Achat camion")
    scenarios.save(resolve_company(url=url), "Camion", Plan(events=(truck,)), url)
    args = ["forecast", "--horizon", "30", "--as-of", DEMO_TODAY.isoformat(), "--json"]
    assert main([*args, "--scenario", "Camion"]) == 0
    with_truck = json.loads(capsys.readouterr().out)
    assert main(args) == 0
    without = json.loads(capsys.readouterr().out)
    assert with_truck["series"][-1]["realistic"] == without["series"][-1]["realistic"] - 5_000_000
    assert main([*args, "--scenario", "Inconnu"]) == 1
    assert (
        "« Inconnu » inconnu : optimiste, realiste, pessimiste, Camion" in capsys.readouterr().err
    )


def test_an_accepted_quote_is_expected_after_conversion_terms_and_less_its_deposit(db_url):
    company = resolve_company(url=db_url)
    fields = {"name": "Clinique Saint-Joseph", "payment_terms": "30 jours"}
    client = counterparties.save_counterparty(company, "client", fields, url=db_url)
    day = date(2026, 11, 2)
    quotes.create_quote(company, client, day, [Line("Travaux", 1000, 10_000_00, 2000)], url=db_url)
    [quote] = quotes.quote_rows(company, day, db_url)

    def pipeline(as_of):
        found = company_forecast(as_of, 120, PRESETS["realiste"], company, db_url)
        return [(r.number, r.due_on, r.amount_cents) for r in found.inputs.receivables]

    assert pipeline(day) == []  # a draft is not counted
    quotes.set_status(company, quote.id, "accepté", day, db_url)
    # invoiced 30 days after acceptance (2 Dec), due 30 days later: Friday 1 Jan 2027 is a
    # public holiday, so Monday 4 Jan
    assert pipeline(day) == [("D2026-0001 (devis accepté)", date(2027, 1, 4), 12_000_00)]
    quotes.invoice_quote(company, quote.id, day, deposit_percent=Decimal(25), url=db_url)
    assert [r[2] for r in pipeline(day)] == [3_000_00, 9_000_00]  # the deposit, then the rest
    quotes.invoice_quote(company, quote.id, day, url=db_url)
    assert sorted(r[2] for r in pipeline(day)) == [3_000_00, 9_000_00]  # both are invoices now
    assert all("devis" not in r[0] for r in pipeline(day))
