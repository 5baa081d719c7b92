"""The dashboard's morning tasks: today's reminders, and the document behind each échéance."""

from __future__ import annotations

from datetime import date, timedelta

from tests.conftest import DEMO_TODAY
from treso_app.domain.documents import Line
from treso_app.services import counterparties, invoices
from treso_app.services.bank import current_company
from treso_app.services.companies import resolve_company
from treso_app.services.dashboard import DocumentRef, load_dashboard, morning_tasks

TODAY = date(2026, 11, 27)
WORK = [Line("Entretien chaudière", 1000, 250_00, 2000)]  # 300,00 € TTC


def test_todays_reminders_are_counted_with_what_they_chase(db_url):
    company = resolve_company(url=db_url)
    client = counterparties.save_counterparty(
        company, "client", {"name": "Syndic Bellecour", "payment_terms": "30 jours"}, url=db_url
    )
    # Due 20/10 (38 days late: the formal notice) and 30/10 (28 days: the firm reminder).
    invoices.create_invoice(company, client, date(2026, 9, 20), WORK, url=db_url)
    invoices.create_invoice(company, client, date(2026, 9, 30), WORK * 2, url=db_url)
    # Issued today, due on receipt: too fresh to chase.
    invoices.create_invoice(company, client, TODAY, WORK, "à réception", url=db_url)
    tasks = morning_tasks(company, TODAY, db_url)
    assert (tasks.reminders_count, tasks.reminders_cents) == (2, 300_00 + 600_00)
    assert morning_tasks(company, TODAY - timedelta(days=60), db_url).reminders_count == 0


def test_every_invoice_and_bill_of_the_agenda_finds_its_document(demo_url):
    board = load_dashboard(today=DEMO_TODAY, url=demo_url)
    tasks = morning_tasks(current_company(0, demo_url), DEMO_TODAY, demo_url)
    documents = [e for e in board.agenda if e.kind in ("facture", "fournisseur")]
    assert documents  # the demo's week has some
    for event in documents:
        if "(devis accepté)" in event.label:
            continue  # a quote, not an invoice yet
        assert tasks.documents[event.label].kind == event.kind, event.label
    assert all(isinstance(ref, DocumentRef) for ref in tasks.documents.values())
