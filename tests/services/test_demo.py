"""The demo company, as loaded in a real database made by the migrations."""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path
from statistics import fmean

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from tests.conftest import DEMO_TODAY
from tests.readers.samples import ofx_sgml, ofx_transaction
from treso_app.cli import main
from treso_app.db import tables as t
from treso_app.db.migrate import upgrade
from treso_app.db.session import get_engine
from treso_app.domain.documents import Line
from treso_app.domain.receivables import invoice_status
from treso_app.services.accounts import resolve_account
from treso_app.services.companies import create_company
from treso_app.services.demo import DemoInUse, company_count, load_demo
from treso_app.services.imports import import_file
from treso_app.services.invoices import create_invoice


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


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    """A demo database built once; each reset test works on its own copy."""
    folder = tmp_path_factory.mktemp("demo-template")
    url = f"sqlite:///{folder / 'treso.db'}"
    upgrade(url)
    load_demo(today=DEMO_TODAY, url=url)
    with get_engine(url).connect() as connection:  # everything in the file, none in the WAL
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return folder / "treso.db"


@pytest.fixture
def demo_copy(demo_file, tmp_path) -> str:
    shutil.copy(demo_file, tmp_path / "treso.db")
    return f"sqlite:///{tmp_path / 'treso.db'}"


def totals(url: str) -> tuple[int, int, int]:
    with _session(url) as s:
        return tuple(
            s.exec(select(func.count()).select_from(table)).one()
            for table in (t.BankTransaction, t.Invoice, t.Payment)
        )


def demo_id(url: str) -> int:
    with _session(url) as s:
        return s.exec(select(t.Company.id).where(t.Company.is_demo)).one()


def test_reset_refuses_once_statements_were_imported_into_the_demo(demo_copy, monkeypatch, capsys):
    monkeypatch.setenv("TRESO_TODAY", DEMO_TODAY.isoformat())  # the statement is not old then
    statement = ofx_sgml(ofx_transaction("20261120", "-12,50", "CB BOULANGERIE", "R1"))
    assert import_file(demo_id(demo_copy), "a.ofx", statement, into_demo=True, url=demo_copy).new
    before = totals(demo_copy)
    with pytest.raises(DemoInUse, match="des relevés y ont été importés"):
        load_demo(reset=True, today=DEMO_TODAY, url=demo_copy)
    assert totals(demo_copy) == before
    monkeypatch.setenv("DATABASE_URL", demo_copy)
    assert main(["demo", "--reset"]) == 1
    assert "n'est pas remise à zéro" in capsys.readouterr().err
    assert totals(demo_copy) == before


def test_reset_refuses_once_an_invoice_or_a_payment_was_added(demo_copy):
    company = demo_id(demo_copy)
    with _session(demo_copy) as s:
        client = s.exec(select(t.Counterparty.id).where(t.Counterparty.company_id == company))
        client = client.first()
    create_invoice(
        company, client, DEMO_TODAY, [Line("Dépannage", 1000, 90_00, 2000)], url=demo_copy
    )
    before = totals(demo_copy)
    with pytest.raises(DemoInUse, match="factures"):
        load_demo(reset=True, today=DEMO_TODAY, url=demo_copy)
    assert totals(demo_copy) == before


def test_reset_touches_only_the_demo(demo_copy):
    own = create_company("Plomberie Dupont", demo_copy)
    account = resolve_account(own, "FR7630004000031234567890143", demo_copy)
    statement = ofx_sgml(ofx_transaction("20261120", "-12,50", "CB BOULANGERIE", "R1"))
    result = import_file(own, "a.ofx", statement, account_id=account, url=demo_copy)
    assert result.new == 1
    old_demo = demo_id(demo_copy)
    new_demo = load_demo(reset=True, today=DEMO_TODAY, url=demo_copy)
    assert new_demo != old_demo and company_count(demo_copy) == 2
    with _session(demo_copy) as s:
        mine = s.exec(select(t.BankTransaction).where(t.BankTransaction.company_id == own)).all()
        assert [line.label for line in mine] == ["CB BOULANGERIE"]


def test_the_shop_and_the_agency_load_as_the_one_demo_company(demo_copy, capsys, monkeypatch):
    """`treso demo --reset --kind commerce` replaces the untouched plumber by the shop, still
    one company flagged demo; its lines carry their categories and its grouped transfers
    settle each invoice they pay."""
    monkeypatch.setenv("DATABASE_URL", demo_copy)
    monkeypatch.setenv("TRESO_TODAY", DEMO_TODAY.isoformat())
    assert main(["demo", "--reset", "--kind", "commerce"]) == 0
    with _session(demo_copy) as s:
        companies = s.exec(select(t.Company)).all()
        assert [(c.name, c.is_demo) for c in companies] == [
            ("Maison Brun — Épicerie fine & cave", True)
        ]
        takings = s.exec(
            select(func.count())
            .select_from(t.BankTransaction)
            .join(t.Category, t.Category.id == t.BankTransaction.category_id)
            .where(t.Category.name == "Encaissements carte")
        ).one()
        assert takings > 900  # about two card remittances a day open, for two years
    load_demo(reset=True, today=DEMO_TODAY, url=demo_copy, kind="agence")
    with _session(demo_copy) as s:
        assert s.exec(select(func.count()).select_from(t.Company)).one() == 1
        grouped = s.exec(
            select(t.Allocation.transaction_id)
            .group_by(t.Allocation.transaction_id)
            .having(func.count(t.Allocation.invoice_id) == 2)
        ).all()
        assert grouped  # one transfer, two invoices
        for invoice in s.exec(select(t.Invoice)).all():
            paid = sum(
                a.amount_cents
                for a in s.exec(select(t.Allocation).where(t.Allocation.invoice_id == invoice.id))
            )
            assert paid <= invoice.ttc_cents
            assert invoice.status == invoice_status(
                invoice.ttc_cents, paid, invoice.due_on, DEMO_TODAY
            )


def test_asking_for_another_kind_without_reset_says_the_demo_stays(demo_copy, capsys, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", demo_copy)
    before = totals(demo_copy)
    assert main(["demo", "--kind", "agence"]) == 0
    out = capsys.readouterr().out
    assert "Martin Plomberie Chauffage SARL" in out and "--reset --kind agence" in out
    assert totals(demo_copy) == before


@pytest.mark.parametrize("kind", ["plombier", "commerce", "agence"])
def test_the_declared_items_are_the_flows_detection_finds_so_none_is_proposed_twice(
    db_url, kind, monkeypatch
):
    """One confirmed item per real flow, keyed as detection keys it: one salary per
    employee (never a payroll total beside them), so finding the flows again adds nothing
    the forecast would count twice."""
    from treso_app.services.recurring import detect_recurring

    monkeypatch.setenv("TRESO_TODAY", DEMO_TODAY.isoformat())
    company = load_demo(today=DEMO_TODAY, url=db_url, kind=kind)
    report = detect_recurring(company, db_url)
    assert report.added == 0
    with _session(db_url) as session:
        items = session.exec(select(t.RecurringItem)).all()
    assert {i.status for i in items} == {"confirmé"}
    salaries = {i.label for i in items if i.label.startswith("SALAIRE")}
    employees = {"plombier": 4, "commerce": 3, "agence": 5}[kind]  # + the shop's Christmas help
    assert len(salaries) == employees
    assert not any("Salaires nets" in i.label for i in items)
