from __future__ import annotations

from fractions import Fraction

from treso_app.domain.indicators import indicators


def test_dso_is_what_clients_owe_in_days_of_recent_sales():
    # 30,000 € invoiced over 90 days, 15,000 € still owed: 45 days of sales.
    found = indicators(1_500_000, 500_000, 400_000, 3_000_000)
    assert found.dso_days == 45
    assert found.overdue_share == Fraction(1, 3)
    assert found.working_capital_cents == 1_100_000  # clients owe more than is owed to suppliers


def test_dso_rounds_to_the_nearest_day():
    assert indicators(1_000_000, 0, 0, 3_000_000).dso_days == 30  # 30.0
    assert indicators(1_005_000, 0, 0, 3_000_000).dso_days == 30  # 30.15
    assert indicators(1_020_000, 0, 0, 3_000_000).dso_days == 31  # 30.6


def test_without_sales_or_receivables_there_is_nothing_to_divide():
    found = indicators(0, 0, 250_000, 0)
    assert found.dso_days is None and found.overdue_share is None
    assert found.working_capital_cents == -250_000  # suppliers finance the business
