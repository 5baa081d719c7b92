"""The planner's view-model and its exports, on the demo company, without a browser."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from openpyxl import load_workbook

from tests.conftest import DEMO_TODAY
from treso_app.domain.forecast import Flow, ForecastInput, Receivable, forecast, monthly_table
from treso_app.services import exports
from treso_app.services.dashboard import load_dashboard
from treso_app.services.forecast import planning_inputs
from treso_app.services.scenarios import OneOff, Plan
from treso_app.ui.format import money
from treso_app.ui.states.dashboard import present as present_dashboard
from treso_app.ui.states.forecast import (
    knob_label,
    month_heading,
    month_label,
    present_chart,
    present_plan,
)


def present(inputs, plan, compared) -> dict:
    """Everything the planner shows for `plan`: its chart part, then its plan part."""
    chart, result, others = present_chart(inputs, plan, compared)
    return chart | present_plan(result, others)


def _inputs(demo_url, days=183):
    return planning_inputs(DEMO_TODAY, days, url=demo_url)[1]


def test_the_plan_has_a_row_per_category_then_totals_and_month_end_cash(demo_url):
    view = present(_inputs(demo_url), Plan(), [])
    # From today, 25 November 2026, 183 days end on 27 May 2027: both months are parts.
    assert view["plan_months"][0] == "nov. 2026 (dès le 25/11)" and len(view["plan_months"]) == 7
    assert view["plan_months"][-2:] == ["avr. 2027", "mai 2027 (au 27/05)"]
    kinds = [row[0] for row in view["plan_rows"]]
    assert kinds[-4:] == ["total"] * 4 and "in" in kinds and "out" in kinds
    labels = [row[1] for row in view["plan_rows"]]
    assert labels[-4:] == [
        "Total entrées",
        "Total sorties",
        "Solde du mois",
        "Trésorerie fin de mois",
    ]
    assert all(len(row) == 2 + 7 for row in view["plan_rows"])
    assert view["safe_until"] and view["probability"].startswith("Risque")


def test_a_one_off_investment_shows_on_its_day_and_lowers_the_month_end(demo_url):
    inputs = _inputs(demo_url)
    on = DEMO_TODAY + timedelta(days=40)
    truck = OneOff(on, -3_500_000, "Achat camion")
    before = present(inputs, Plan(), [])
    after = present(inputs, Plan(events=(truck,)), [])
    assert ("Achat camion", -3_500_000, "") in after["day_events"][on.isoformat()]
    end_before, end_after = before["plan_rows"][-1][-1], after["plan_rows"][-1][-1]
    assert end_before != end_after
    assert "Événements ponctuels" in [row[1] for row in after["plan_rows"]]
    assert money(-3_500_000) in " ".join(" ".join(r) for r in after["plan_rows"])


def test_a_financed_invoice_arrives_two_bank_days_from_now(demo_url):
    inputs = _inputs(demo_url)
    biggest = max(inputs.receivables, key=lambda r: r.amount_cents)
    view = present(inputs, Plan(financed=(biggest.number,)), [])
    advanced = [
        (day, label)
        for day, flows in view["day_events"].items()
        for label, _, _ in flows
        if label.startswith("Financement")
    ]
    assert len(advanced) == 1 and biggest.number in advanced[0][1]
    assert DEMO_TODAY.isoformat() < advanced[0][0] <= (DEMO_TODAY + timedelta(days=5)).isoformat()


def test_exports_hold_the_exact_amounts(demo_url):
    inputs = _inputs(demo_url, 90)
    view = present(inputs, Plan(), [])
    months, rows = view["exports"]
    text = exports.plan_csv(months, rows, "Catégorie").decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert table[0][0] == "Catégorie" and table[0][1] == months[0]
    assert table[0][1:] == [
        "nov. 2026 (dès le 25/11)",
        "déc. 2026",
        "janv. 2027",
        "févr. 2027 (au 23/02)",
    ]
    assert table[-1][0] == "Trésorerie fin de mois"
    assert Decimal(table[-1][1].replace(",", ".")) == Decimal(rows[-1].cents[0]) / 100
    book = load_workbook(io.BytesIO(exports.plan_xlsx(months, rows, "Catégorie")))
    sheet = book.active
    assert sheet.cell(1, 1).value == "Catégorie"
    assert sheet.cell(1, 5).value == "févr. 2027 (au 23/02)"
    assert sheet.cell(len(rows) + 1, 1).value == "Trésorerie fin de mois"
    assert Decimal(str(sheet.cell(len(rows) + 1, 2).value)) == Decimal(rows[-1].cents[0]) / 100


def test_month_labels_follow_the_locale(monkeypatch):
    assert month_label("2027-02") == "févr. 2027"
    monkeypatch.setenv("TRESO_LOCALE", "en_GB")
    assert month_label("2027-02") == "Feb 2027"


def test_the_months_add_up_to_the_month_end_cash(demo_url):
    from treso_app.domain.forecast import PRESETS, forecast

    inputs = _inputs(demo_url)
    result = forecast(inputs, PRESETS["realiste"])
    table = monthly_table(result)
    running = inputs.balance_cents
    for month in table:
        running += month.inflows_cents + month.outflows_cents
        assert running == month.closing_cents


def _under(under_since: date | None) -> ForecastInput:
    """18 000 € on Monday 23 November 2026 under a 25 000 € threshold; a 20 000 € invoice
    lifts it above later on every sampled future."""
    invoice = Receivable("F1", date(2026, 11, 30), 2_000_000, delays=(0, 5, 10))
    return ForecastInput(
        as_of=date(2026, 11, 23),
        horizon_days=60,
        balance_cents=1_800_000,
        threshold_cents=2_500_000,
        receivables=(invoice,),
        under_since=under_since,
    )


def test_the_planner_says_since_when_the_balance_is_under_the_threshold():
    chart, _, _ = present_chart(_under(date(2026, 10, 30)), Plan(), [])
    assert (chart["safe_title"], chart["safe_until"]) == ("Sous le seuil depuis le", "30/10/2026")
    assert chart["probability"] == "Déjà sous le seuil : risque 100 %"
    assert chart["tone"] == "danger"
    chart, _, _ = present_chart(_under(None), Plan(), [])
    assert (chart["safe_title"], chart["safe_until"]) == ("Sous le seuil", "aujourd'hui")


def test_the_dashboard_says_since_when_the_balance_is_under_the_threshold(demo_url):
    board = load_dashboard(today=DEMO_TODAY, url=demo_url)
    since = DEMO_TODAY - timedelta(days=9)
    under = replace(board.projection, safe_until=DEMO_TODAY, under_since=since)
    view = present_dashboard(replace(board, projection=under))
    assert (view["safe_title"], view["safe_until"]) == ("Sous le seuil depuis le", "16/11/2026")
    threshold = money(board.threshold_cents)
    alert = f"Le solde est sous le seuil d'alerte ({threshold}) depuis le 16/11/2026."
    assert view["alerts"][0] == {"severity": "critical", "text": alert, "href": "/previsions"}
    today = replace(board.projection, safe_until=DEMO_TODAY, under_since=DEMO_TODAY)
    view = present_dashboard(replace(board, projection=today))
    assert (view["safe_title"], view["safe_until"]) == ("Sous le seuil", "aujourd'hui")
    alert = f"Le solde est sous le seuil d'alerte ({threshold}) aujourd'hui."
    assert view["alerts"][0]["text"] == alert
    safe = replace(board.projection, safe_until=None, under_since=None)  # safe all year
    view = present_dashboard(replace(board, projection=safe))
    assert (view["safe_title"], view["safe_until"]) == ("À l'abri jusqu'au", "Plus de 12 mois")


def test_the_delay_knob_agrees_with_its_number_of_days():
    assert knob_label("delay", 1) == "Clients : +1 jour de retard"
    assert knob_label("delay", -1) == "Clients : -1 jour de retard"
    assert knob_label("delay", 15) == "Clients : +15 jours de retard"
    assert knob_label("revenue", -10) == "Chiffre d'affaires : -10 %"


def test_a_days_card_adds_up_to_the_curves_change_and_tells_the_likely_invoices_apart(demo_url):
    """What the card counts for a day adds up to how far the curve moves that day; the
    invoices most likely paid that day follow under their own heading, already counted in
    the weighted receipts, never a second time."""
    inputs = _inputs(demo_url)
    _, result, others = present_chart(inputs, Plan(), [])
    view = present_plan(result, others)
    curve = [inputs.balance_cents, *(int(b) for b in result.realistic)]
    checked = informed = 0
    for position, day in enumerate(result.days):
        rows = view["day_events"].get(day.isoformat(), [])
        counted = [cents for _, cents, role in rows if role == ""]
        totals = [cents for _, cents, role in rows if role == "total"]
        if counted:
            assert totals == [sum(counted)] == [curve[position + 1] - curve[position]]
            checked += 1
        roles = [role for _, _, role in rows]
        if "info" in roles:
            assert roles.index("head") == roles.index("info") - 1 > roles.index("total") == 0
            assert all(role in ("head", "info") for role in roles[roles.index("head") :])
            informed += 1
    assert checked > 100 and informed > 5


def test_a_months_heading_says_which_part_of_it_the_plan_covers():
    def headings(as_of: date, days: int) -> list[str]:
        inputs = ForecastInput(as_of, days, 1_000_000, 0)
        return [month_heading(m) for m in monthly_table(forecast(inputs))]

    assert headings(date(2026, 11, 25), 10) == ["nov. 2026 (dès le 25/11)", "déc. 2026 (au 05/12)"]
    assert headings(date(2026, 11, 25), 3) == ["nov. 2026 (du 25/11 au 28/11)"]
    assert headings(date(2026, 12, 1), 31) == ["déc. 2026", "janv. 2027 (au 01/01)"]


def test_the_safe_until_figure_turns_amber_when_many_futures_go_under():
    """The realistic curve stays above the threshold, yet a fifth of the futures or more go
    under it: « sur tout l'horizon » is no all-clear, so the figure is amber, not green."""
    inputs = ForecastInput(date(2026, 11, 23), 60, 600_000, 500_000)
    rent = Flow(date(2026, 12, 10), -50_000, "Loyer", "Loyer", "récurrent")
    sales = tuple(
        Flow(date(2026, 11, 23) + timedelta(days=d), 3_000, "Ventes", "Ventes", "habituel", 1.0)
        for d in range(1, 60)
    )  # 1 770 € expected over the horizon; a spread of 1: a month may well bring none of it
    calm = replace(inputs, flows=(rent,))
    shaky = replace(inputs, flows=(rent, *sales), balance_cents=520_000)
    assert present_chart(calm, Plan(), [])[0]["tone"] == "safe"
    chart, result, _ = present_chart(shaky, Plan(), [])
    assert result.safe_until is None and result.probability_below >= 0.2
    assert chart["tone"] == "warning"
