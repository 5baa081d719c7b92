from __future__ import annotations

from datetime import date

import pytest

from treso_app.domain.calendar import (
    add_months,
    is_bank_day,
    is_working_day,
    last_working_day_of_month,
    next_bank_day,
    next_working_day,
    previous_bank_day,
)


@pytest.mark.parametrize(
    ("day", "bank", "working"),
    [
        (date(2026, 11, 25), True, True),  # a Wednesday
        (date(2026, 11, 28), False, False),  # Saturday
        (date(2026, 4, 3), False, True),  # Good Friday: TARGET2 closed, French offices open
        (date(2026, 4, 6), False, False),  # Easter Monday: closed for both
        (date(2026, 5, 8), True, False),  # Victoire 1945: banks settle, French holiday
        (date(2026, 7, 14), True, False),  # Fête nationale
        (date(2026, 12, 25), False, False),
        (date(2026, 12, 26), False, False),  # Saturday anyway
        (date(2025, 12, 26), False, True),  # Friday: TARGET2 closed, not a French holiday
        (date(2026, 5, 1), False, False),
    ],
)
def test_the_two_calendars(day, bank, working):
    assert is_bank_day(day) is bank
    assert is_working_day(day) is working


def test_shift_to_next_open_day():
    assert next_bank_day(date(2026, 4, 3)) == date(2026, 4, 7)  # Good Friday → Tuesday
    assert next_working_day(date(2026, 5, 8)) == date(2026, 5, 11)
    assert next_bank_day(date(2026, 11, 25)) == date(2026, 11, 25)


@pytest.mark.parametrize(
    ("year", "month", "payday"),
    [(2026, 5, date(2026, 5, 29)), (2026, 10, date(2026, 10, 30)), (2026, 11, date(2026, 11, 30))],
)
def test_payroll_falls_on_the_last_working_day(year, month, payday):
    assert last_working_day_of_month(year, month) == payday


def test_add_months_clamps_to_month_end():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)


def test_previous_bank_day_skips_weekends_and_target2_holidays():
    assert previous_bank_day(date(2026, 11, 30)) == date(2026, 11, 27)  # Monday → Friday
    assert previous_bank_day(date(2026, 4, 7)) == date(2026, 4, 2)  # over Easter
    assert previous_bank_day(date(2026, 11, 25)) == date(2026, 11, 24)
