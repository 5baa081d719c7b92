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


def test_weekly_item_falls_on_its_weekday_and_a_holiday_moves_it():
    delivery = Recurrence(
        "Livraison", -24000, "hebdomadaire", 0, date(2026, 3, 25), day_rule="jour_semaine"
    )
    # Mondays from 30 Mar; Easter Monday 6 Apr 2026 → Tuesday 7.
    assert list(occurrences(delivery, date(2026, 3, 1), date(2026, 4, 14))) == [
        date(2026, 3, 30),
        date(2026, 4, 7),
        date(2026, 4, 13),
    ]


def test_nth_bank_day_counts_target2_days():
    lease = Recurrence("Crédit-bail", -9900, "mensuel", 3, date(2026, 3, 1), day_rule="jour_ouvré")
    # April 2026: 1, 2, then Good Friday and Easter Monday closed → 7; May: 1 May closed → 6.
    assert list(occurrences(lease, date(2026, 3, 1), date(2026, 5, 31))) == [
        date(2026, 3, 4),
        date(2026, 4, 7),
        date(2026, 5, 6),
    ]
