"""The forecast engine on small hand-computed cases."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from treso_app.domain.forecast import (
    FRENCH_B2B_DELAY_DAYS,
    PRESETS,
    Flow,
    ForecastInput,
    Receivable,
    Scenario,
    forecast,
)

MONDAY = date(2026, 11, 23)


def balance_on(result, day: date) -> int:
    return int(result.realistic[result.days.index(day)])


def base(**changes) -> ForecastInput:
    values = dict(as_of=MONDAY, horizon_days=30, balance_cents=1_000_000, threshold_cents=500_000)
    values.update(changes)
    return ForecastInput(**values)


def test_one_row_per_day_from_today_and_flows_on_their_day():
    rent = Flow(MONDAY + timedelta(days=2), -300_000, "Loyer", "Loyer", "récurrent")
    result = forecast(base(flows=(rent,)))
    assert len(result.days) == 31 and result.days[0] == MONDAY
    assert balance_on(result, MONDAY + timedelta(days=1)) == 1_000_000
    assert balance_on(result, MONDAY + timedelta(days=2)) == 700_000
    assert result.lowest_cents == 700_000 and result.safe_until is None


def test_an_invoice_arrives_after_its_clients_usual_delay_on_a_bank_day():
    # Due Monday 23, the client pays 12 days late on average → Saturday 5 Dec → Monday 7.
    invoice = Receivable("F2026-0101", MONDAY, 250_000, delays=(10, 12, 14))
    result = forecast(base(receivables=(invoice,)))
    assert balance_on(result, date(2026, 12, 4)) == 1_000_000
    assert balance_on(result, date(2026, 12, 7)) == 1_250_000


def test_without_any_history_the_french_average_delay_is_used():
    invoice = Receivable("F1", MONDAY, 100_000)
    expected = MONDAY + timedelta(days=FRENCH_B2B_DELAY_DAYS)  # Sunday 6 → Monday 7 Dec
    result = forecast(base(receivables=(invoice,)))
    assert expected.isoweekday() == 7
    assert balance_on(result, expected) == 1_000_000
    assert balance_on(result, expected + timedelta(days=1)) == 1_100_000


def test_safe_until_is_the_first_day_under_the_threshold():
    bills = (
        Flow(date(2026, 11, 30), -400_000, "URSSAF", "Charges sociales", "récurrent"),
        Flow(date(2026, 12, 1), -200_000, "Fournisseur", "Achats", "fournisseur"),
    )
    result = forecast(base(flows=bills))
    assert result.safe_until == date(2026, 12, 1)
    assert (result.lowest_on, result.lowest_cents) == (date(2026, 12, 1), 400_000)


def test_scenario_knobs_move_the_curve_by_the_right_amount():
    usual_in = Flow(date(2026, 11, 25), 100_000, "Activité", "Clients", "habituel")
    usual_out = Flow(date(2026, 11, 25), -50_000, "Activité", "Achats", "habituel")
    bill = Flow(date(2026, 11, 25), -20_000, "Facture EDF", "Énergie", "fournisseur")
    invoice = Receivable("F1", date(2026, 11, 24), 80_000, delays=(0,))
    inputs = base(flows=(usual_in, usual_out, bill), receivables=(invoice,))
    day = date(2026, 11, 25)
    realistic = balance_on(forecast(inputs), day)
    assert realistic == 1_000_000 + 100_000 - 50_000 - 20_000 + 80_000
    knobs = Scenario("test", revenue_pct=-10, expenses_pct=10, unpaid_bp=2_500)
    moved = balance_on(forecast(inputs, knobs), day)
    # −10 % on usual inflows, +10 % on usual outflows, a bill stays a bill, 25 % unpaid.
    assert moved == 1_000_000 + 90_000 - 55_000 - 20_000 + 60_000


def test_more_client_delay_pushes_receipts_later():
    invoice = Receivable("F1", MONDAY, 100_000, delays=(1,))
    later = forecast(base(receivables=(invoice,)), Scenario("x", client_delay_days=15))
    assert balance_on(later, date(2026, 12, 8)) == 1_000_000
    assert balance_on(later, date(2026, 12, 9)) == 1_100_000


def test_one_off_events_of_a_scenario():
    truck = Flow(date(2026, 12, 10), -3_000_000, "Camion", "Investissement", "événement")
    result = forecast(base(), Scenario("camion", events=(truck,)))
    assert result.safe_until == date(2026, 12, 10)
    assert result.events[date(2026, 12, 10)] == [truck]


def test_bands_are_ordered_reproducible_and_hold_the_realistic_receipts():
    invoices = tuple(
        Receivable(f"F{i}", MONDAY + timedelta(days=i), 50_000, delays=(0, 5, 10, 30))
        for i in range(10)
    )
    inputs = base(receivables=invoices, horizon_days=90)
    first, second = forecast(inputs, seed=3), forecast(inputs, seed=3)
    assert np.array_equal(first.p10, second.p10) and np.array_equal(first.p90, second.p90)
    assert (first.p10 <= first.p50).all() and (first.p50 <= first.p90).all()
    # After every invoice has surely arrived, every path holds all of them.
    assert first.p10[-1] == first.p90[-1] == 1_000_000 + 500_000


@pytest.mark.parametrize("preset", ["optimiste", "realiste", "pessimiste"])
def test_presets_order_the_end_balance(preset):
    invoices = tuple(Receivable(f"F{i}", MONDAY, 100_000, delays=(20,)) for i in range(5))
    usual = tuple(
        Flow(MONDAY + timedelta(days=d), amount, "Activité", "Divers", "habituel")
        for d in range(1, 60, 7)
        for amount in (80_000, -60_000)
    )
    inputs = base(receivables=invoices, flows=usual, horizon_days=60)
    ends = {name: int(forecast(inputs, PRESETS[name]).realistic[-1]) for name in PRESETS}
    assert ends["pessimiste"] < ends["realiste"] < ends["optimiste"]


def test_the_probability_of_going_under_the_threshold():
    invoice = Receivable("F1", MONDAY, 600_000, delays=(0,))
    salary = Flow(date(2026, 11, 30), -700_000, "Salaires", "Salaires", "récurrent")
    safe = forecast(base(receivables=(invoice,), flows=(salary,)))
    assert safe.probability_below == 0.0
    never_paid = forecast(base(receivables=(invoice,), flows=(salary,)), Scenario(unpaid_bp=10_000))
    assert never_paid.probability_below == 1.0


def test_an_invoice_already_late_expects_only_the_delays_still_possible():
    due = date(2026, 11, 10)
    invoice = Receivable("F7", due, 100_000, delays=(5, 10, 30, 40))
    # 13 days late on 23 Nov: 5 and 10 are past, the mean of 30 and 40 is 35 → 15 Dec.
    result = forecast(base(receivables=(invoice,), horizon_days=40))
    assert balance_on(result, date(2026, 12, 14)) == 1_000_000
    assert balance_on(result, date(2026, 12, 15)) == 1_100_000
    later_than_ever = Receivable("F8", date(2026, 10, 1), 100_000, delays=(5, 10))
    result = forecast(base(receivables=(later_than_ever,)))
    assert balance_on(result, date(2026, 11, 30)) == 1_100_000  # a week from today
    assert balance_on(result, date(2026, 11, 27)) == 1_000_000


def test_a_financed_invoice_arrives_in_two_days_minus_the_fee():
    invoice = Receivable("F2026-0200", MONDAY, 1_000_000, delays=(30,))
    financed = forecast(base(receivables=(invoice,)), Scenario(financed=("F2026-0200",)))
    assert balance_on(financed, date(2026, 11, 24)) == 1_000_000
    assert balance_on(financed, date(2026, 11, 25)) == 1_000_000 + 1_000_000 - 39_500
    # The client's payment, 30 days after the due date, goes to the financer.
    assert int(financed.realistic[-1]) == 1_960_500
    assert financed.p10[-1] == financed.p90[-1] == 1_960_500


def test_the_band_scales_with_the_revenue_knob_and_does_not_depend_on_earlier_moves():
    """The dice are thrown once per inputs: a knob moves the band by exactly its share, and
    the band of a scenario is the same whatever was forecast before it."""
    sales = tuple(
        Flow(MONDAY + timedelta(days=d), 40_000, "Ventes", "Ventes", "habituel", spread=0.3)
        for d in range(1, 60, 3)
    )
    inputs = base(flows=sales, horizon_days=60, balance_cents=0)
    plain = forecast(inputs, Scenario(), seed=5)
    more = forecast(inputs, Scenario(revenue_pct=10), seed=5)
    # Only the usual inflows vary, so every sampled path grows by the same 10 % (within a
    # cent per sale: each day's amount is rounded to the cent).
    assert np.abs(more.p10 - plain.p10 * 1.1).max() <= len(sales)
    assert np.abs(more.p90 - plain.p90 * 1.1).max() <= len(sales)
    assert more.p90[-1] - plain.p90[-1] > 50_000  # and it did move
    fresh = forecast(base(flows=sales, horizon_days=60, balance_cents=0), Scenario(), seed=5)
    assert np.array_equal(plain.p10, fresh.p10) and np.array_equal(plain.p90, fresh.p90)
