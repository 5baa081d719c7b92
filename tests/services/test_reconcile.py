"""Reconciliation on a migrated database, through the imports a new user makes: the
invoices sheet, then the bank statement (each import runs the bookkeeping steps)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from tests.readers.samples import FR_IBAN
from treso_app.db import tables as t
from treso_app.db.queries import client_payment_habits
from treso_app.db.session import read_only
from treso_app.domain.errors import ValidationError
from treso_app.services import reconcile as r
from treso_app.services.accounts import resolve_account
from treso_app.services.companies import resolve_company
from treso_app.services.forecast import load_inputs
from treso_app.services.imports import import_file
from treso_app.services.spreadsheets import import_sheet

HEADER = "numéro;client;date_facture;date_échéance;montant_ttc;payée_le\n"


@pytest.fixture
def company(db_url):
    return resolve_company(url=db_url)


@pytest.fixture
def account(company, db_url):
    return resolve_account(company, FR_IBAN, db_url)


def sheet(company, db_url, *rows: str) -> None:
    import_sheet(company, "invoices", "factures.csv", (HEADER + "\n".join(rows)).encode(), db_url)


def statement(company, account, db_url, *rows: str, name="releve.csv") -> None:
    data = ("Date;Libellé;Montant\n" + "\n".join(rows) + "\n").encode()
    result = import_file(company, name, data, account_id=account, url=db_url)
    assert result.imported, result.message


def invoice(db_url, number) -> t.Invoice:
    with read_only(db_url) as session:
        return session.exec(select(t.Invoice).where(t.Invoice.number == number)).one()


def rows(db_url, table):
    with read_only(db_url) as session:
        return session.exec(select(table)).all()


def test_an_imported_statement_pays_the_imported_invoice_it_names(company, account, db_url):
    sheet(
        company,
        db_url,
        "F2026-0042;Hôtel du Parc;01/10/2026;31/10/2026;1 200,00;",
        "F2026-0043;Hôtel du Parc;02/10/2026;01/11/2026;900,00;",
    )
    statement(company, account, db_url, "12/11/2026;VIR SEPA HOTEL DU PARC FACT F2026-0042;1200,00")

    paid = invoice(db_url, "F2026-0042")
    assert (paid.status, paid.paid_on) == ("payée", date(2026, 11, 12))
    assert invoice(db_url, "F2026-0043").paid_on is None
    [allocation] = rows(db_url, t.Allocation)
    [payment] = rows(db_url, t.Payment)
    assert (allocation.amount_cents, allocation.payment_id, allocation.created_payment) == (
        1200_00,
        payment.id,
        True,
    )
    assert allocation.method == "auto" and "référence F2026-0042" in allocation.reasons
    with read_only(db_url) as session:
        line = session.exec(select(t.BankTransaction)).one()
        assert session.get(t.Category, line.category_id).name == "Ventes"
        assert line.category_source == "document"
        client = session.get(t.Counterparty, paid.client_id)
        assert client.learned_delay_days == 12.0  # paid on the 12th, due on 31/10


def test_a_spreadsheet_payment_is_confirmed_by_its_bank_line_and_survives_undo(
    company, account, db_url
):
    sheet(company, db_url, "F2026-0050;SCI Les Tilleuls;01/10/2026;31/10/2026;640,00;03/11/2026")
    statement(company, account, db_url, "05/11/2026;VIR SCI LES TILLEULS;640,00")

    [payment] = rows(db_url, t.Payment)  # no second payment: the noted one is linked
    [allocation] = rows(db_url, t.Allocation)
    assert (allocation.payment_id, allocation.created_payment) == (payment.id, False)

    line_id = allocation.transaction_id
    r.undo_match(company, line_id, db_url)
    assert rows(db_url, t.Allocation) == []
    assert [p.id for p in rows(db_url, t.Payment)] == [payment.id]
    assert invoice(db_url, "F2026-0050").status == "payée"  # the sheet said so


def test_twins_wait_for_the_owner_who_accepts_one(company, account, db_url):
    sheet(
        company,
        db_url,
        "F2026-0060;Martin Plomberie;01/10/2026;31/10/2026;500,00;",
        "F2026-0061;Martin Plomberie;03/10/2026;02/11/2026;500,00;",
    )
    statement(company, account, db_url, "06/11/2026;VIR MARTIN PLOMBERIE;500,00")
    assert rows(db_url, t.Allocation) == []

    queue = r.review_queue(company, db_url)
    [waiting] = queue.waiting
    assert {s.documents[0].number for s in waiting.suggestions} == {"F2026-0060", "F2026-0061"}
    chosen = next(s for s in waiting.suggestions if s.documents[0].number == "F2026-0061")
    r.accept_suggestion(company, chosen.id, db_url)

    assert invoice(db_url, "F2026-0061").status == "payée"
    assert invoice(db_url, "F2026-0060").status != "payée"
    assert r.review_queue(company, db_url).waiting == []
    [allocation] = rows(db_url, t.Allocation)
    assert allocation.method == "suggestion"
    with pytest.raises(ValidationError, match="plus proposée"):
        r.accept_suggestion(company, chosen.id, db_url)

    r.undo_match(company, allocation.transaction_id, db_url)  # the owner changes their mind
    assert invoice(db_url, "F2026-0061").status != "payée"
    [waiting] = r.review_queue(company, db_url).waiting  # back, with the other twin only
    assert [s.documents[0].number for s in waiting.suggestions] == ["F2026-0060"]


def test_a_rejected_suggestion_is_never_proposed_again(company, account, db_url):
    sheet(company, db_url, "F2026-0070;Garage Durand;01/10/2026;31/10/2026;300,00;")
    statement(company, account, db_url, "06/11/2026;VIR DIVERS;300,00")  # amount only
    [waiting] = r.review_queue(company, db_url).waiting
    [suggestion] = waiting.suggestions
    assert suggestion.reasons == "montant exact"

    r.reject_suggestion(company, suggestion.id, db_url)
    r.reconcile(company, db_url)
    assert r.review_queue(company, db_url).waiting == []
    assert rows(db_url, t.Allocation) == []


def test_manual_match_checks_amounts_and_undo_restores_the_invoice(company, account, db_url):
    sheet(company, db_url, "F2026-0080;Garage Durand;01/01/2026;31/01/2026;300,00;")
    statement(company, account, db_url, "06/11/2026;CHQ 1234567;450,00")
    line_id = rows(db_url, t.BankTransaction)[0].id
    picked = r.search_documents(company, "durand", "in", db_url)
    assert [(d.number, d.remaining_cents) for d in picked] == [("F2026-0080", 300_00)]

    with pytest.raises(ValidationError, match="dépasse le reste dû"):
        r.match_manually(
            company, line_id, [{"invoice_id": picked[0].id, "amount_cents": 400_00}], db_url
        )
    assert rows(db_url, t.Payment) == [] and rows(db_url, t.Allocation) == []

    r.match_manually(company, line_id, [{"invoice_id": picked[0].id}], db_url)
    assert invoice(db_url, "F2026-0080").status == "payée"
    [payment] = rows(db_url, t.Payment)
    assert (payment.amount_cents, payment.means, payment.paid_on) == (
        300_00,
        "chèque",
        date(2026, 11, 6),
    )

    r.undo_match(company, line_id, db_url)
    assert invoice(db_url, "F2026-0080").status == "en_retard"  # due in January
    assert invoice(db_url, "F2026-0080").paid_on is None
    assert rows(db_url, t.Payment) == []
    r.reconcile(company, db_url)
    assert rows(db_url, t.Allocation) == []  # an undone match is not made again
    [waiting] = r.review_queue(company, db_url).waiting  # it waits, to be matched by hand
    assert (waiting.transaction_id, waiting.suggestions) == (line_id, [])
    with pytest.raises(ValidationError, match="d'aucune facture"):
        r.undo_match(company, line_id, db_url)


def test_a_supplier_bill_is_paid_by_the_direct_debit_naming_it(company, account, db_url):
    bills = (
        "numéro;fournisseur;date_facture;date_échéance;montant_ttc\n"
        "LM-8812;Leroy Merlin;01/10/2026;31/10/2026;318,40\n"
    )
    import_sheet(company, "bills", "achats.csv", bills.encode(), db_url)
    statement(company, account, db_url, "31/10/2026;PRLV LEROY MERLIN FACT LM-8812;-318,40")
    with read_only(db_url) as session:
        bill = session.exec(select(t.Bill)).one()
        assert (bill.status, bill.paid_on) == ("payée", date(2026, 10, 31))
        line = session.exec(select(t.BankTransaction)).one()
        assert session.get(t.Category, line.category_id).name == "Achats et matières"


@pytest.mark.parametrize(
    ("supplier", "label", "expected"),
    [
        ("Leroy Merlin", "PRLV LEROY MERLIN FACT FO-8812", "Achats et matières"),
        ("EDF Entreprises", "PRLV SEPA EDF FACT FO-8812", "Énergie"),  # the label says so
        ("Thomas Girard Motion Design", "VIR SEPA THOMAS GIRARD FACT FO-8812", "Sous-traitance"),
        ("OVH", "VIR SEPA FACT FO-8812", "Télécom et informatique"),  # the supplier's name says
    ],
)
def test_a_paid_bill_line_takes_the_category_its_label_or_supplier_tells(
    company, account, db_url, supplier, label, expected
):
    bills = (
        "numéro;fournisseur;date_facture;date_échéance;montant_ttc\n"
        f"FO-8812;{supplier};01/10/2026;31/10/2026;318,40\n"
    )
    import_sheet(company, "bills", "achats.csv", bills.encode(), db_url)
    statement(company, account, db_url, f"31/10/2026;{label};-318,40")
    with read_only(db_url) as session:
        line = session.exec(select(t.BankTransaction)).one()
        assert session.exec(select(t.Allocation)).one().transaction_id == line.id
        assert session.get(t.Category, line.category_id).name == expected
        assert line.category_source == "document"


def test_the_report_counts_what_was_applied_and_what_waits(company, account, db_url):
    sheet(company, db_url, "F2026-0090;Hôtel du Parc;01/10/2026;31/10/2026;1 000,00;")
    statement(company, account, db_url, "06/11/2026;VIR DIVERS;1000,00")
    report = r.reconcile(company, db_url)
    assert report.as_json()["applied_count"] == 0 and report.suggested == 1


def test_client_delays_and_the_forecast_learn_from_reconciled_payments(company, account, db_url):
    """An imported history without « payée le »: the bank lines alone teach how late the
    client pays, and its open invoice is forecast with that delay."""
    sheet(
        company,
        db_url,
        "F2026-0100;Foncière Bellecour;01/08/2026;31/08/2026;2 000,00;",
        "F2026-0101;Foncière Bellecour;01/09/2026;01/10/2026;1 500,00;",
        "F2026-0102;Foncière Bellecour;02/11/2026;02/12/2026;3 000,00;",
    )
    statement(
        company,
        account,
        db_url,
        "10/09/2026;VIR FONCIERE BELLECOUR FACT F2026-0100;2000,00",  # 10 days late
        "21/10/2026;VIR FONCIERE BELLECOUR F20260101;1500,00",  # 20 days late
    )
    client = invoice(db_url, "F2026-0102").client_id
    with read_only(db_url) as session:
        habits = client_payment_habits(session, company, date(2026, 11, 25))
        assert habits[client] == [(10, 40, 1.0), (20, 50, 1.0)]  # after due, after issue
        assert client_payment_habits(session, company, date(2026, 10, 1)) == {
            client: [(10, 40, 1.0)]
        }
        assert session.get(t.Counterparty, client).learned_delay_days == 15.0
        inputs = load_inputs(session, company, date(2026, 11, 25), 60)
    [receivable] = [r for r in inputs.receivables if r.number == "F2026-0102"]
    assert receivable.delays == (10, 20)


def test_a_sheet_imported_after_the_statement_is_linked_to_its_lines(company, account, db_url):
    statement(company, account, db_url, "05/11/2026;VIR SCI LES TILLEULS;640,00")
    sheet(
        company,
        db_url,
        "F2026-0050;SCI Les Tilleuls;01/10/2026;31/10/2026;640,00;04/11/2026",
        "F2026-0051;SCI Les Tilleuls;01/10/2026;31/10/2026;700,00;",
    )
    [payment] = rows(db_url, t.Payment)  # the sheet's « payée le », confirmed, not doubled
    [allocation] = rows(db_url, t.Allocation)
    assert (allocation.payment_id, allocation.created_payment) == (payment.id, False)
    assert invoice(db_url, "F2026-0051").status == "en_retard"


def test_a_deposit_and_a_balance_both_carry_the_one_payment_a_sheet_noted(company, account, db_url):
    """The sheet says « payée le 30/11 » for the whole invoice; the bank shows a deposit
    naming it, then the balance."""
    sheet(company, db_url, "F2026-0042;Hôtel du Parc;01/10/2026;31/10/2026;3 000,00;30/11/2026")
    statement(
        company,
        account,
        db_url,
        "02/11/2026;VIR HOTEL DU PARC ACOMPTE FACT F2026-0042;1200,00",
        "30/11/2026;VIR HOTEL DU PARC SOLDE FACT F2026-0042;1800,00",
    )
    [payment] = rows(db_url, t.Payment)
    allocations = rows(db_url, t.Allocation)
    assert sorted(a.amount_cents for a in allocations) == [1200_00, 1800_00]
    assert {(a.payment_id, a.created_payment) for a in allocations} == {(payment.id, False)}
    assert r.review_queue(company, db_url).waiting == []


def test_a_deposit_then_a_balance_count_on_their_own_days_as_of_any_day(company, account, db_url):
    """The sheet notes one payment, the day the invoice was complete; the bank shows a
    deposit of 40 % then the balance, each naming the invoice. Seen as of a day between
    them — a backtest, or what the owner knew then — only the balance is still to come,
    and the client's habit is when each part came: 40 % on the due date, 60 % 30 days on."""
    sheet(
        company,
        db_url,
        "F2026-0200;Hôtel du Parc;01/09/2026;01/10/2026;10 000,00;31/10/2026",
        "F2026-0201;Hôtel du Parc;02/11/2026;02/12/2026;1 000,00;",
    )
    statement(
        company,
        account,
        db_url,
        "01/10/2026;VIR SEPA HOTEL DU PARC FACT F2026-0200;4000,00",
        "31/10/2026;VIR SEPA HOTEL DU PARC FACT F2026-0200;6000,00",
    )
    with read_only(db_url) as session:
        between = load_inputs(session, company, date(2026, 10, 15), 60)
        after = load_inputs(session, company, date(2026, 11, 15), 60)
    [waiting] = [x for x in between.receivables if x.number == "F2026-0200"]
    assert waiting.amount_cents == 6000_00
    [open_one] = after.receivables
    assert open_one.number == "F2026-0201"
    assert (open_one.delays, open_one.shares) == ((0, 30), (0.4, 0.6))


def test_a_long_bank_label_is_kept_as_the_payments_reference_cut_to_its_bound(
    company, account, db_url
):
    """Banks write long labels (the client's name, the invoice, their own references): the
    payment the match creates keeps as much of it as a reference holds, and the
    reconciliation does not stop at it."""
    sheet(company, db_url, "F2026-0300;Hôtel du Parc;01/10/2026;31/10/2026;1 200,00;")
    label = "VIR SEPA HOTEL DU PARC ET RESIDENCE DES LILAS FACT F2026-0300 REF 99887766"
    statement(company, account, db_url, f"12/11/2026;{label};1200,00")
    [payment] = rows(db_url, t.Payment)
    assert payment.reference == label[:40].strip()
    assert invoice(db_url, "F2026-0300").status == "payée"
