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
from treso_app.db.session import read_only, transaction
from treso_app.domain.documents import Line
from treso_app.domain.forecast import PRESETS, monthly_table
from treso_app.services import counterparties, invoices, quotes, scenarios
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
    first = data["series"][0]
    assert first["p10"] == first["p50"] == first["p90"] == first["realistic"]
    # 30 days from 25 November: December is cut on the 25th, and says so.
    november, december = data["monthly"]
    assert (november["through"], november["partial"]) == ("2026-11-30", False)
    assert (december["through"], december["partial"]) == ("2026-12-25", True)
    for month in data["monthly"]:
        assert month["inflows_cents"] == sum(month["inflows_by_category"].values())
        assert month["outflows_cents"] == sum(month["outflows_by_category"].values())
        assert all(v > 0 for v in month["inflows_by_category"].values())
        assert all(v < 0 for v in month["outflows_by_category"].values())
        for category, net in month["by_category"].items():
            money_in = month["inflows_by_category"].get(category, 0)
            assert net == money_in + month["outflows_by_category"].get(category, 0)


def _small_company(url: str, threshold_cents: int) -> int:
    """One account opened on 1 October 2026 at 30 000 €, lines without any category:
    35 000 € after 15 Oct, 33 000 € after 20 Oct, 27 000 € after 5 Nov, 23 000 € after
    12 Nov, 24 000 € after 20 Nov."""
    lines = [
        (date(2026, 10, 15), 500_000),
        (date(2026, 10, 20), -200_000),
        (date(2026, 11, 5), -600_000),
        (date(2026, 11, 12), -400_000),
        (date(2026, 11, 20), 100_000),
    ]
    with transaction(url) as session:
        company = t.Company(name="Atelier Durand", alert_threshold_cents=threshold_cents)
        session.add(company)
        session.flush()
        account = t.BankAccount(
            company_id=company.id,
            name="Compte courant",
            opening_balance_cents=3_000_000,
            opening_on=date(2026, 10, 1),
        )
        session.add(account)
        session.flush()
        for number, (day, cents) in enumerate(lines):
            session.add(
                t.BankTransaction(
                    company_id=company.id,
                    account_id=account.id,
                    booked_on=day,
                    amount_cents=cents,
                    label=f"Ligne {number}",
                    dedup_key=f"k{number}",
                )
            )
        return company.id


def test_under_the_threshold_says_since_when_from_the_bank_history(db_url, monkeypatch, capsys):
    company = _small_company(db_url, threshold_cents=2_500_000)
    realistic = PRESETS["realiste"]
    # Under 25 000 € since 12 Nov (27 000 € the day before); on the 12th: since today.
    later = company_forecast(date(2026, 11, 23), 60, realistic, company, db_url).result
    assert (later.safe_until, later.under_since) == (date(2026, 11, 23), date(2026, 11, 12))
    assert later.probability_below == 1.0
    that_day = company_forecast(date(2026, 11, 12), 60, realistic, company, db_url).result
    assert that_day.under_since == date(2026, 11, 12)
    before = company_forecast(date(2026, 11, 11), 60, realistic, company, db_url).result
    assert before.under_since is None
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert main(["forecast", "--as-of", "2026-11-23"]) == 0
    text = capsys.readouterr().out
    assert "Sous le seuil depuis le 12/11/2026" in text
    assert "Déjà sous le seuil : risque 100 %" in text and "abri" not in text
    assert main(["forecast", "--as-of", "2026-11-12"]) == 0
    assert "Sous le seuil aujourd'hui" in capsys.readouterr().out


def test_under_the_threshold_for_as_long_as_the_history_goes_is_said_of_today(db_url):
    company = _small_company(db_url, threshold_cents=4_000_000)  # never 40 000 €
    result = company_forecast(date(2026, 11, 23), 30, PRESETS["realiste"], company, db_url).result
    assert result.under_since == date(2026, 11, 23)


def test_a_single_category_shows_its_money_in_and_out(db_url, monkeypatch, capsys):
    """Every line « Non classé »: October's 5 000 € in and 2 000 € out are December's usual
    activity, and the month shows both, not a net 3 000 € in and nothing out."""
    _small_company(db_url, threshold_cents=0)
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert main(["forecast", "--as-of", "2026-11-23", "--horizon", "60", "--json"]) == 0
    december = json.loads(capsys.readouterr().out)["monthly"][1]
    assert december["month"] == "2026-12" and not december["partial"]
    assert (december["inflows_cents"], december["outflows_cents"]) == (500_000, -200_000)
    assert december["by_category"] == {"Non classé": 300_000}
    assert december["inflows_by_category"] == {"Non classé": 500_000}
    assert december["outflows_by_category"] == {"Non classé": -200_000}


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


def test_an_invoice_in_litige_is_not_counted_on(demo_url):
    """The owner flags a client's contested invoice « litige »: the forecast stops counting
    on it (as on a doubtful one) until the flag is lifted."""

    def forecast_now():
        return company_forecast(DEMO_TODAY, 90, PRESETS["realiste"], url=demo_url)

    before = forecast_now()
    with read_only(demo_url) as session:
        numbers = {i.number: i for i in session.exec(select(t.Invoice)).all()}
    written = [r for r in before.inputs.receivables if r.number in numbers]  # quotes aside
    biggest = max(written, key=lambda r: r.amount_cents)
    invoice = numbers[biggest.number]
    invoices.set_disputed(before.company_id, invoice.id, True, demo_url)
    contested = forecast_now()
    assert biggest.number not in {r.number for r in contested.inputs.receivables}
    lost = int(before.result.realistic[-1]) - int(contested.result.realistic[-1])
    assert lost == biggest.amount_cents  # all of it would have come within the 90 days
    invoices.set_disputed(before.company_id, invoice.id, False, demo_url)
    assert biggest.number in {r.number for r in forecast_now().inputs.receivables}
