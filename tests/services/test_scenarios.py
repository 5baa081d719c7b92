from __future__ import annotations

from datetime import date

import pytest

from treso_app.domain.errors import TresoError
from treso_app.services import scenarios
from treso_app.services.companies import resolve_company
from treso_app.services.scenarios import OneOff, Plan

KNOBS = {"delay": 15, "unpaid": 5, "revenue": -10, "expenses": 5}
TRUCK = OneOff(date(2027, 3, 15), -3_500_000, "Achat camion")


def test_save_reload_duplicate_and_delete(db_url):
    company = resolve_company(url=db_url)
    plan = Plan(KNOBS, (TRUCK,), ("F2026-0122",), 450)
    first = scenarios.save(company, "  Gros   chantier ", plan, db_url)
    assert [(s.name, s.plan) for s in scenarios.saved(company, db_url)] == [("Gros chantier", plan)]
    later = Plan({**KNOBS, "delay": 30})
    assert scenarios.save(company, "Gros chantier", later, db_url) == first
    copy = scenarios.duplicate(company, first, db_url)
    again = scenarios.duplicate(company, first, db_url)
    names = [s.name for s in scenarios.saved(company, db_url)]
    assert names == ["Gros chantier", "Gros chantier (copie 2)", "Gros chantier (copie)"]
    scenarios.delete(company, copy, db_url)
    scenarios.delete(company, again, db_url)
    assert [s.plan for s in scenarios.saved(company, db_url)] == [later]


def test_a_plan_becomes_the_engines_scenario():
    scenario = Plan(KNOBS, (TRUCK,), ("F1",), 395).scenario("x")
    assert (scenario.client_delay_days, scenario.unpaid_bp) == (15, 500)
    assert (scenario.revenue_pct, scenario.expenses_pct) == (-10, 5)
    assert [(e.on, e.amount_cents, e.kind) for e in scenario.events] == [
        (date(2027, 3, 15), -3_500_000, "événement")
    ]
    assert scenario.financed == ("F1",) and scenario.financing_fee_bp == 395


@pytest.mark.parametrize(
    ("name", "plan", "message"),
    [
        ("", Plan(KNOBS), "Donnez un nom"),
        ("x" * 121, Plan(KNOBS), "121 caractères pour 120 au plus"),
        ("Trop", Plan({**KNOBS, "unpaid": 80}), "factures jamais payées"),
        ("Cher", Plan(KNOBS, fee_bp=2500), "frais de financement"),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_written(db_url, name, plan, message):
    company = resolve_company(url=db_url)
    with pytest.raises(TresoError, match=message):
        scenarios.save(company, name, plan, db_url)
    assert scenarios.saved(company, db_url) == []


@pytest.mark.parametrize(
    ("label", "on", "cents", "message"),
    [
        ("  ", date(2027, 1, 4), 100, "Décrivez"),
        ("Camion", None, 100, "date"),
        ("Camion", date(2027, 1, 4), 0, "nul"),
    ],
)
def test_a_one_off_event_needs_a_label_a_date_and_an_amount(label, on, cents, message):
    with pytest.raises(TresoError, match=message):
        scenarios.one_off(label, on, cents)
