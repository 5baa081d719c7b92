from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

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
            .join(t.Category, t.Category.id == t.BankTransaction.category_id)
            .where(t.BankTransaction.booked_on == board.last_day)
        ).all()
    assert board.last_day_in_cents == sum(a for a, k in lines if a > 0 and k != "neutre")
    assert board.last_day_out_cents == sum(a for a, k in lines if a < 0 and k != "neutre")


def test_empty_database_gives_no_dashboard(db_url):
    assert load_dashboard(url=db_url) is None


def test_indicators_are_computed_from_the_books(demo_url):
    """Recomputed here row by row from the invoices, payments and bills of the demo."""
    board = load_dashboard(today=DEMO_TODAY, url=demo_url)
    since = DEMO_TODAY - timedelta(days=89)
    with Session(get_engine(demo_url)) as s:
        invoices = s.exec(select(t.Invoice).where(t.Invoice.issued_on.between(since, DEMO_TODAY)))
        sales = sum(-i.ttc_cents if i.kind == "avoir" else i.ttc_cents for i in invoices)
        payments = s.exec(select(t.Payment).where(t.Payment.bill_id.is_not(None))).all()
        bills = s.exec(select(t.Bill)).all()
    paid = {b.id: sum(p.amount_cents for p in payments if p.bill_id == b.id) for b in bills}
    payable = sum(max(b.ttc_cents - paid[b.id], 0) for b in bills)
    assert sales > 0 and payable > 0
    found = board.indicators
    assert found.dso_days == round(Fraction(board.receivable_cents * 90, sales))
    assert found.overdue_share == Fraction(board.overdue_cents, board.receivable_cents)
    assert found.working_capital_cents == board.receivable_cents - payable
