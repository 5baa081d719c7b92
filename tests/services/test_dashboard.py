from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from tests.conftest import DEMO_TODAY
from treso_app.db import tables as t
from treso_app.db.session import get_engine
from treso_app.services.dashboard import load_dashboard


def test_dashboard_total_is_the_sum_of_the_accounts(demo_url):
    board = load_dashboard(today=DEMO_TODAY, url=demo_url)
    with Session(get_engine(demo_url)) as s:
        opening = s.exec(select(func.sum(t.BankAccount.opening_balance_cents))).one()
        moved = s.exec(select(func.sum(t.BankTransaction.amount_cents))).one()
    assert board.total_cents == opening + moved
    assert board.projection.days[0].balance_cents == board.total_cents


def test_demo_shows_what_the_owner_should_act_on(demo_url):
    board = load_dashboard(today=DEMO_TODAY, url=demo_url)
    assert board.total_cents > board.threshold_cents
    assert len(board.projection.days) == 91  # the chart; safe-until looks a year ahead
    assert board.overdue_count > 0 and board.doubtful_cents > 0
    assert board.agenda and all(e.on > DEMO_TODAY for e in board.agenda)


def test_yesterday_excludes_internal_transfers(demo_url):
    board = load_dashboard(today=DEMO_TODAY, url=demo_url)
    with Session(get_engine(demo_url)) as s:
        lines = s.exec(
            select(t.BankTransaction.amount_cents, t.Category.kind)
            .join(t.Category)
            .where(t.BankTransaction.booked_on == board.last_day)
        ).all()
    assert board.last_day_in_cents == sum(a for a, k in lines if a > 0 and k != "neutre")
    assert board.last_day_out_cents == sum(a for a, k in lines if a < 0 and k != "neutre")


def test_empty_database_gives_no_dashboard(db_url):
    assert load_dashboard(url=db_url) is None
