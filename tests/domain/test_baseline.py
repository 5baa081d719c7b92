"""The usual activity, learned from what is left: seasonality, trend, the shape of a month
and of a week, and nothing counted twice."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from treso_app.domain.baseline import Baseline, PastFlow, baseline_flows
from treso_app.domain.calendar import add_months, is_bank_day, next_bank_day

SALES = "Ventes"
FUEL = "Carburant"
CARD = "Encaissements carte"
VAT = "TVA"
PURCHASES = "Achats et matières"


def monthly(category: str, amounts: dict[tuple[int, int], int]) -> list[PastFlow]:
    """One line on the 10th of each month (the next bank day when it is closed)."""
    return [
        PastFlow(next_bank_day(date(y, m, 10)), cents, category)
        for (y, m), cents in amounts.items()
    ]


def two_years(category: str, january: int, other: int, growth: int = 0) -> list[PastFlow]:
    """Jan 2025 → Dec 2026: `january` in Januaries, `other` elsewhere, + `growth` in 2026."""
    flows = {}
    for offset in range(24):
        day = add_months(date(2025, 1, 1), offset)
        amount = january if day.month == 1 else other
        flows[(day.year, day.month)] = amount + (growth if day.year == 2026 else 0)
    return monthly(category, flows)


def daily(category: str, first: date, last: date, amount_on) -> list[PastFlow]:
    """A line every day `amount_on(day)` gives a non-zero amount for."""
    lines, day = [], first
    while day <= last:
        if cents := amount_on(day):
            lines.append(PastFlow(day, cents, category))
        day += timedelta(days=1)
    return lines


def per_month(flows) -> dict[tuple[int, int], int]:
    totals: dict[tuple[int, int], int] = {}
    for flow in flows:
        key = (flow.on.year, flow.on.month)
        totals[key] = totals.get(key, 0) + flow.amount_cents
    return totals


def per_day(flows) -> dict[date, int]:
    days: dict[date, int] = {}
    for flow in flows:
        days[flow.on] = days.get(flow.on, 0) + flow.amount_cents
    return days


def test_the_same_calendar_month_of_past_years_gives_seasonality():
    history = two_years(SALES, january=900_000, other=300_000)
    baseline = Baseline(history, as_of=date(2026, 12, 31))
    assert baseline.levels[(SALES, "encaissement")].trend == 1
    assert baseline.typical((SALES, "encaissement"), (2027, 1)) == 900_000
    assert baseline.typical((SALES, "encaissement"), (2027, 2)) == 300_000


def test_growth_of_the_last_year_is_applied_within_bounds():
    history = two_years(SALES, january=400_000, other=400_000, growth=40_000)  # +10 %
    baseline = Baseline(history, as_of=date(2026, 12, 31))
    assert baseline.levels[(SALES, "encaissement")].trend == Fraction(11, 10)
    # Mean of Feb 2025 (400 000) and Feb 2026 (440 000), grown by 10 %.
    assert baseline.typical((SALES, "encaissement"), (2027, 2)) == 462_000
    wild = Baseline(two_years(SALES, 100_000, 100_000, growth=900_000), as_of=date(2026, 12, 31))
    assert wild.levels[(SALES, "encaissement")].trend == Fraction(5, 4)


def test_each_category_grows_as_it_did_itself():
    # Card takings steady at 4 000 € a month for two years; supplier payments 10 000 € a
    # month in 2025, none left in 2026 (its bills were imported and explain them): the
    # takings' February 2027 stays at 4 000 €, not shrunk by the payments' drop.
    takings = two_years(SALES, january=400_000, other=400_000)
    payments = monthly(FUEL, {(2025, m): -1_000_000 for m in range(1, 13)})
    baseline = Baseline([*takings, *payments], as_of=date(2026, 12, 31))
    assert baseline.typical((SALES, "encaissement"), (2027, 2)) == 400_000


def test_a_spike_seen_once_is_not_taken_for_a_season():
    # 1 000 € a month through 2025 and 2026, but 2 000 € in July 2025 only. Growth: 12 000
    # against 13 000 € (12/13). The same months a year apart differ by chance as much as
    # the months differ at all: the seasons count for the floor of a half. July 2027: half
    # of the two Julys' mean grown (1 500 × 12/13) and half the recent months' 1 000 €.
    amounts = {(y, m): 100_000 for y in (2025, 2026) for m in range(1, 13)}
    amounts[(2025, 7)] = 200_000
    baseline = Baseline(monthly(SALES, amounts), as_of=date(2027, 1, 1))
    assert baseline.levels[(SALES, "encaissement")].trend == Fraction(12, 13)
    assert baseline.typical((SALES, "encaissement"), (2027, 7)) == 119_231  # 119 230,77


def test_a_rush_month_seen_in_a_single_year_is_taken_for_a_season():
    # A shop's first year: 1 900 € and 2 100 € in turn from January to November 2025, and
    # 4 000 € in December 2024. No month has a twin a year apart, but December stands far
    # out of the months' chance variation (median absolute deviation 200 €, a standard
    # deviation of 296,52 €): trust = 1 − 296,52² / (4 000 − 2 000)² = 0,978 0190; the
    # others' level is 2 000 € (the smallest and the biggest month left out). December 2025:
    # 4 000 − 0,021 981 × 2 000 = 3 956,04 €, not half-way (3 000 €).
    amounts = {(2024, 12): 400_000}
    amounts |= {(2025, m): 190_000 if m % 2 else 210_000 for m in range(1, 12)}
    baseline = Baseline(monthly(CARD, amounts), as_of=date(2025, 12, 1))
    assert baseline.typical((CARD, "encaissement"), (2025, 12)) == 395_604
    # January 2025's 1 900 € is within chance: the floor of a half, half-way to 2 000 €.
    assert baseline.typical((CARD, "encaissement"), (2026, 1)) == 195_000


def test_a_payout_seen_once_in_a_year_of_empty_months_counts_for_half():
    # A dividend of 52 000 € in June 2025 and nothing else: a year of months that are
    # mostly empty says nothing of chance, so June 2026 weighs it at the floor of a half.
    baseline = Baseline(monthly(FUEL, {(2025, 6): -5_200_000}), as_of=date(2026, 6, 1))
    assert baseline.typical((FUEL, "décaissement"), (2026, 6)) == -2_600_000


def test_a_closing_month_is_not_the_level_of_the_others():
    # 2 000 € a month from January to November 2026 but 200 € in August (the shop closed):
    # a December without a past one is the others' 2 000 €, not (9 × 2 000 + 200) / 10.
    amounts = {(2026, m): 20_000 if m == 8 else 200_000 for m in range(1, 12)}
    baseline = Baseline(monthly(CARD, amounts), as_of=date(2026, 12, 5))
    assert baseline.typical((CARD, "encaissement"), (2026, 12)) == 200_000


def test_a_short_history_uses_the_mean_of_its_months():
    history = monthly(FUEL, {(2026, 9): -30_000, (2026, 10): -50_000})
    baseline = Baseline(history, as_of=date(2026, 11, 20))
    assert baseline.typical((FUEL, "décaissement"), (2027, 3)) == -40_000


def test_a_yearly_lump_is_not_spread_over_every_month():
    # Eight months of −1 000 €, one of them with a −20 000 € payout: without a same month
    # of a past year, a month is the mean of the others (−1 000 €), not −3 375 €.
    amounts = {(2026, m): -100_000 for m in range(3, 11)}
    amounts[(2026, 6)] = -2_000_000
    baseline = Baseline(monthly(PURCHASES, amounts), as_of=date(2026, 11, 5))
    assert baseline.typical((PURCHASES, "décaissement"), (2027, 1)) == -100_000


def test_future_months_are_filled_to_the_cent_on_bank_days_only():
    baseline = Baseline(two_years(SALES, 300_001, 300_001), as_of=date(2026, 12, 31))
    flows = baseline_flows(baseline, date(2027, 2, 28))
    assert per_month(flows) == {(2027, 1): 300_001, (2027, 2): 300_001}
    assert all(is_bank_day(flow.on) for flow in flows)  # lines were only on bank days


def test_lines_explained_by_documents_or_recurring_flows_are_not_learned_again():
    # The shop of the issue: last December was heavy with supplier bills paid (−75 600 €,
    # reconciled to their bills) on top of −1 000 € of usual purchases each month. This
    # December's open bills are forecast on their own: the usual December stays −1 000 €.
    history = two_years(PURCHASES, -100_000, -100_000)[:-1]  # Jan 2025 → Nov 2026
    history.append(PastFlow(date(2025, 12, 5), -4_000_000, PURCHASES, explained=True))
    history.append(PastFlow(date(2025, 12, 19), -3_560_000, PURCHASES, explained=True))
    baseline = Baseline(history, as_of=date(2026, 11, 30))
    flows = baseline_flows(baseline, date(2027, 1, 31))
    assert per_month(flows) == {(2026, 12): -100_000, (2027, 1): -100_000}


def test_payments_known_from_documents_but_not_reconciled_are_taken_off_their_month():
    # 1 000 € of sales a month reach the bank; 600 € of each month are invoices the invoices
    # sheet says were paid that day (« payée le »), their bank lines not reconciled: the
    # usual sales are the other 400 €. A payment larger than its month leaves it at zero.
    history = two_years(SALES, 100_000, 100_000)[:-1]  # Jan 2025 → Nov 2026
    paid = [PastFlow(flow.booked_on, 60_000, SALES) for flow in history]
    paid[-2] = PastFlow(history[-2].booked_on, 250_000, SALES)  # October 2026
    baseline = Baseline(history, as_of=date(2026, 11, 30), paid_apart=paid)
    months = baseline.levels[(SALES, "encaissement")].totals
    assert (months[(2026, 9)], months[(2026, 10)]) == (40_000, 0)
    assert set(months.values()) == {40_000, 0}


def test_what_a_payment_s_category_cannot_absorb_comes_off_the_lines_left_bare():
    # No category on the bank lines yet: 1 000 € « Non classé » a month reach the bank, and
    # 100 € of « Ventes » lines; 600 € of invoices paid each month were not reconciled. The
    # « Ventes » month goes to zero, the other 500 € come off the unclassified lines.
    history = two_years("Non classé", 100_000, 100_000)[:-1]
    history += two_years(SALES, 10_000, 10_000)[:-1]
    paid = [PastFlow(f.booked_on, 60_000, SALES) for f in history if f.category == SALES]
    baseline = Baseline(history, date(2026, 11, 30), paid_apart=paid, unclassified="Non classé")
    assert baseline.levels[(SALES, "encaissement")].totals[(2026, 10)] == 0
    assert baseline.levels[("Non classé", "encaissement")].totals[(2026, 10)] == 50_000


def test_card_takings_heavier_on_saturdays_are_forecast_heavier_on_saturdays():
    # A shop open Monday to Saturday: 100 € of takings a weekday, 300 € on Saturdays, none
    # on Sundays, through 2025 and 2026 (each year 261 weekdays, 52 Saturdays: no growth).
    def takings(day: date) -> int:
        return {5: 30_000, 6: 0}.get(day.weekday(), 10_000)

    history = daily(CARD, date(2025, 1, 1), date(2026, 12, 31), takings)
    baseline = Baseline(history, as_of=date(2026, 12, 31))
    days = per_day(baseline_flows(baseline, date(2027, 1, 31)))
    # January: near January 2025 (23 weekdays, 4 Saturdays: 3 500 €) and January 2026
    # (22 weekdays, 5 Saturdays: 3 700 €), laid out whole.
    january = baseline.typical((CARD, "encaissement"), (2027, 1))
    assert 350_000 <= january <= 370_000
    assert sum(days.values()) == january
    saturdays = [cents for day, cents in days.items() if day.weekday() == 5]
    weekdays = [cents for day, cents in days.items() if day.weekday() < 5]
    assert len(saturdays) == 5 and len(weekdays) == 21  # Fri 1 Jan is open, like 2025's
    assert not any(day.weekday() == 6 for day in days)  # closed on Sundays
    # 300 € against 100 €: weights 2.625 and 0.875 of the mean weekday, trusted for the
    # last year's 313 lines (313 / 343): 2.48 and 0.89, a Saturday is about 2.8 weekdays.
    assert min(saturdays) > 2.4 * max(weekdays)


def test_b2b_receipts_stay_on_bank_days():
    def receipts(day: date) -> int:
        return 50_000 if is_bank_day(day) else 0

    history = daily(SALES, date(2025, 1, 1), date(2026, 11, 30), receipts)
    flows = baseline_flows(Baseline(history, as_of=date(2026, 11, 30)), date(2027, 1, 31))
    assert flows and all(is_bank_day(flow.on) for flow in flows)
    assert date(2026, 12, 25) not in per_day(flows)  # TARGET2 holiday
    assert date(2027, 1, 1) not in per_day(flows)


def test_a_payment_on_the_20th_stays_near_the_20th():
    # TVA paid around the 20th (the next bank day when the 20th is closed).
    amounts = {}
    for offset in range(23):  # Jan 2025 → Nov 2026
        month = add_months(date(2025, 1, 1), offset)
        amounts[(month.year, month.month)] = -500_000
    history = [
        PastFlow(next_bank_day(date(y, m, 20)), cents, VAT) for (y, m), cents in amounts.items()
    ]
    flows = baseline_flows(Baseline(history, as_of=date(2026, 11, 30)), date(2026, 12, 31))
    days = per_day(flows)
    assert sum(days.values()) == -500_000
    # Sunday 20 December: the lines learned on the 21st and 22nd carry it; the 2 % kept even
    # over the month go to the other bank days.
    near = days.get(date(2026, 12, 21), 0) + days.get(date(2026, 12, 22), 0)
    assert near <= -0.9 * 500_000


def test_a_month_begun_or_cut_by_the_horizon_gets_the_share_of_its_days():
    # 10 € on every bank day of 2025 and 2026 up to 15 December.
    def fuel(day: date) -> int:
        return -1_000 if is_bank_day(day) else 0

    history = daily(FUEL, date(2025, 1, 1), date(2026, 12, 15), fuel)
    baseline = Baseline(history, as_of=date(2026, 12, 15))
    flows = per_month(baseline_flows(baseline, date(2027, 1, 15)))
    # The same amount every bank day: December 2026 has 22 bank days, 11 of them after
    # the 15th; the horizon covers 10 of January 2027's 20 (the 1st is a holiday).
    key = (FUEL, "décaissement")
    assert flows[(2026, 12)] == round(baseline.typical(key, (2026, 12)) * Fraction(11, 22))
    assert flows[(2027, 1)] == round(baseline.typical(key, (2027, 1)) * Fraction(10, 20))


def test_the_first_month_after_an_import_looks_like_its_past():
    # Bank statements imported on 30 November: the December ahead is busy as every December.
    history = two_years(SALES, january=100_000, other=100_000)[:-1]  # up to Nov 2026
    history = [
        f if f.booked_on.month != 12 else PastFlow(f.booked_on, 200_000, SALES) for f in history
    ]
    baseline = Baseline(history, as_of=date(2026, 11, 30))
    flows = baseline_flows(baseline, date(2027, 1, 31))
    assert per_month(flows) == {(2026, 12): 200_000, (2027, 1): 100_000}


def test_a_month_the_history_covers_mostly_teaches_scaled_to_a_whole_month():
    # History from 8 September (23 of 30 days: more than half): 23 000 € seen, a whole
    # September would be 30 000 €; October 50 000 €. From the 17th (14 days), too little.
    history = monthly(FUEL, {(2026, 9): -2_300_000, (2026, 10): -5_000_000})
    baseline = Baseline(history, as_of=date(2026, 11, 20), since=date(2026, 9, 8))
    assert baseline.typical((FUEL, "décaissement"), (2027, 3)) == -4_000_000
    later = Baseline(history, as_of=date(2026, 11, 20), since=date(2026, 9, 17))  # 14 days
    assert later.typical((FUEL, "décaissement"), (2027, 3)) == -5_000_000


def test_the_spread_is_how_far_months_strayed_from_their_level():
    # Four months: 1 000, 1 400, 600, 1 000 € (no same month a year earlier): each against
    # the mean 1 000 €: errors 0, 400, −400, 0 → sd √(320 000 / 3) ≈ 326.6, over 1 000.
    history = monthly(
        SALES, {(2026, 7): 100_000, (2026, 8): 140_000, (2026, 9): 60_000, (2026, 10): 100_000}
    )
    baseline = Baseline(history, as_of=date(2026, 11, 3))
    assert abs(baseline.spread((SALES, "encaissement")) - (320_000 / 3) ** 0.5 / 1_000) < 1e-9


def test_an_empty_history_adds_nothing():
    assert baseline_flows(Baseline([], as_of=date(2026, 11, 25)), date(2027, 11, 25)) == []
