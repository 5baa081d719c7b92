"""Every form's service refuses an out-of-bounds value (negative where it must not be, 20
digits, year 9999 or 1800, 1 MB of text) with its French message and the field it belongs
to, and writes nothing: the whole database is the same before and after."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from sqlalchemy import text

from treso_app.db import tables as t
from treso_app.db.session import read_only, transaction
from treso_app.domain.documents import Line, line_from_text
from treso_app.domain.errors import ValidationError
from treso_app.services import (
    bills,
    categories,
    counterparties,
    invoices,
    invoicing_settings,
    quotes,
    recurring,
    scenarios,
)
from treso_app.services.companies import create_company, resolve_company

DAY = date(2026, 11, 27)
MEGABYTE = "x" * 2**20  # 1 048 576 characters
TWENTY_DIGITS = "12345678901234567890"
TWENTY_DIGITS_CENTS = 12345678901234567890_00
NNBSP = "\u202f"  # Babel's fr_FR thousands separator
LIMIT = f"999{NNBSP}999{NNBSP}999{NNBSP}999 €"
TOO_BIG = f"dépasse la limite de {LIMIT} : vérifiez le nombre de chiffres."
MEGA = f"est trop long : 1{NNBSP}048{NNBSP}576 caractères pour"
MILLION = f"la quantité dépasse 1{NNBSP}000{NNBSP}000 : vérifiez le nombre de chiffres."
BOUNDS = "doit être entre le 01/01/1900 et le 31/12/2100."


def snapshot(url: str) -> dict[str, list]:
    """Every row of every table, to show that a refusal wrote nothing at all."""
    with read_only(url) as session:
        return {
            table.name: session.exec(text(f'SELECT * FROM "{table.name}"')).all()
            for table in t.SQLModel.metadata.sorted_tables
        }


def refused(url: str, call, message: str, field: str) -> None:
    """`call()` raises a ValidationError with `message` (the whole of it) on `field`, and
    the database is left as it was."""
    before = snapshot(url)
    with pytest.raises(ValidationError) as error:
        call()
    assert error.value.message == message
    assert error.value.field == field
    assert snapshot(url) == before


@pytest.fixture
def company(db_url):
    return resolve_company(url=db_url)


@pytest.fixture
def client(company, db_url):
    fields = {"name": "SCI Les Tilleuls", "payment_terms": "30 jours"}
    return counterparties.save_counterparty(company, "client", fields, url=db_url)


@pytest.fixture
def invoice(company, client, db_url):
    lines = [Line("Remplacement chauffe-eau", 1000, 1_000_00, 2000)]  # 1 200,00 € TTC
    invoices.create_invoice(company, client, DAY, lines, url=db_url)
    with read_only(db_url) as session:
        return session.exec(text("SELECT id FROM invoice")).one()[0]


@pytest.fixture
def bill(company, db_url):
    fields = {"name": "CEDEO Villeurbanne", "payment_terms": "30 jours"}
    supplier = counterparties.save_counterparty(company, "fournisseur", fields, url=db_url)
    fields = {"supplier_id": supplier, "number": "FA-1", "issued_on": "02/11/2026", "ttc": "600"}
    return bills.save_bill(company, fields, url=db_url)


# --- invoice and quote lines ------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            Line("Remise", 1000, -100_00, 2000),
            "Ligne 1 : le prix unitaire ne peut pas être négatif.",
        ),
        (
            Line("Pose", 10**15, 45_00, 2000),  # 10¹² units, in thousandths
            f"Ligne 1 : {MILLION}",
        ),
        (
            Line("Pose", 1000, TWENTY_DIGITS_CENTS, 2000),
            f"Ligne 1 : le prix unitaire {TOO_BIG}",
        ),
        (Line(MEGABYTE, 1000, 45_00, 2000), f"Ligne 1 : le libellé {MEGA} 500 au plus."),
    ],
)
def test_an_invoice_line_out_of_bounds_is_refused(company, client, db_url, line, message):
    refused(
        db_url,
        lambda: invoices.create_invoice(company, client, DAY, [line], url=db_url),
        message,
        "lines",
    )
    refused(
        db_url,
        lambda: quotes.create_quote(company, client, DAY, [line], url=db_url),
        message,
        "lines",
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (("Remise", "1", "-100", "20"), "Le prix unitaire ne peut pas être négatif."),
        (
            ("Pose", "1000000000000", "45", "20"),
            MILLION.capitalize(),
        ),
        (("Pose", "1", TWENTY_DIGITS, "20"), f"Le prix unitaire {TOO_BIG}"),
        ((MEGABYTE, "1", "45", "20"), f"Le libellé {MEGA} 500 au plus."),
    ],
)
def test_a_line_typed_in_the_form_is_refused_as_it_is_read(typed, message):
    with pytest.raises(ValidationError) as error:
        line_from_text(*typed)
    assert (error.value.message, error.value.field) == (message, "lines")


@pytest.mark.parametrize(
    ("day", "shown"), [(date(9999, 12, 31), "31/12/9999"), (date(1800, 1, 1), "01/01/1800")]
)
def test_a_document_dated_out_of_bounds_is_refused_and_takes_no_number(
    company, client, db_url, day, shown
):
    work = [Line("Pose", 1000, 45_00, 2000)]
    refused(
        db_url,
        lambda: invoices.create_invoice(company, client, day, work, url=db_url),
        f"La date de la facture ({shown}) {BOUNDS}",
        "date",
    )
    refused(
        db_url,
        lambda: quotes.create_quote(company, client, day, work, url=db_url),
        f"La date du devis ({shown}) {BOUNDS}",
        "date",
    )


def test_an_invoice_comment_of_a_megabyte_is_refused(company, client, db_url):
    work = [Line("Pose", 1000, 45_00, 2000)]
    refused(
        db_url,
        lambda: invoices.create_invoice(
            company, client, DAY, work, description=MEGABYTE, url=db_url
        ),
        f"Le commentaire {MEGA} 2{NNBSP}000 au plus.",
        "description",
    )


# --- payments and credit notes ----------------------------------------------------------


@pytest.mark.parametrize(
    ("paid_on", "cents", "message", "field"),
    [
        (DAY, 0, "Le montant du paiement ne peut pas être nul.", "amount"),
        (DAY, -100_00, "Le montant du paiement ne peut pas être négatif.", "amount"),
        (DAY, TWENTY_DIGITS_CENTS, f"Le montant du paiement {TOO_BIG}", "amount"),
        (date(9999, 12, 31), 100_00, f"La date du paiement (31/12/9999) {BOUNDS}", "date"),
        (date(1800, 1, 1), 100_00, f"La date du paiement (01/01/1800) {BOUNDS}", "date"),
    ],
)
def test_a_payment_out_of_bounds_is_refused(
    company, invoice, bill, db_url, paid_on, cents, message, field
):
    refused(
        db_url,
        lambda: invoices.record_payment(company, invoice, paid_on, cents, "virement", url=db_url),
        message,
        field,
    )
    refused(
        db_url,
        lambda: bills.record_bill_payment(company, bill, paid_on, cents, "virement", url=db_url),
        message,
        field,
    )


def test_a_payment_reference_of_a_megabyte_is_refused(company, invoice, db_url):
    refused(
        db_url,
        lambda: invoices.record_payment(
            company, invoice, DAY, 100_00, "chèque", MEGABYTE, url=db_url
        ),
        f"Le texte de la référence {MEGA} 40 au plus.",
        "reference",
    )


def test_a_credit_note_out_of_bounds_is_refused(company, invoice, db_url):
    refused(
        db_url,
        lambda: invoices.credit_note(company, invoice, -100_00, "Geste", DAY, db_url),
        "Le montant de l'avoir ne peut pas être négatif.",
        "amount",
    )
    refused(
        db_url,
        lambda: invoices.credit_note(company, invoice, 100_00, MEGABYTE, DAY, db_url),
        f"Le motif {MEGA} 500 au plus.",
        "reason",
    )


# --- supplier bills ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "message", "field"),
    [
        ({"ttc": TWENTY_DIGITS}, f"Le montant TTC {TOO_BIG}", "ttc"),
        ({"ht": "-100"}, "Le montant HT ne peut pas être négatif.", "ht"),
        ({"issued_on": "31/12/9999"}, f"La date de la facture (31/12/9999) {BOUNDS}", "issued_on"),
        ({"due_on": "01/01/1800"}, f"L'échéance (01/01/1800) {BOUNDS}", "due_on"),
        (
            {"number": "F" * 41},
            "Le numéro est trop long : 41 caractères pour 40 au plus.",
            "number",
        ),
        ({"description": MEGABYTE}, f"Le commentaire {MEGA} 2{NNBSP}000 au plus.", "description"),
    ],
)
def test_a_bill_out_of_bounds_is_refused(company, bill, db_url, typed, message, field):
    fields = bills.bill_fields(company, bill, db_url) | typed
    refused(db_url, lambda: bills.save_bill(company, fields, bill, db_url), message, field)


def test_a_bill_scheduled_in_year_9999_is_refused(company, bill, db_url):
    refused(
        db_url,
        lambda: bills.schedule(company, {bill: date(9999, 12, 31)}, DAY, db_url),
        f"La date de paiement de la facture FA-1 (31/12/9999) {BOUNDS}",
        "scheduled_on",
    )


# --- one-off events of the planner -------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "message", "field"),
    [
        (
            ("Camion", date(9999, 12, 31), -30_000_00),
            f"La date de l'événement (31/12/9999) {BOUNDS}",
            "event_on",
        ),
        (
            ("Camion", date(2027, 3, 15), -TWENTY_DIGITS_CENTS),
            f"Le montant de l'événement {TOO_BIG}",
            "event_amount",
        ),
        (
            (MEGABYTE, date(2027, 3, 15), -30_000_00),
            f"Le libellé de l'événement {MEGA} 120 au plus.",
            "event_label",
        ),
    ],
)
def test_a_one_off_event_out_of_bounds_is_refused_and_no_scenario_saved(
    company, db_url, event, message, field
):
    with pytest.raises(ValidationError) as error:
        scenarios.one_off(*event)
    assert (error.value.message, error.value.field) == (message, field)
    label, on, cents = event
    plan = scenarios.Plan(events=(scenarios.OneOff(on, cents, label),))
    refused(db_url, lambda: scenarios.save(company, "Gros chantier", plan, db_url), message, field)


# --- recurring items, categories and rules ----------------------------------------------


@pytest.fixture
def recurring_item(company, db_url):
    with transaction(db_url) as session:
        item = t.RecurringItem(
            company_id=company, label="Loyer", amount_cents=-950_00, start_on=date(2026, 1, 2)
        )
        session.add(item)
        session.flush()
        return item.id


@pytest.mark.parametrize(
    ("label", "cents", "message", "field"),
    [
        ("Loyer", TWENTY_DIGITS_CENTS, f"Le montant {TOO_BIG}", "amount"),
        (MEGABYTE, 950_00, f"Le libellé {MEGA} 120 au plus.", "label"),
    ],
)
def test_a_recurring_item_out_of_bounds_is_refused(
    company, recurring_item, db_url, label, cents, message, field
):
    refused(
        db_url,
        lambda: recurring.update(
            company, recurring_item, label, cents, "mensuel", "jour", 2, db_url
        ),
        message,
        field,
    )


def test_a_category_name_of_a_megabyte_is_refused(company, db_url):
    refused(
        db_url,
        lambda: categories.add_category(company, MEGABYTE, url=db_url),
        f"Le nom de la catégorie {MEGA} 120 au plus.",
        "name",
    )


@pytest.mark.parametrize(
    ("low", "high", "message", "field"),
    [
        ("", TWENTY_DIGITS, f"Le montant maximum {TOO_BIG}", "max_cents"),
        ("-100", "", "Le montant minimum ne peut pas être négatif.", "min_cents"),
    ],
)
def test_a_rule_amount_out_of_bounds_is_refused(company, db_url, low, high, message, field):
    category = categories.add_category(company, "Matériaux", url=db_url)
    refused(
        db_url,
        lambda: categories.add_rule_from_form(
            company, str(category), "contient", "CEDEO", "", low, high, "", False, db_url
        ),
        message,
        field,
    )


# --- clients, suppliers, companies, settings ----------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message", "field"),
    [
        ({"name": MEGABYTE}, f"Le nom {MEGA} 120 au plus.", "name"),
        (
            {"name": "SCI", "email": "a" * 300 + "@exemple.fr"},
            "L'e-mail est trop long : 311 caractères pour 254 au plus.",
            "email",
        ),
        ({"name": "SCI", "iban": MEGABYTE}, f"L'IBAN {MEGA} 40 au plus.", "iban"),
        ({"name": "SCI", "siren": MEGABYTE}, f"Le SIREN {MEGA} 40 au plus.", "siren"),
        (
            {"name": "SCI", "address": MEGABYTE},
            f"Le texte de l'adresse {MEGA} 2{NNBSP}000 au plus.",
            "address",
        ),
    ],
)
def test_a_client_or_supplier_out_of_bounds_is_refused(company, db_url, fields, message, field):
    for kind in ("client", "fournisseur"):
        refused(
            db_url,
            lambda kind=kind: counterparties.save_counterparty(company, kind, fields, url=db_url),
            message,
            field,
        )


def test_a_company_name_of_a_megabyte_is_refused(db_url):
    refused(
        db_url,
        lambda: create_company(MEGABYTE, db_url),
        f"Le nom de l'entreprise {MEGA} 120 au plus.",
        "company_name",
    )


def test_a_reminder_text_of_a_megabyte_is_refused(company, db_url):
    settings = invoicing_settings.invoicing_settings(company, db_url)
    first, *others = settings.plan
    plan = (dataclasses.replace(first, body=MEGABYTE), *others)
    refused(
        db_url,
        lambda: invoicing_settings.save_invoicing_settings(
            company, dataclasses.replace(settings, plan=plan), db_url
        ),
        f"Le texte du niveau 1 {MEGA} 2{NNBSP}000 au plus.",
        "template",
    )
