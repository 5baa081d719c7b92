"""Supplier bills: recording, paying, scheduling and proposed dates (SEPA: test_transfers)."""

from __future__ import annotations

from datetime import date

import pytest

from treso_app.db import tables as t
from treso_app.db.session import transaction
from treso_app.domain.errors import ValidationError
from treso_app.services import bills, counterparties
from treso_app.services.companies import resolve_company

TODAY = date(2026, 11, 27)


@pytest.fixture
def company(db_url):
    company = resolve_company(url=db_url)
    with transaction(db_url) as session:
        session.add(
            t.BankAccount(
                company_id=company,
                name="Compte courant",
                iban="FR7617806002100412345678963",
                bic="AGRIFRPP878",
                opening_balance_cents=20_000_00,
                opening_on=date(2026, 1, 1),
            )
        )
    return company


def supplier(company, db_url, name="CEDEO Villeurbanne", iban="FR7630004000031234567890143"):
    fields = {"name": name, "iban": iban, "payment_terms": "45 jours fin de mois"}
    return counterparties.save_counterparty(company, "fournisseur", fields, url=db_url)


def bill(company, db_url, supplier_id, number="FA-1", ttc="1 234,56", **extra):
    fields = {"supplier_id": supplier_id, "number": number, "issued_on": "02/11/2026", "ttc": ttc}
    return bills.save_bill(company, fields | extra, url=db_url)


def test_bill_form_checks_and_supplier_terms(company, db_url):
    cedeo = supplier(company, db_url)
    bill(company, db_url, cedeo)
    [row] = bills.bill_rows(company, TODAY, db_url)
    assert row.due_on == date(2026, 12, 31)  # 2 Nov + 45 days = 17 Dec, end of month
    assert row.ttc_cents == 1_234_56 and row.status == "à_payer"
    with pytest.raises(ValidationError, match="déjà enregistrée"):
        bill(company, db_url, cedeo)
    with pytest.raises(ValidationError) as error:
        bill(company, db_url, cedeo, number="FA-2", due_on="01/11/2026")
    assert error.value.field == "due_on" and "précéder" in error.value.message
    with pytest.raises(ValidationError) as error:
        bill(company, db_url, cedeo, number="FA-3", ttc="douze")
    assert error.value.field == "ttc"
    with pytest.raises(ValidationError, match="HT \\+ TVA"):
        bill(company, db_url, cedeo, number="FA-4", ttc="120,00", ht="100,00", tva="10,00")


def test_supplier_iban_is_checked(company, db_url):
    with pytest.raises(ValidationError) as error:
        supplier(company, db_url, iban="FR7630004000031234567890144")
    assert error.value.field == "iban"


def test_partial_then_full_payment(company, db_url):
    bill_id = bill(company, db_url, supplier(company, db_url))
    assert (
        bills.record_bill_payment(company, bill_id, TODAY, 234_56, "virement", db_url) == "à_payer"
    )
    with pytest.raises(ValidationError, match="dépasse"):
        bills.record_bill_payment(company, bill_id, TODAY, 1_000_01, "virement", db_url)
    assert (
        bills.record_bill_payment(company, bill_id, TODAY, 1_000_00, "virement", db_url) == "payée"
    )
    assert bills.bill_rows(company, TODAY, db_url)[0].status == "payée"


def test_schedule_and_clear(company, db_url):
    bill_id = bill(company, db_url, supplier(company, db_url))
    bills.schedule(company, {bill_id: date(2026, 12, 15)}, TODAY, db_url)
    [row] = bills.bill_rows(company, TODAY, db_url)
    assert row.status == "programmée" and row.planned_on == date(2026, 12, 15)
    with pytest.raises(ValidationError, match="passé"):
        bills.schedule(company, {bill_id: date(2026, 11, 1)}, TODAY, db_url)
    bills.schedule(company, {bill_id: None}, TODAY, db_url)
    assert bills.bill_rows(company, TODAY, db_url)[0].status == "à_payer"


def test_proposals_pay_at_the_due_date_or_name_the_conflict(company, db_url):
    with transaction(db_url) as session:
        row = session.get(t.Company, company)
        row.alert_threshold_cents = 5_000_00
        session.add(row)
    cedeo = supplier(company, db_url)
    small = bill(company, db_url, cedeo, number="FA-1", ttc="3 000,00", due_on="10/12/2026")
    big = bill(company, db_url, cedeo, number="FA-2", ttc="14 000,00", due_on="19/12/2026")
    found = {p.key: p for p in bills.proposals(company, TODAY, db_url)}
    assert found[small].proposed_on == date(2026, 12, 10) and found[small].shortfall_cents == 0
    assert found[big].proposed_on == date(2026, 12, 18)  # the 19th is a Saturday
    # 20 000 − 3 000 − 14 000 = 3 000: 2 000 under the 5 000 threshold
    assert found[big].shortfall_cents == 2_000_00


def test_a_bill_is_corrected_through_its_form(company, db_url):
    bill_id = bill(company, db_url, supplier(company, db_url), ht="1 000,00", ttc="1 200,00")
    fields = bills.bill_fields(company, bill_id, db_url)
    assert (fields["ttc"], fields["ht"]) == ("1200,00", "1000,00")
    bills.save_bill(company, fields | {"ttc": "1 250,00", "ht": ""}, bill_id, db_url)
    [row] = bills.bill_rows(company, TODAY, db_url)
    assert row.ttc_cents == 1_250_00 and row.number == "FA-1"
