from __future__ import annotations

from datetime import date

from treso_app.domain.projection import CashEvent, events_between, expected_invoice_date

TODAY = date(2026, 11, 25)


def test_expected_invoice_date_uses_learned_delay_and_bank_days():
    # Due Friday 27/11, client pays 3 days late on average → Monday 30/11.
    assert expected_invoice_date(date(2026, 11, 27), TODAY, 3.2) == date(2026, 11, 30)
    # Early payers are not expected before the due date.
    assert expected_invoice_date(date(2026, 12, 1), TODAY, -4) == date(2026, 12, 1)
    # Already late beyond its usual delay: a week from today.
    assert expected_invoice_date(date(2026, 11, 1), TODAY, 10) == date(2026, 12, 2)
    # Over 90 days late: doubtful, not counted on.
    assert expected_invoice_date(date(2026, 8, 1), TODAY, 10) is None


def test_events_between_sorts_by_day_then_size():
    a = CashEvent(date(2026, 11, 27), -100, "a", "x")
    b = CashEvent(date(2026, 11, 26), 50, "b", "x")
    c = CashEvent(date(2026, 11, 27), 900, "c", "x")
    assert events_between([a, b, c], TODAY, date(2026, 11, 27)) == [b, c, a]
