"""What the owner does around a reconciliation: deleting a payment a bank line carries, a line
paid by a spreadsheet's noted payment, a line that settles no document, the counts shown."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from tests.readers.samples import FR_IBAN
from treso_app.db import tables as t
from treso_app.db.session import read_only
from treso_app.services import bills, invoices
from treso_app.services import reconcile as r
from treso_app.services.accounts import resolve_account
from treso_app.services.companies import resolve_company
from treso_app.services.imports import import_file
from treso_app.services.spreadsheets import import_sheet

DAY = date(2026, 12, 2)
HEADER = "numéro;client;date_facture;date_échéance;montant_ttc;payée_le\n"
BILLS = "numéro;fournisseur;date_facture;date_échéance;montant_ttc\n"


@pytest.fixture
def company(db_url):
    return resolve_company(url=db_url)


@pytest.fixture
def account(company, db_url):
    return resolve_account(company, FR_IBAN, db_url)


def sheet(company, db_url, *rows: str) -> None:
    import_sheet(company, "invoices", "factures.csv", (HEADER + "\n".join(rows)).encode(), db_url)


def statement(company, account, db_url, *rows: str) -> None:
    data = ("Date;Libellé;Montant\n" + "\n".join(rows) + "\n").encode()
    assert import_file(company, "releve.csv", data, account_id=account, url=db_url).imported


def rows(db_url, table):
    with read_only(db_url) as session:
        return session.exec(select(table)).all()


def one(db_url, table, number):
    with read_only(db_url) as session:
        return session.exec(select(table).where(table.number == number)).one()


def waiting_ids(company, db_url) -> list[int]:
    return [w.transaction_id for w in r.review_queue(company, db_url).waiting]


def test_deleting_the_payment_a_manual_match_created_frees_its_line(company, account, db_url):
    sheet(company, db_url, "F2026-0100;Garage Durand;01/10/2026;31/10/2026;300,00;")
    statement(company, account, db_url, "06/11/2026;VIR DIVERS;300,00")
    [waiting] = r.review_queue(company, db_url).waiting
    r.reject_suggestion(company, waiting.suggestions[0].id, db_url)
    doc = one(db_url, t.Invoice, "F2026-0100")
    r.match_manually(company, waiting.transaction_id, [{"invoice_id": doc.id}], db_url)
    [payment] = rows(db_url, t.Payment)

    assert invoices.delete_payment(company, payment.id, DAY, db_url) == "en_retard"
    assert rows(db_url, t.Payment) == [] and rows(db_url, t.Allocation) == []
    assert one(db_url, t.Invoice, "F2026-0100").paid_on is None
    assert waiting_ids(company, db_url) == [waiting.transaction_id]  # back in the queue
    [line] = rows(db_url, t.BankTransaction)
    assert line.category_source is None  # it no longer takes the invoice's category
    deleted = invoices.invoice_detail(company, doc.id, DAY, db_url).deleted_payments
    assert [(d.payment.amount_cents, d.payment.paid_on) for d in deleted] == [
        (300_00, date(2026, 11, 6))
    ]


def test_deleting_a_confirmed_noted_payment_takes_its_allocation(company, account, db_url):
    sheet(company, db_url, "F2026-0101;SCI Les Tilleuls;01/10/2026;31/10/2026;640,00;03/11/2026")
    statement(company, account, db_url, "05/11/2026;VIR SCI LES TILLEULS;640,00")
    [payment] = rows(db_url, t.Payment)
    assert rows(db_url, t.Allocation)[0].created_payment is False

    assert invoices.delete_payment(company, payment.id, DAY, db_url) == "en_retard"
    assert rows(db_url, t.Allocation) == []
    [line] = rows(db_url, t.BankTransaction)
    [waiting] = r.review_queue(company, db_url).waiting  # to be matched by hand
    assert (waiting.transaction_id, waiting.suggestions) == (line.id, [])
    r.reconcile(company, db_url)
    assert rows(db_url, t.Allocation) == []  # the deleted match is not made again


def test_deleting_a_bills_reconciled_payment_makes_it_due_again(company, account, db_url):
    data = BILLS + "LM-8812;Leroy Merlin;01/10/2026;31/10/2026;318,40\n"
    import_sheet(company, "bills", "achats.csv", data.encode(), db_url)
    statement(company, account, db_url, "31/10/2026;PRLV LEROY MERLIN FACT LM-8812;-318,40")
    bill = one(db_url, t.Bill, "LM-8812")
    [payment] = bills.bill_payments(company, bill.id, db_url)

    assert invoices.delete_payment(company, payment.id, DAY, db_url) == "à_payer"
    assert rows(db_url, t.Allocation) == [] and rows(db_url, t.Payment) == []
    assert one(db_url, t.Bill, "LM-8812").paid_on is None
    assert waiting_ids(company, db_url) == [rows(db_url, t.BankTransaction)[0].id]
    r.reconcile(company, db_url)  # the next import does not pay it again
    assert rows(db_url, t.Payment) == []
    [event] = rows(db_url, t.DocumentEvent)
    assert (event.bill_id, event.kind) == (bill.id, "paiement_supprimé")


def test_the_report_counts_the_lines_the_page_shows_waiting(company, account, db_url):
    sheet(company, db_url, "F2026-0110;Garage Durand;01/10/2026;31/10/2026;300,00;")
    statement(company, account, db_url, "06/11/2026;VIR DIVERS;300,00", "07/11/2026;CHQ 1;450,00")
    assert len(r.review_queue(company, db_url).waiting) == 1  # VIR DIVERS: amount only
    doc = one(db_url, t.Invoice, "F2026-0110")
    cheque = rows(db_url, t.BankTransaction)[1].id
    r.match_manually(company, cheque, [{"invoice_id": doc.id}], db_url)
    r.undo_match(company, cheque, db_url)  # the cheque waits, to be matched by hand

    assert r.review_queue(company, db_url).waiting_count == 2
    assert r.reconcile(company, db_url).as_json()["suggested_count"] == 2


def test_undoing_a_noted_payments_match_lets_the_picker_confirm_it(company, account, db_url):
    sheet(company, db_url, "F2026-0120;SCI Les Tilleuls;01/10/2026;31/10/2026;640,00;03/11/2026")
    statement(company, account, db_url, "05/11/2026;VIR SCI LES TILLEULS;640,00")
    [payment] = rows(db_url, t.Payment)
    [line] = rows(db_url, t.BankTransaction)
    r.undo_match(company, line.id, db_url)

    picked = r.search_documents(company, "tilleuls", "in", db_url)
    assert [(d.number, d.remaining_cents) for d in picked] == [("F2026-0120", 640_00)]
    r.match_manually(company, line.id, [{"invoice_id": picked[0].id}], db_url)
    assert [p.id for p in rows(db_url, t.Payment)] == [payment.id]  # not paid twice
    [allocation] = rows(db_url, t.Allocation)
    assert (allocation.payment_id, allocation.created_payment) == (payment.id, False)
    assert r.review_queue(company, db_url).waiting == []
    assert one(db_url, t.Invoice, "F2026-0120").status == "payée"


def test_a_line_that_is_no_invoices_leaves_the_queue_until_brought_back(company, account, db_url):
    sheet(company, db_url, "F2026-0130;Garage Durand;01/10/2026;31/10/2026;300,00;")
    statement(company, account, db_url, "06/11/2026;VIR DIVERS;300,00")
    [line] = rows(db_url, t.BankTransaction)
    assert waiting_ids(company, db_url) == [line.id]

    r.ignore_line(company, line.id, db_url)
    assert r.review_queue(company, db_url).waiting_count == 0
    assert r.reconcile(company, db_url).suggested == 0  # not proposed again
    assert waiting_ids(company, db_url) == []

    r.unignore_line(company, line.id, db_url)
    [waiting] = r.review_queue(company, db_url).waiting
    assert [s.documents[0].number for s in waiting.suggestions] == ["F2026-0130"]
