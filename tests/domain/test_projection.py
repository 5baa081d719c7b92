from __future__ import annotations

from datetime import date

from treso_app.domain.projection import CashEvent, events_between

TODAY = date(2026, 11, 25)


def test_events_between_sorts_by_day_then_size():
    a = CashEvent(date(2026, 11, 27), -100, "a", "x")
    b = CashEvent(date(2026, 11, 26), 50, "b", "x")
    c = CashEvent(date(2026, 11, 27), 900, "c", "x")
    assert events_between([a, b, c], TODAY, date(2026, 11, 27)) == [b, c, a]
