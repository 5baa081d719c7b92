"""`treso demo --export` writes what an owner would have, and a new user importing it gets
the book's accounts and invoices back. Expected figures are summed from the book itself."""

from __future__ import annotations

from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select

from tests.conftest import DEMO_TODAY
from treso_app.cli import main
from treso_app.db import tables as t
from treso_app.db.queries import account_balances
from treso_app.db.session import get_engine
from treso_app.demo.export import CSV_DAYS, ofx_end
from treso_app.demo.generator import build
from treso_app.readers import bank_csv, ofx
from treso_app.services.onboarding import import_exported


@pytest.fixture
def exported(tmp_path, monkeypatch, request):
    monkeypatch.setenv("TRESO_TODAY", DEMO_TODAY.isoformat())
    folder = tmp_path / "export"
    assert main(["demo", "--export", str(folder), "--kind", request.param]) == 0
    return build(DEMO_TODAY, kind=request.param), folder


@pytest.mark.parametrize("exported", ["commerce", "agence"], indirect=True)
def test_export_files_read_back_as_the_book(exported):
    book, folder = exported
    for account in book.profile.accounts:
        last = ofx_end(book, account)
        expected = [
            (ln.booked_on, ln.amount_cents, ln.label)
            for ln in book.lines
            if ln.account == account.key and ln.booked_on <= last
        ]
        parsed = ofx.read(next(folder.glob(f"releve-*{account.name.split()[-1].lower()}.ofx"))
                          .read_bytes())  # fmt: skip
        statement = parsed.statements[0]
        assert statement.account.iban == account.iban
        assert [(ln.booked_on, ln.amount_cents, ln.label) for ln in statement.lines] == expected
        assert statement.closing.cents == book.opening_cents[account.key] + sum(
            e[1] for e in expected
        )
        assert len({ln.external_id for ln in statement.lines}) == len(expected)  # FITIDs
    main_account = book.profile.accounts[0]
    first = DEMO_TODAY - timedelta(days=CSV_DAYS)
    parsed = bank_csv.read((folder / main_account.iban).glob("*.csv").__next__().read_bytes())
    assert parsed.layout == "Crédit Agricole" and not parsed.needs_confirmation
    recent = [ln for ln in book.lines if ln.account == "main" and ln.booked_on >= first]
    lines = parsed.statements[0].lines
    assert sorted((ln.booked_on, ln.amount_cents, ln.label) for ln in lines) == sorted(
        (ln.booked_on, ln.amount_cents, ln.label) for ln in recent
    )
    assert sum(ln.amount_cents for ln in lines) == sum(ln.amount_cents for ln in recent)
    sheet = load_workbook(folder / "factures-clients.xlsx").active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(book.invoices)
    assert {r[0] for r in rows} == {i.number for i in book.invoices}
    bills = (folder / "factures-fournisseurs.csv").read_bytes().decode("cp1252").splitlines()
    assert len(bills) == len(book.bills) + 1
    # Nothing but what an owner has: no category, no link, no recurring item in any file.
    everything = b"".join(p.read_bytes() for p in folder.rglob("*.[co][sf][vx]"))
    assert b"Charges sociales" not in everything and b"Encaissements carte" not in everything


@pytest.mark.parametrize("exported", ["commerce", "agence"], indirect=True)
def test_a_new_user_importing_the_export_finds_the_books_balances_and_invoices(exported, db_url):
    book, folder = exported
    company_id = import_exported(folder, "Mon entreprise à moi", db_url)
    with Session(get_engine(db_url)) as session:
        balances = {a.iban: a.balance_cents for a in account_balances(session, company_id)}
        invoices = session.exec(select(t.Invoice).where(t.Invoice.company_id == company_id)).all()
        payments = session.exec(select(t.Payment).where(t.Payment.company_id == company_id)).all()
        company = session.get(t.Company, company_id)
    assert not company.is_demo
    assert balances == {
        a.iban: book.opening_cents[a.key]
        + sum(ln.amount_cents for ln in book.lines if ln.account == a.key)
        for a in book.profile.accounts
    }
    assert len(invoices) == len(book.invoices)
    open_in_book = sum(i.ttc_cents - i.paid_cents for i in book.invoices)
    by_invoice = {}
    for payment in payments:
        if payment.invoice_id:
            by_invoice[payment.invoice_id] = by_invoice.get(payment.invoice_id, 0) + (
                payment.amount_cents
            )
    assert sum(i.ttc_cents - by_invoice.get(i.id, 0) for i in invoices) == open_in_book
    assert open_in_book > 0


@pytest.mark.parametrize("exported", ["agence"], indirect=True)
def test_the_bookkeeping_runs_once_after_the_statements_then_after_each_spreadsheet(
    exported, db_url, monkeypatch
):
    """A stand-in step sees every bank line at once (both statements and the CSV's weeks:
    one pass, not one per file), then the invoices, then the bills."""
    from treso_app.services import bookkeeping

    book, folder = exported
    seen = []

    def step(company_id, url):
        with Session(get_engine(url)) as session:
            seen.append(
                (
                    len(session.exec(select(t.BankTransaction.id)).all()),
                    len(session.exec(select(t.Invoice.id)).all()),
                    len(session.exec(select(t.Bill.id)).all()),
                )
            )

    monkeypatch.setattr(bookkeeping, "_steps", lambda: [("stand-in", step)])
    import_exported(folder, "Agence à moi", db_url)
    lines, invoices, bills = len(book.lines), len(book.invoices), len(book.bills)
    assert seen == [(lines, 0, 0), (lines, invoices, 0), (lines, invoices, bills)]
