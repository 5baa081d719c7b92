"""Forecast snapshots, then forecast vs actual with its causes, on the demo company."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from tests.conftest import DEMO_TODAY
from treso_app.db import tables as t
from treso_app.db.migrate import upgrade
from treso_app.db.session import read_only
from treso_app.services.demo import load_demo
from treso_app.services.forecast import bank_balance
from treso_app.services.snapshots import forecast_vs_actual, take_snapshot


def test_what_was_expected_against_what_happened(tmp_path):
    url = f"sqlite:///{tmp_path / 'treso.db'}"
    upgrade(url)
    company = load_demo(today=DEMO_TODAY, url=url)
    then = DEMO_TODAY - timedelta(days=30)
    assert forecast_vs_actual(DEMO_TODAY, days_ago=31, url=url) is None  # nothing that old
    take_snapshot(company, then, url)  # the demo took one already: replaced, not doubled
    comparison = forecast_vs_actual(DEMO_TODAY, url=url)
    assert comparison.made_on == then
    with read_only(url) as session:
        assert comparison.actual_cents == bank_balance(session, company, DEMO_TODAY)
        kept = session.exec(
            select(t.ForecastSnapshot).where(t.ForecastSnapshot.made_on == then)
        ).all()
    assert len(kept) == 1
    gaps = [abs(cause.gap_cents) for cause in comparison.causes]
    assert 1 <= len(gaps) <= 3 and gaps == sorted(gaps, reverse=True)
    # Day by day since the snapshot: what it expected, what the bank says.
    assert comparison.days[0][0] == then and comparison.days[-1][0] == DEMO_TODAY
    assert comparison.days[-1][1:] == (comparison.expected_cents, comparison.actual_cents)
    with read_only(url) as session:
        middle = then + timedelta(days=12)
        assert dict((d, a) for d, _, a in comparison.days)[middle] == bank_balance(
            session, company, middle
        )
