"""The demo company, as loaded in a real database made by the migrations."""

from __future__ import annotations

from collections import defaultdict
from statistics import fmean

from sqlalchemy import func
from sqlmodel import Session, select

from tests.conftest import DEMO_TODAY
from treso_app.db import tables as t
from treso_app.db.session import get_engine
from treso_app.domain.receivables import invoice_status
from treso_app.services.demo import company_count, load_demo


def _session(url: str) -> Session:
    return Session(get_engine(url))


def test_demo_has_the_promised_size(demo_url):
    with _session(demo_url) as s:
        assert s.exec(select(func.count()).select_from(t.BankAccount)).one() == 2
        lines = s.exec(select(func.count()).select_from(t.BankTransaction)).one()
        invoices = s.exec(select(func.count()).select_from(t.Invoice)).one()
        first = s.exec(select(func.min(t.BankTransaction.booked_on))).one()
    assert 2200 <= lines <= 2800
    assert 330 <= invoices <= 450
    assert (DEMO_TODAY - first).days >= 700  # 24 months of history


def test_each_balance_is_opening_plus_its_transactions(demo_url):
    from treso_app.db.queries import account_balances

    with _session(demo_url) as s:
        balances = account_balances(s, 1)
        for account in balances:
            row = s.get(t.BankAccount, account.id)
            lines = s.exec(
                select(t.BankTransaction.amount_cents).where(
                    t.BankTransaction.account_id == account.id
                )
            ).all()
            assert account.balance_cents == row.opening_balance_cents + sum(lines)
            assert isinstance(account.balance_cents, int)


def test_invoice_statuses_agree_with_allocations(demo_url):
    with _session(demo_url) as s:
        paid = defaultdict(int)
        for allocation in s.exec(select(t.Allocation).where(t.Allocation.invoice_id.is_not(None))):
            paid[allocation.invoice_id] += allocation.amount_cents
        invoices = s.exec(select(t.Invoice)).all()
    statuses = defaultdict(int)
    for invoice in invoices:
        assert invoice.status == invoice_status(
            invoice.ttc_cents, paid[invoice.id], invoice.due_on, DEMO_TODAY
        )
        assert invoice.ht_cents + invoice.tva_cents == invoice.ttc_cents
        assert paid[invoice.id] <= invoice.ttc_cents
        statuses[invoice.status] += 1
    assert statuses["payée"] > 300
    assert statuses["en_retard"] >= 2 and statuses["partielle"] + statuses["à_venir"] >= 10


def test_payment_delays_look_like_french_b2b(demo_url):
    with _session(demo_url) as s:
        rows = s.exec(
            select(t.Invoice.issued_on, t.Invoice.paid_on, t.Counterparty.name)
            .join(t.Counterparty)
            .where(t.Invoice.paid_on.is_not(None))
        ).all()
        unpaid_old = s.exec(select(t.Invoice).where(t.Invoice.status == "en_retard")).all()
    delays = [(paid - issued).days for issued, paid, _ in rows]
    assert 38 <= fmean(delays) <= 48  # the French average is about 43 days
    by_client = defaultdict(list)
    for issued, paid, name in rows:
        by_client[name].append((paid - issued).days)
    assert fmean(by_client["Cabinet Girard Syndic"]) > 80  # chronic late payer
    assert fmean(by_client["Boulangerie Lefèvre"]) < 15  # reliably early
    assert sum((DEMO_TODAY - i.due_on).days > 90 for i in unpaid_old) >= 2  # two unpaid


def test_bank_labels_are_realistic(demo_url):
    with _session(demo_url) as s:
        labels = s.exec(select(t.BankTransaction.label)).all()
    assert any(label.startswith("VIR SEPA ") and " FACT F20" in label for label in labels)
    assert any(label.startswith("PRLV SEPA URSSAF") for label in labels)
    assert any(label.startswith("CB LEROY MERLIN ") for label in labels)


def test_demo_is_deterministic_and_reset_replaces_it(db_url):
    load_demo(today=DEMO_TODAY, url=db_url)
    load_demo(today=DEMO_TODAY, url=db_url)  # already there: nothing added
    with _session(db_url) as s:
        first = s.exec(select(func.sum(t.BankTransaction.amount_cents))).one()
        count = s.exec(select(func.count()).select_from(t.BankTransaction)).one()
    load_demo(reset=True, today=DEMO_TODAY, url=db_url)
    with _session(db_url) as s:
        assert s.exec(select(func.sum(t.BankTransaction.amount_cents))).one() == first
        assert s.exec(select(func.count()).select_from(t.BankTransaction)).one() == count
    assert company_count(db_url) == 1
