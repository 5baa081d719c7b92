from __future__ import annotations

from datetime import date

from treso_app.domain.recurrence import Recurrence, occurrences


def test_monthly_item_moves_to_the_next_working_day():
    rent = Recurrence("Loyer", -145000, "mensuel", 15, date(2026, 1, 1))
    days = list(occurrences(rent, date(2026, 7, 1), date(2026, 9, 30)))
    # 15 Aug 2026 is a Saturday and a holiday → Monday 17 Aug.
    assert days == [date(2026, 7, 15), date(2026, 8, 17), date(2026, 9, 15)]


def test_payroll_on_last_working_day_and_end_date_respected():
    payroll = Recurrence(
        "Salaires", -900000, "mensuel", 0, date(2026, 1, 1), end_on=date(2026, 6, 1)
    )
    assert list(occurrences(payroll, date(2026, 4, 1), date(2026, 12, 31))) == [
        date(2026, 4, 30),
        date(2026, 5, 29),
    ]


def test_quarterly_item_starts_from_its_first_month():
    tax = Recurrence("IS", -215000, "trimestriel", 15, date(2026, 3, 1))
    assert list(occurrences(tax, date(2026, 1, 1), date(2026, 12, 31))) == [
        date(2026, 3, 16),
        date(2026, 6, 15),
        date(2026, 9, 15),
        date(2026, 12, 15),
    ]


def test_day_31_clamps_to_short_months_then_moves_to_a_working_day():
    item = Recurrence("Assurance", -10000, "mensuel", 31, date(2026, 1, 1))
    # 31 Jan and 28 Feb 2026 are Saturdays: both move to the following Monday.
    assert list(occurrences(item, date(2026, 2, 1), date(2026, 4, 5))) == [
        date(2026, 2, 2),
        date(2026, 3, 2),
        date(2026, 3, 31),
    ]
