"""The usual activity, learned from history: seasonality, trend, and no double counting."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from treso_app.domain.baseline import Baseline, KnownFlow, PastFlow, baseline_flows
from treso_app.domain.calendar import add_months, is_bank_day

SALES = "Encaissements clients"
FUEL = "Carburant"


def monthly(category: str, amounts: dict[tuple[int, int], int]) -> list[PastFlow]:
    """One line on the 10th of each month."""
    return [PastFlow(date(y, m, 10), cents, category) for (y, m), cents in amounts.items()]


def two_years(category: str, january: int, other: int, growth: int = 0) -> list[PastFlow]:
    """Jan 2025 → Dec 2026: `january` in Januaries, `other` elsewhere, + `growth` in 2026."""
    flows = {}
    for offset in range(24):
        day = add_months(date(2025, 1, 1), offset)
        amount = january if day.month == 1 else other
        flows[(day.year, day.month)] = amount + (growth if day.year == 2026 else 0)
    return monthly(category, flows)


def per_month(flows) -> dict[tuple[int, int], int]:
    totals: dict[tuple[int, int], int] = {}
    for flow in flows:
        key = (flow.on.year, flow.on.month)
        totals[key] = totals.get(key, 0) + flow.amount_cents
    return totals


def test_the_same_calendar_month_of_past_years_gives_seasonality():
    history = two_years(SALES, january=900_000, other=300_000)
    baseline = Baseline(history, as_of=date(2026, 12, 31))
    assert baseline.trend == 1
    assert baseline.typical((SALES, "encaissement"), (2027, 1)) == 900_000
    assert baseline.typical((SALES, "encaissement"), (2027, 2)) == 300_000


def test_growth_of_the_last_year_is_applied_within_bounds():
    history = two_years(SALES, january=400_000, other=400_000, growth=40_000)  # +10 %
    baseline = Baseline(history, as_of=date(2026, 12, 31))
    assert baseline.trend == Fraction(11, 10)
    # Mean of Feb 2025 (400 000) and Feb 2026 (440 000), grown by 10 %.
    assert baseline.typical((SALES, "encaissement"), (2027, 2)) == 462_000
    wild = Baseline(two_years(SALES, 100_000, 100_000, growth=900_000), as_of=date(2026, 12, 31))
    assert wild.trend == Fraction(5, 4)


def test_a_short_history_uses_the_mean_of_its_months():
    history = monthly(FUEL, {(2026, 9): -30_000, (2026, 10): -50_000})
    baseline = Baseline(history, as_of=date(2026, 11, 20))
    assert baseline.typical((FUEL, "décaissement"), (2027, 3)) == -40_000


def test_future_months_are_filled_on_bank_days_to_the_cent():
    baseline = Baseline(two_years(SALES, 300_001, 300_001), as_of=date(2026, 12, 31))
    flows = baseline_flows(baseline, date(2027, 2, 28), known=[])
    assert per_month(flows) == {(2027, 1): 300_001, (2027, 2): 300_001}
    assert all(is_bank_day(flow.on) for flow in flows)
    assert date(2027, 1, 1) not in {flow.on for flow in flows}  # TARGET2 holiday


def test_what_invoices_already_bring_is_not_counted_twice():
    baseline = Baseline(two_years(SALES, 300_000, 300_000), as_of=date(2026, 12, 31))
    known = [
        KnownFlow(date(2027, 1, 15), 250_000, SALES),  # most of January is already invoiced
        KnownFlow(date(2027, 2, 10), 500_000, SALES),  # February more than usual
    ]
    flows = baseline_flows(baseline, date(2027, 3, 31), known)
    assert per_month(flows) == {(2027, 1): 50_000, (2027, 3): 300_000}


def test_the_current_month_adds_only_what_has_not_happened_yet():
    history = two_years(SALES, 300_000, 300_000)[:-1]  # up to Nov 2026
    history.append(PastFlow(date(2026, 12, 3), 100_000, SALES))  # booked this month
    baseline = Baseline(history, as_of=date(2026, 12, 15))
    known = [KnownFlow(date(2026, 12, 20), 120_000, SALES)]
    flows = baseline_flows(baseline, date(2026, 12, 31), known)
    assert per_month(flows) == {(2026, 12): 80_000}
    assert min(flow.on for flow in flows) == date(2026, 12, 16)


def test_outflows_stay_outflows_and_a_horizon_ending_mid_month_takes_its_share():
    baseline = Baseline(two_years(FUEL, -44_000, -44_000), as_of=date(2026, 12, 31))
    flows = baseline_flows(baseline, date(2027, 2, 12), known=[])
    # February 2027 has 20 bank days, the horizon covers 10 of them: half the month.
    assert per_month(flows) == {(2027, 1): -44_000, (2027, 2): -22_000}
    assert all(flow.amount_cents < 0 for flow in flows)


def test_a_month_the_history_starts_in_the_middle_of_does_not_teach():
    history = monthly(FUEL, {(2026, 9): -5_000, (2026, 10): -50_000})
    baseline = Baseline(history, as_of=date(2026, 11, 20), since=date(2026, 9, 8))
    assert baseline.typical((FUEL, "décaissement"), (2027, 3)) == -50_000


def test_an_empty_history_adds_nothing():
    assert baseline_flows(Baseline([], as_of=date(2026, 11, 25)), date(2027, 11, 25), []) == []
