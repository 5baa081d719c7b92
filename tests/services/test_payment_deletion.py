"""A payment recorded by mistake is deleted: the invoice or bill owes it again, and its history
keeps what was deleted."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import select

from treso_app.db import tables as t
from treso_app.db.session import read_only, transaction
from treso_app.domain.documents import Line
from treso_app.domain.errors import ValidationError
from treso_app.services import bills, counterparties, invoices
from treso_app.services.bank import data_version
from treso_app.services.companies import resolve_company

DAY = date(2026, 11, 27)
WORK = [Line("Dépannage chaudière", 1000, 1_000_00, 2000)]  # 1 200,00 € TTC


@pytest.fixture
def company(db_url):
    return resolve_company(url=db_url)


@pytest.fixture
def client(company, db_url):
    fields = {"name": "SCI Les Tilleuls", "payment_terms": "30 jours"}
    return counterparties.save_counterparty(company, "client", fields, url=db_url)


def invoice_issued(company, client, db_url, issued: date) -> int:
    invoices.create_invoice(company, client, issued, WORK, url=db_url)
    return invoices.invoice_rows(company, DAY, db_url)[0].id


def events(db_url):
    with read_only(db_url) as session:
        return [(e.invoice_id, e.bill_id, e.kind, json.loads(e.detail))
                for e in session.exec(select(t.DocumentEvent)).all()]  # fmt: skip


def test_deleting_the_payment_of_a_paid_invoice_makes_it_owed_again(company, client, db_url):
    invoice = invoice_issued(company, client, db_url, date(2026, 11, 2))  # due 02/12
    invoices.record_payment(company, invoice, DAY, 200_00, "chèque", "CHQ 1234567", url=db_url)
    invoices.record_payment(company, invoice, DAY, 1_000_00, "virement", url=db_url)
    cheque, transfer = invoices.invoice_detail(company, invoice, DAY, db_url).payments

    assert invoices.delete_payment(company, transfer.id, DAY, db_url) == "partielle"
    detail = invoices.invoice_detail(company, invoice, DAY, db_url)
    assert detail.row.remaining_cents == 1_000_00
    assert [p.amount_cents for p in detail.payments] == [200_00]
    with read_only(db_url) as session:
        stored = session.get(t.Invoice, invoice)
        assert (stored.status, stored.paid_on) == ("partielle", None)

    assert invoices.delete_payment(company, cheque.id, DAY, db_url) == "à_venir"
    detail = invoices.invoice_detail(company, invoice, DAY, db_url)
    assert detail.row.remaining_cents == 1_200_00 and detail.payments == []
    # The history keeps both, oldest deletion first, with what the sheet shows.
    assert [(d.payment.amount_cents, d.payment.means, d.payment.reference, d.payment.paid_on)
            for d in detail.deleted_payments] == [
        (1_000_00, "virement", "", DAY),
        (200_00, "chèque", "CHQ 1234567", DAY),
    ]  # fmt: skip
    assert events(db_url)[1] == (
        invoice,
        None,
        "paiement_supprimé",
        {"amount_cents": 200_00, "paid_on": "2026-11-27", "means": "chèque",
         "reference": "CHQ 1234567"},
    )  # fmt: skip


def test_a_late_invoice_is_late_again(company, client, db_url):
    invoice = invoice_issued(company, client, db_url, date(2026, 9, 1))  # due 01/10
    invoices.record_payment(company, invoice, DAY, 1_200_00, "virement", url=db_url)
    [payment] = invoices.invoice_detail(company, invoice, DAY, db_url).payments
    assert invoices.delete_payment(company, payment.id, DAY, db_url) == "en_retard"
    assert invoices.invoice_detail(company, invoice, DAY, db_url).row.days_late == 57


def test_a_payment_of_another_company_or_already_deleted_is_refused(company, client, db_url):
    invoice = invoice_issued(company, client, db_url, date(2026, 11, 2))
    invoices.record_payment(company, invoice, DAY, 100_00, "espèces", url=db_url)
    [payment] = invoices.invoice_detail(company, invoice, DAY, db_url).payments
    with transaction(db_url) as session:
        other = t.Company(name="Autre SARL")
        session.add(other)
        session.flush()
        other_id = other.id
    with pytest.raises(ValidationError, match="Ce paiement n'existe pas"):
        invoices.delete_payment(other_id, payment.id, DAY, db_url)
    invoices.delete_payment(company, payment.id, DAY, db_url)
    with pytest.raises(ValidationError, match="Ce paiement n'existe pas"):
        invoices.delete_payment(company, payment.id, DAY, db_url)
    assert len(events(db_url)) == 1  # the refused attempts wrote nothing


def test_deleting_a_bill_payment_reopens_the_bill(company, db_url):
    fields = {"name": "CEDEO Villeurbanne", "payment_terms": "30 jours"}
    supplier = counterparties.save_counterparty(company, "fournisseur", fields, url=db_url)
    bill = bills.save_bill(
        company,
        {"supplier_id": supplier, "number": "FA-1", "issued_on": "02/11/2026", "ttc": "500"},
        url=db_url,
    )
    bills.schedule(company, {bill: date(2026, 11, 30)}, DAY, db_url)
    assert bills.record_bill_payment(company, bill, DAY, 500_00, "virement", db_url) == "payée"
    with read_only(db_url) as session:
        payment = session.exec(select(t.Payment.id).where(t.Payment.bill_id == bill)).one()
    assert invoices.delete_payment(company, payment, DAY, db_url) == "programmée"
    [row] = bills.bill_rows(company, DAY, db_url)
    assert (row.status, row.remaining_cents) == ("programmée", 500_00)
    with read_only(db_url) as session:
        assert session.get(t.Bill, bill).paid_on is None
    assert events(db_url)[0][:3] == (None, bill, "paiement_supprimé")


def test_a_bill_paid_by_an_issued_transfer_file_goes_back_to_it(company, db_url):
    fields = {"name": "Point P", "payment_terms": "30 jours"}
    supplier = counterparties.save_counterparty(company, "fournisseur", fields, url=db_url)
    bill = bills.save_bill(
        company,
        {"supplier_id": supplier, "number": "PP-7", "issued_on": "02/11/2026", "ttc": "80"},
        url=db_url,
    )
    with transaction(db_url) as session:
        sent = t.TransferFile(
            company_id=company, file_name="virements.xml", sha256="0" * 64, content=b"<x/>"
        )
        session.add(sent)
        session.flush()
        session.add(
            t.TransferFileBill(
                transfer_file_id=sent.id, bill_id=bill, amount_cents=80_00, execution_on=DAY
            )
        )
    bills.record_bill_payment(company, bill, DAY, 80_00, "virement", db_url)
    with read_only(db_url) as session:
        payment = session.exec(select(t.Payment.id).where(t.Payment.bill_id == bill)).one()
    assert invoices.delete_payment(company, payment, DAY, db_url) == "virement_émis"


def test_open_pages_see_a_deleted_payment(company, client, db_url):
    invoice = invoice_issued(company, client, db_url, date(2026, 11, 2))
    invoices.record_payment(company, invoice, DAY, 100_00, "chèque", url=db_url)
    invoices.record_payment(company, invoice, DAY, 50_00, "chèque", url=db_url)
    first = invoices.invoice_detail(company, invoice, DAY, db_url).payments[0]
    before = data_version(company, db_url)
    invoices.delete_payment(company, first.id, DAY, db_url)  # not the newest payment
    assert data_version(company, db_url) != before


@pytest.mark.parametrize(
    ("terms", "issued", "expected"),
    [
        ("30 jours", date(2026, 11, 2), "30 jours"),
        ("45 jours fin de mois", date(2026, 11, 2), "45 jours fin de mois"),
        ("à réception", date(2026, 11, 27), "à réception"),
    ],
)
def test_the_sheet_states_dates_and_terms(company, db_url, terms, issued, expected):
    fields = {"name": "Boulangerie Dupont", "payment_terms": terms}
    client = counterparties.save_counterparty(company, "client", fields, url=db_url)
    invoice = invoice_issued(company, client, db_url, issued)
    detail = invoices.invoice_detail(company, invoice, DAY, db_url)
    assert detail.row.issued_on == issued and detail.payment_terms == expected


def test_terms_typed_for_one_invoice_are_told_by_its_dates(company, client, db_url):
    invoices.create_invoice(company, client, date(2026, 11, 2), WORK, "15 jours", url=db_url)
    [row] = invoices.invoice_rows(company, DAY, db_url)
    assert row.due_on == date(2026, 11, 17)
    assert invoices.invoice_detail(company, row.id, DAY, db_url).payment_terms == "15 jours"


def test_a_bills_payments_are_listed_oldest_first_and_a_deleted_one_leaves_the_list(
    company, db_url
):
    fields = {"name": "Rexel Lyon", "payment_terms": "30 jours"}
    supplier = counterparties.save_counterparty(company, "fournisseur", fields, url=db_url)
    bill = bills.save_bill(
        company,
        {"supplier_id": supplier, "number": "RX-9", "issued_on": "02/11/2026", "ttc": "900"},
        url=db_url,
    )
    bills.record_bill_payment(company, bill, date(2026, 11, 20), 400_00, "chèque", db_url)
    bills.record_bill_payment(company, bill, date(2026, 11, 10), 100_00, "virement", db_url)
    listed = bills.bill_payments(company, bill, db_url)
    assert [(p.paid_on, p.amount_cents, p.means) for p in listed] == [
        (date(2026, 11, 10), 100_00, "virement"),
        (date(2026, 11, 20), 400_00, "chèque"),
    ]
    invoices.delete_payment(company, listed[0].id, date(2026, 11, 25), db_url)
    assert [p.amount_cents for p in bills.bill_payments(company, bill, db_url)] == [400_00]
