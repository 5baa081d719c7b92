from __future__ import annotations

from datetime import date, timedelta

import pytest

from treso_app.domain.payment_plan import (
    OpenBill,
    execution_date,
    last_bank_day_by,
    planned_payment,
    propose_dates,
)

TODAY = date(2026, 11, 2)  # a Monday


def curve(start_cents, days=40, changes=None):
    changes = changes or {}
    out, balance = [], start_cents
    for n in range(days):
        day = TODAY + timedelta(days=n)
        balance += changes.get(day, 0)
        out.append((day, balance))
    return out


def test_last_bank_day_on_or_before_due_date():
    assert last_bank_day_by(date(2026, 11, 15), TODAY) == date(2026, 11, 13)  # Sunday → Friday
    assert last_bank_day_by(date(2026, 12, 25), TODAY) == date(2026, 12, 24)  # TARGET2 closed
    assert last_bank_day_by(date(2026, 10, 1), TODAY) == TODAY  # late: pay now


D = date
TUESDAY = D(2026, 12, 1)


@pytest.mark.parametrize(
    ("scheduled_on", "due_on", "today", "expected"),
    [
        # No schedule: the last TARGET2 day on or before the due date.
        (None, D(2026, 12, 28), TUESDAY, D(2026, 12, 28)),  # a Monday: that day
        (None, D(2026, 12, 6), TUESDAY, D(2026, 12, 4)),  # Sunday → Friday
        (None, D(2026, 12, 25), TUESDAY, D(2026, 12, 24)),  # Christmas (Friday) → Thursday
        (None, D(2026, 12, 26), TUESDAY, D(2026, 12, 24)),  # 26 Dec, a Saturday → 24
        (None, D(2027, 1, 1), TUESDAY, D(2026, 12, 31)),  # New Year's Day → 31 Dec
        (None, D(2027, 3, 26), TUESDAY, D(2027, 3, 25)),  # Good Friday → Thursday
        (None, D(2027, 3, 29), TUESDAY, D(2027, 3, 25)),  # Easter Monday → Thursday before
        (None, D(2027, 5, 1), TUESDAY, D(2027, 4, 30)),  # 1 May, a Saturday → Friday
        (None, D(2026, 11, 15), TUESDAY, TUESDAY),  # past due: today
        (None, D(2026, 11, 15), D(2026, 12, 26), D(2026, 12, 28)),  # past due on 26 Dec → Monday
        (None, D(2026, 12, 5), D(2026, 12, 5), D(2026, 12, 7)),  # due today, a Saturday → Monday
        # Scheduled: that day, on a bank day, never in the past.
        (D(2026, 12, 30), D(2026, 12, 31), TUESDAY, D(2026, 12, 30)),
        (D(2026, 12, 31), D(2026, 12, 31), TUESDAY, D(2026, 12, 31)),
        (D(2027, 1, 15), D(2026, 12, 31), TUESDAY, D(2027, 1, 15)),  # after the due date: kept
        (D(2026, 12, 25), D(2026, 12, 31), TUESDAY, D(2026, 12, 28)),  # Christmas → Monday 28
        (D(2027, 3, 26), D(2027, 3, 31), TUESDAY, D(2027, 3, 30)),  # Good Friday → Tuesday
        (D(2026, 11, 20), D(2026, 12, 31), TUESDAY, TUESDAY),  # in the past: today
        (D(2026, 11, 20), D(2026, 12, 31), D(2026, 12, 26), D(2026, 12, 28)),  # past, 26 Dec
    ],
)
def test_execution_date_of_a_transfer(scheduled_on, due_on, today, expected):
    assert execution_date(scheduled_on, due_on, today) == expected


@pytest.mark.parametrize(
    ("scheduled_on", "due_on", "habit", "expected"),
    [
        # Paid on the next bank day after a due date on a weekend: Sunday 6 Dec → Monday 7.
        (None, D(2026, 12, 6), (0, 1, 2), D(2026, 12, 7)),
        # Usually 4 days late (median of 0, 4, 4, 5, 9): due Thursday 10 → Monday 14.
        (None, D(2026, 12, 10), (0, 4, 4, 5, 9), D(2026, 12, 14)),
        # Two bills paid are not a habit yet: the last bank day by the due date, Friday 4.
        (None, D(2026, 12, 6), (1, 1), D(2026, 12, 4)),
        # A scheduled bill is paid on its day, whatever the habit.
        (D(2026, 12, 3), D(2026, 12, 6), (5, 5, 5), D(2026, 12, 3)),
        # Past due and later than the habit: today.
        (None, D(2026, 11, 20), (2, 2, 2), TUESDAY),
    ],
)
def test_the_forecast_counts_a_bill_on_the_day_the_company_usually_pays_it(
    scheduled_on, due_on, habit, expected
):
    assert planned_payment(scheduled_on, due_on, TUESDAY, habit) == expected


def test_bills_go_on_their_due_date_when_the_balance_allows():
    bill = OpenBill(1, "CEDEO", 2_000_00, date(2026, 11, 20), date(2026, 11, 20))
    balances = curve(10_000_00, changes={date(2026, 11, 20): -2_000_00})
    [proposal] = propose_dates(balances, [bill], 5_000_00, TODAY)
    assert proposal.proposed_on == date(2026, 11, 20)
    assert proposal.lowest_cents == 8_000_00 and proposal.shortfall_cents == 0


def test_a_bill_scheduled_early_is_moved_back_to_its_due_date():
    bill = OpenBill(1, "CEDEO", 2_000_00, date(2026, 11, 27), date(2026, 11, 5))
    balances = curve(10_000_00, changes={date(2026, 11, 5): -2_000_00})
    [proposal] = propose_dates(balances, [bill], 0, TODAY)
    assert proposal.proposed_on == date(2026, 11, 27)


def test_conflict_says_by_how_much_the_balance_goes_under():
    # Payroll of 6 000 on the 30th; two bills of 3 000 due the 20th and 25th; threshold 2 000.
    bills = [
        OpenBill(1, "CEDEO", 3_000_00, date(2026, 11, 20), date(2026, 11, 20)),
        OpenBill(2, "Brossette", 3_000_00, date(2026, 11, 25), date(2026, 11, 25)),
    ]
    balances = curve(
        12_000_00,
        changes={
            date(2026, 11, 20): -3_000_00,
            date(2026, 11, 25): -3_000_00,
            date(2026, 11, 30): -6_000_00,
        },
    )
    first, second = propose_dates(balances, bills, 2_000_00, TODAY)
    assert first.shortfall_cents == 0  # 12 000 − 3 000 − 6 000 = 3 000 ≥ 2 000
    assert second.shortfall_cents == 2_000_00  # then 0: 2 000 under the threshold
    assert second.lowest_cents == 0
