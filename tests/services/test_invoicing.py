"""Clients, quotes, invoices, credit notes and payments against a migrated database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from treso_app.db import tables as t
from treso_app.db.session import read_only
from treso_app.domain.documents import Line
from treso_app.domain.errors import ValidationError
from treso_app.services import counterparties, invoices, quotes
from treso_app.services.bank import data_version
from treso_app.services.companies import resolve_company

DAY = date(2026, 11, 27)  # a Friday
WORK = [
    Line("Remplacement chauffe-eau", 1000, 1_200_00, 1000),
    Line("Déplacement", 1000, 50_00, 2000),
]


@pytest.fixture
def company(db_url):
    return resolve_company(url=db_url)


@pytest.fixture
def client(company, db_url):
    fields = {"name": "SCI Les Tilleuls", "siren": "552 100 554", "payment_terms": "30 jours"}
    return counterparties.save_counterparty(company, "client", fields, url=db_url)


def numbers(db_url):
    with read_only(db_url) as session:
        return session.exec(select(t.Invoice.number).order_by(t.Invoice.id)).all()


def test_client_form_is_checked_field_by_field(company, db_url):
    with pytest.raises(ValidationError) as error:
        counterparties.save_counterparty(
            company, "client", {"name": "X", "siren": "123456789"}, url=db_url
        )
    assert error.value.field == "siren"
    with pytest.raises(ValidationError) as error:
        counterparties.save_counterparty(
            company, "client", {"name": "X", "payment_terms": "90 jours"}, url=db_url
        )
    assert error.value.field == "payment_terms" and "plafond légal" in error.value.message
    with pytest.raises(ValidationError, match="nom est obligatoire"):
        counterparties.save_counterparty(company, "client", {"name": " "}, url=db_url)
    assert counterparties.names(company, "client", db_url) == []


def test_invoice_numbers_are_gapless_yearly_and_never_reused(company, client, db_url):
    first = invoices.create_invoice(company, client, DAY, WORK, url=db_url)
    with pytest.raises(ValidationError):  # refused after numbering: the number comes back
        invoices.create_invoice(company, client, DAY, WORK, payment_terms="120 jours", url=db_url)
    second = invoices.create_invoice(company, client, DAY, WORK, url=db_url)
    note = invoices.credit_note(company, 1, 100_00, "Geste commercial", DAY, url=db_url)
    third = invoices.create_invoice(company, client, DAY, WORK, url=db_url)
    next_year = invoices.create_invoice(company, client, date(2027, 1, 4), WORK, url=db_url)
    assert (first, second, third, next_year) == (
        "F2026-0001",
        "F2026-0002",
        "F2026-0003",
        "F2027-0001",
    )
    assert note == "A2026-0001"
    assert len(set(numbers(db_url))) == len(numbers(db_url))


def test_invoice_totals_and_due_date_moved_to_a_working_day(company, client, db_url):
    invoices.create_invoice(company, client, date(2026, 11, 2), WORK, url=db_url)
    [row] = invoices.invoice_rows(company, DAY, db_url)
    # 1 200 € at 10 % + 50 € at 20 % = 1 250 HT, 130 TVA, 1 380 TTC
    assert row.ttc_cents == 1_380_00 and row.remaining_cents == 1_380_00
    assert row.due_on == date(2026, 12, 2)  # 30 days: a Wednesday
    # 30 days after 13 Nov is Sunday 13 Dec: payable Monday 14 Dec
    invoices.create_invoice(company, client, date(2026, 11, 13), WORK, url=db_url)
    assert invoices.invoice_rows(company, DAY, db_url)[0].due_on == date(2026, 12, 14)


def test_partial_then_full_payment_and_overpayment_refused(company, client, db_url):
    invoices.create_invoice(company, client, date(2026, 9, 1), WORK, url=db_url)
    [row] = invoices.invoice_rows(company, DAY, db_url)
    assert row.status == "en_retard" and row.days_late == 57
    assert row.penalties.indemnity_cents == 40_00 and row.penalties.interest_cents > 0
    assert (
        invoices.record_payment(company, row.id, DAY, 380_00, "chèque", url=db_url) == "partielle"
    )
    with pytest.raises(ValidationError, match="dépasse le reste dû"):
        invoices.record_payment(company, row.id, DAY, 1_000_01, "virement", url=db_url)
    assert (
        invoices.record_payment(company, row.id, DAY, 1_000_00, "virement", url=db_url) == "payée"
    )
    detail = invoices.invoice_detail(company, row.id, DAY, db_url)
    assert [(p.amount_cents, p.means) for p in detail.payments] == [
        (380_00, "chèque"),
        (1_000_00, "virement"),
    ]
    assert detail.row.remaining_cents == 0 and detail.row.penalties is None
    with read_only(db_url) as session:
        assert session.get(t.Counterparty, client).learned_delay_days == 57


def test_credit_note_reduces_what_is_owed_with_the_invoice_vat(company, client, db_url):
    invoices.create_invoice(company, client, DAY, WORK, url=db_url)
    invoice = invoices.invoice_rows(company, DAY, db_url)[0]
    invoices.credit_note(company, invoice.id, 138_00, "Remise", DAY, url=db_url)
    rows = {r.number: r for r in invoices.invoice_rows(company, DAY, db_url)}
    assert rows["F2026-0001"].remaining_cents == 1_242_00
    assert rows["A2026-0001"].status == "avoir" and rows["A2026-0001"].ttc_cents == 138_00
    with pytest.raises(ValidationError, match="dépasse"):
        invoices.credit_note(company, invoice.id, 1_242_01, "Trop", DAY, url=db_url)


def test_quote_to_deposit_to_final_invoice(company, client, db_url):
    number = quotes.create_quote(company, client, DAY, WORK, url=db_url)
    [quote] = quotes.quote_rows(company, DAY, db_url)
    assert number == "D2026-0001" and quote.status == "brouillon" and quote.to_invoice_cents == 0
    with pytest.raises(ValidationError, match="doit être accepté"):
        quotes.invoice_quote(company, quote.id, DAY, url=db_url)
    quotes.set_status(company, quote.id, "accepté", DAY, url=db_url)
    assert quotes.quote_rows(company, DAY, db_url)[0].to_invoice_cents == 1_380_00  # pipeline
    deposit = quotes.invoice_quote(company, quote.id, DAY, deposit_percent=Decimal(30), url=db_url)
    assert quotes.quote_rows(company, DAY, db_url)[0].to_invoice_cents == 1_380_00 - 414_00
    final = quotes.invoice_quote(company, quote.id, DAY, url=db_url)
    rows = {r.number: r for r in invoices.invoice_rows(company, DAY, db_url)}
    assert (deposit, final) == ("F2026-0001", "F2026-0002")
    assert rows[deposit].kind == "acompte" and rows[deposit].ttc_cents == 414_00
    assert rows[final].ttc_cents == 1_380_00 - 414_00  # the deposit is deducted, VAT included
    [quote] = quotes.quote_rows(company, DAY, db_url)
    assert quote.status == "facturé" and quote.to_invoice_cents == 0


def test_a_sent_quote_past_its_validity_shows_expired(company, client, db_url):
    quotes.create_quote(company, client, date(2026, 9, 1), WORK, url=db_url)
    [quote] = quotes.quote_rows(company, DAY, db_url)
    quotes.set_status(company, quote.id, "envoyé", date(2026, 9, 1), url=db_url)
    assert quotes.quote_rows(company, DAY, db_url)[0].status == "expiré"


def test_client_list_shows_outstanding_overdue_and_delay(company, client, db_url):
    invoices.create_invoice(company, client, date(2026, 9, 1), WORK, url=db_url)
    invoices.create_invoice(company, client, date(2026, 8, 1), WORK, url=db_url)
    paid = invoices.invoice_rows(company, DAY, db_url)[1]
    invoices.record_payment(company, paid.id, date(2026, 9, 10), 1_380_00, "virement", url=db_url)
    [row] = counterparties.client_rows(company, DAY, db_url)
    assert row.outstanding_cents == 1_380_00 and row.overdue_cents == 1_380_00
    assert row.late_count == 1 and row.average_delay_days == 10.0  # due 31 Aug, paid 10 Sep


def test_aged_receivables_from_the_invoices(company, client, db_url):
    invoices.create_invoice(company, client, date(2026, 7, 1), WORK, url=db_url)
    invoices.create_invoice(company, client, DAY, WORK, url=db_url)
    [row], total = invoices.aged(invoices.invoice_rows(company, DAY, db_url), DAY)
    assert row.cents["over_90"] == 1_380_00  # due 31 July: 119 days late
    assert row.cents["not_due"] == 1_380_00 and row.overdue_cents == 1_380_00
    assert total.total_cents == 2_760_00


def test_demo_invoices_keep_the_sequence_going(demo_url):
    company = resolve_company(url=demo_url)
    last = max(n for n in numbers(demo_url) if n.startswith("F2026"))
    rows = invoices.invoice_rows(company, DAY, demo_url)
    assert any(r.status == "payée" for r in rows) and any(r.status == "en_retard" for r in rows)
    assert last.startswith("F2026-")


def test_a_credit_note_on_a_paid_invoice_never_makes_it_owe_less_than_nothing(
    company, client, db_url
):
    invoices.create_invoice(company, client, DAY, WORK, url=db_url)
    invoice = invoices.invoice_rows(company, DAY, db_url)[0]
    invoices.record_payment(company, invoice.id, DAY, 1_380_00, "virement", url=db_url)
    invoices.credit_note(company, invoice.id, 100_00, "Remise après paiement", DAY, url=db_url)
    row = next(r for r in invoices.invoice_rows(company, DAY, db_url) if r.id == invoice.id)
    assert (row.status, row.remaining_cents) == ("payée", 0)
    assert counterparties.client_rows(company, DAY, db_url)[0].outstanding_cents == 0


def test_open_pages_see_invoicing_changes(company, client, db_url):
    """Open pages poll `data_version`: every change that moves the forecast changes it."""
    seen = [data_version(company, db_url)]
    invoices.create_invoice(company, client, DAY, WORK, url=db_url)
    seen.append(data_version(company, db_url))
    invoice = invoices.invoice_rows(company, DAY, db_url)[0]
    invoices.record_payment(company, invoice.id, DAY, 100_00, "chèque", url=db_url)
    seen.append(data_version(company, db_url))
    quotes.create_quote(company, client, DAY, WORK, url=db_url)
    seen.append(data_version(company, db_url))
    quotes.set_status(
        company, quotes.quote_rows(company, DAY, db_url)[0].id, "accepté", DAY, db_url
    )
    seen.append(data_version(company, db_url))
    assert len(set(seen)) == len(seen)


def test_an_invoice_without_lines_gets_its_credit_note_at_its_own_vat_rate(demo_url):
    company = resolve_company(url=demo_url)
    rows = invoices.invoice_rows(company, DAY, demo_url)
    pro = next(r for r in rows if r.client == "Cabinet Girard Syndic")  # 20 % in the demo
    detail = invoices.invoice_detail(company, pro.id, DAY, demo_url)
    assert [line.vat_rate_bp for line in detail.lines] == [2000]
    private = next(r for r in rows if r.client == "M. et Mme Rousseau")  # 10 % renovation
    assert invoices.invoice_detail(company, private.id, DAY, demo_url).lines[0].vat_rate_bp == 1000
