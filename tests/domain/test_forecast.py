"""The forecast engine on small hand-computed cases."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from treso_app.domain.forecast import (
    FRENCH_B2B_DELAY_DAYS,
    PRESETS,
    Flow,
    ForecastInput,
    Receivable,
    Scenario,
    cash_plan,
    forecast,
    monthly_table,
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


def test_an_invoice_arrives_over_its_clients_usual_delays_on_bank_days():
    # Due Monday 23; the client paid 10, 12 and 14 days late, each as often. Read between
    # them, each at the middle of its third (1/6, 1/2, 5/6): a quarter of the futures pay
    # within 10.5 days (Thursday 3 Dec), 5/12 within 11.5 (Friday 4), the rest on the
    # weekend — Monday 7. The curve counts the invoice for those chances.
    invoice = Receivable("F2026-0101", MONDAY, 250_000, delays=(10, 12, 14))
    result = forecast(base(receivables=(invoice,)))
    assert balance_on(result, date(2026, 12, 2)) == 1_000_000
    assert balance_on(result, date(2026, 12, 3)) == 1_000_000 + 250_000 // 4
    assert balance_on(result, date(2026, 12, 4)) == 1_000_000 + 250_000 * 417 // 1000
    assert balance_on(result, date(2026, 12, 6)) == balance_on(result, date(2026, 12, 4))
    assert balance_on(result, date(2026, 12, 7)) == 1_250_000
    # The lists show it on its most likely day: the median, 12 days → Saturday → Monday 7.
    assert [(f.label, f.amount_cents) for f in result.expected[date(2026, 12, 7)]] == [
        ("F2026-0101", 250_000)
    ]
    assert result.expected.keys() == {date(2026, 12, 7)}


def test_without_any_history_the_french_average_delay_is_used():
    invoice = Receivable("F1", MONDAY, 100_000)
    expected = MONDAY + timedelta(days=FRENCH_B2B_DELAY_DAYS)  # Sunday 6 → Monday 7 Dec
    result = forecast(base(receivables=(invoice,)))
    assert expected.isoweekday() == 7
    assert list(result.expected) == [expected + timedelta(days=1)]
    # Around it, a normal spread: half of the futures have paid by then, not a day sooner.
    assert balance_on(result, expected) < 1_050_000 < balance_on(result, expected + timedelta(1))


def test_an_invoice_already_late_expects_only_the_delays_still_possible():
    due = date(2026, 11, 10)
    invoice = Receivable("F7", due, 100_000, delays=(5, 10, 30, 40))
    # 13 days late on 23 Nov: 5 and 10 are past; 30 and 40 are left, read between them
    # (each at the middle of its half: 30 + 20 (u − 1/4)), under 30.5 days for u < 0.275:
    # 275 futures in 1,000 by Thursday 10 Dec, none before, all by the 40 days (Sunday 20
    # → Monday 21).
    result = forecast(base(receivables=(invoice,), horizon_days=40))
    assert balance_on(result, date(2026, 12, 9)) == 1_000_000
    assert balance_on(result, date(2026, 12, 10)) == 1_027_500
    assert balance_on(result, date(2026, 12, 18)) < 1_100_000
    assert balance_on(result, date(2026, 12, 21)) == 1_100_000
    assert list(result.expected) == [date(2026, 12, 15)]  # 35 days late, the median
    later_than_ever = Receivable("F8", date(2026, 10, 1), 100_000, delays=(5, 10))
    result = forecast(base(receivables=(later_than_ever,)))
    assert balance_on(result, date(2026, 11, 30)) == 1_100_000  # a week from today
    assert balance_on(result, date(2026, 11, 27)) == 1_000_000


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


def test_a_client_paying_a_set_time_after_the_invoice_is_read_from_the_issue_date():
    # « 45 jours fin de mois »: due dates 15 to 45 days after issue, yet the client always
    # paid 60 days after the invoice (due-date delays 15, 30, 45 vary; issue ones do not).
    # Issued 1 Oct, due 30 Nov: paid 60 days after issue → Mon 30 Nov, not the due date + 30.
    invoice = Receivable(
        "F9",
        date(2026, 11, 30),
        100_000,
        delays=(15, 30, 45),
        issued_on=date(2026, 10, 1),
        issue_delays=(60, 60, 60),
    )
    result = forecast(base(receivables=(invoice,)))
    assert balance_on(result, date(2026, 11, 27)) == 1_000_000
    assert balance_on(result, date(2026, 11, 30)) == 1_100_000
    # The same delays read from the due date when they are the steadier ones.
    steady = Receivable(
        "F10",
        date(2026, 11, 30),
        100_000,
        delays=(2, 2, 2),
        issued_on=date(2026, 10, 1),
        issue_delays=(40, 50, 62),
    )
    result = forecast(base(receivables=(steady,)))
    assert balance_on(result, date(2026, 12, 1)) == 1_000_000
    assert balance_on(result, date(2026, 12, 2)) == 1_100_000


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


def test_today_is_the_known_balance_on_every_path():
    """Day 0 is the bank balance and what surely moves today (a bill already owed): a
    client's payment is not in the bank yet, whatever delay a sampled future draws."""
    owed = Flow(MONDAY, -200_000, "Plomberie Pro — A12", "Achats", "fournisseur")
    sales = tuple(
        Flow(MONDAY + timedelta(days=d), 30_000, "Activité", "Ventes", "habituel", spread=0.5)
        for d in range(1, 30)
    )
    # 7 days late, and this client has paid exactly 7 days late before: not today, though.
    late = Receivable("F1", MONDAY - timedelta(days=7), 400_000, delays=(7, 20, 40))
    result = forecast(base(flows=(owed, *sales), receivables=(late,)))
    assert result.realistic[0] == result.p10[0] == result.p50[0] == result.p90[0] == 800_000


def test_money_not_in_the_bank_yet_lands_tomorrow_at_the_earliest():
    late = Receivable("F1", MONDAY - timedelta(days=7), 100_000, delays=(7,))
    result = forecast(base(receivables=(late,)))
    assert balance_on(result, MONDAY) == 1_000_000
    assert balance_on(result, MONDAY + timedelta(days=1)) == 1_100_000
    assert result.p90[0] == 1_000_000 and result.p10[1] == 1_100_000
    # Clients paying 5 days sooner than their habit do not pay before tomorrow either.
    due_today = Receivable("F2", MONDAY, 100_000, delays=(0,))
    sooner = forecast(base(receivables=(due_today,)), PRESETS["optimiste"])
    assert balance_on(sooner, MONDAY) == 1_000_000
    assert balance_on(sooner, MONDAY + timedelta(days=1)) == 1_100_000


def test_under_the_threshold_today_is_certain_and_says_since_when():
    # 400 000 under a 500 000 threshold; an invoice lifts it above tomorrow on every path.
    invoice = Receivable("F1", MONDAY, 300_000, delays=(1,))
    inputs = base(balance_cents=400_000, receivables=(invoice,))
    result = forecast(inputs)
    assert result.safe_until == MONDAY and result.under_since == MONDAY
    assert result.probability_below == 1.0
    assert balance_on(result, MONDAY + timedelta(days=1)) == 700_000
    known = forecast(base(balance_cents=400_000, under_since=date(2026, 11, 2)))
    assert known.under_since == date(2026, 11, 2)
    # Above the threshold today, a later crossing says nothing of « since ».
    later = forecast(
        base(flows=(Flow(MONDAY + timedelta(days=3), -600_000, "TVA", "TVA", "récurrent"),))
    )
    assert later.safe_until == MONDAY + timedelta(days=3) and later.under_since is None


def _kinds():
    return st.sampled_from(["fournisseur", "récurrent", "habituel", "événement"])


@st.composite
def forecast_cases(draw):
    """Any small company: open invoices of clients with any habits (or none), known flows
    and usual activity on any day of the horizon (today included), and any scenario."""
    horizon = draw(st.integers(1, 120))
    as_of = date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 730)))
    delays = st.lists(st.integers(-15, 120), max_size=8).map(tuple)
    regular = draw(delays)  # a client with several open invoices, often due the same day
    due = st.sampled_from([0, 30]) | st.integers(-80, 90)
    receivables = tuple(
        Receivable(
            f"F{i}",
            as_of + timedelta(days=draw(due)),
            draw(st.integers(1, 5_000_000)),
            draw(st.just(regular) | delays),
        )
        for i in range(draw(st.integers(0, 15)))
    )
    flows = tuple(
        Flow(
            as_of + timedelta(days=draw(st.integers(0, horizon))),
            draw(st.integers(-3_000_000, 3_000_000)),
            "Flux",
            draw(st.sampled_from(["Ventes", "Achats", "Divers"])),
            kind,
            draw(st.floats(0, 1)) if kind == "habituel" else 0.0,
        )
        for kind in draw(st.lists(_kinds(), max_size=40))
    )
    inputs = ForecastInput(
        as_of=as_of,
        horizon_days=horizon,
        balance_cents=draw(st.integers(-5_000_000, 10_000_000)),
        threshold_cents=draw(st.integers(0, 5_000_000)),
        receivables=receivables,
        flows=flows,
        company_delay_days=draw(st.none() | st.floats(-5, 60)),
    )
    numbers = [r.number for r in receivables]
    scenario = Scenario(
        "tirage",
        client_delay_days=draw(st.integers(-30, 60)),
        unpaid_bp=draw(st.integers(0, 10_000)),
        revenue_pct=draw(st.integers(-50, 50)),
        expenses_pct=draw(st.integers(-50, 50)),
        financed=tuple(draw(st.lists(st.sampled_from(numbers), unique=True))) if numbers else (),
    )
    return inputs, scenario, draw(st.integers(0, 2**16))


@settings(max_examples=150, deadline=None)
@given(forecast_cases())
def test_the_band_holds_the_curve_whatever_the_inputs(case):
    inputs, scenario, seed = case
    result = forecast(inputs, scenario, paths=300, seed=seed)
    today = result.realistic[0]
    assert result.p10[0] == result.p50[0] == result.p90[0] == today
    assert (result.p10 <= result.p50).all() and (result.p50 <= result.p90).all()
    inside = (result.p10 <= result.realistic) & (result.realistic <= result.p90)
    assert inside.mean() >= 0.95
    if today < inputs.threshold_cents:
        assert result.probability_below == 1.0 and result.under_since == inputs.as_of


def test_a_month_counts_all_its_money_in_and_all_its_money_out():
    """One category that both earns and spends: 3 000 € in and 1 000 € out, not a net
    2 000 € « in » and nothing « out »."""
    flows = (
        Flow(date(2026, 11, 24), 300_000, "Chantier", "Non classé", "événement"),
        Flow(date(2026, 11, 25), -100_000, "Matériel", "Non classé", "fournisseur"),
        Flow(date(2026, 12, 2), -50_000, "Loyer", "Loyer", "récurrent"),
    )
    november, december = monthly_table(forecast(base(flows=flows)))
    assert (november.inflows_cents, november.outflows_cents) == (300_000, -100_000)
    assert november.by_category == {"Non classé": 200_000}
    assert november.inflows_by_category == {"Non classé": 300_000}
    assert november.outflows_by_category == {"Non classé": -100_000}
    assert (december.inflows_cents, december.outflows_cents) == (0, -50_000)
    totals = {"start": "Début", "in": "Entrées", "out": "Sorties", "net": "Solde", "end": "Fin"}
    rows = [(r.label, r.kind, r.cents) for r in cash_plan([november, december], totals)]
    assert rows == [
        ("Début", "total", (1_000_000, 1_200_000)),
        ("Non classé", "in", (300_000, 0)),
        ("Non classé", "out", (-100_000, 0)),
        ("Loyer", "out", (0, -50_000)),
        ("Entrées", "total", (300_000, 0)),
        ("Sorties", "total", (-100_000, -50_000)),
        ("Solde", "total", (200_000, -50_000)),
        ("Fin", "total", (1_200_000, 1_150_000)),
    ]


def test_a_month_cut_short_by_the_horizon_is_marked_partial():
    # 30 days from Monday 23 November: November to its end, December to the 23rd.
    november, december = monthly_table(forecast(base()))
    assert (november.through, november.partial) == (date(2026, 11, 30), False)
    assert (december.through, december.partial) == (date(2026, 12, 23), True)


def test_many_invoices_of_one_client_keep_the_curve_inside_the_band():
    """Ten invoices due the same day from a client who paid anywhere within six weeks: the
    curve counts them for the chance of each day; the band, one quantile of the client's
    habits for all ten in a future, holds it."""
    habits = (0, 5, 10, 15, 20, 25, 30, 35, 40)
    invoices = tuple(Receivable(f"F{i}", MONDAY, 100_000, delays=habits) for i in range(10))
    result = forecast(base(receivables=invoices, horizon_days=60))
    assert ((result.p10 <= result.realistic) & (result.realistic <= result.p90)).all()
    # Monday 14 December is 21 days after the due date: the habits, read between them,
    # give delay(u) = 45u − 2.5, under 21.5 days for u < 24/45 — 533 futures in 1,000.
    assert balance_on(result, date(2026, 12, 14)) == 1_000_000 + 1_000_000 * 533 // 1000
    assert balance_on(result, date(2027, 1, 4)) == 2_000_000  # 42 days: all of them
