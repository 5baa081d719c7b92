"""Reminders against a migrated database and a real SMTP server (aiosmtpd) on localhost."""

from __future__ import annotations

import json
import socket
from dataclasses import replace
from datetime import date, timedelta
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from treso_app import cli
from treso_app.db import tables as t
from treso_app.db.session import read_only
from treso_app.domain.documents import Line
from treso_app.domain.errors import ValidationError
from treso_app.domain.money import format_amount
from treso_app.domain.reminders import DEFAULT_PLAN, Step
from treso_app.services import bills, counterparties, invoices, reminders
from treso_app.services.bank import data_version
from treso_app.services.companies import resolve_company
from treso_app.services.forecast import planning_inputs
from treso_app.services.invoicing_settings import (
    InvoicingSettings,
    invoicing_settings,
    save_alert_threshold,
    save_invoicing_settings,
)

TODAY = date(2026, 11, 27)
WORK = [Line("Dépannage chaudière", 1000, 1_000_00, 2000)]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(monkeypatch):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(controller.port))
    monkeypatch.setenv("SMTP_SECURITY", "none")
    monkeypatch.setenv("SMTP_FROM", "contact@martin-plomberie.fr")
    yield inbox
    controller.stop()


@pytest.fixture
def setup(db_url, monkeypatch):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    monkeypatch.setenv("DATABASE_URL", db_url)
    company = resolve_company(url=db_url)
    client = counterparties.save_counterparty(
        company,
        "client",
        {"name": "Syndic Bellecour", "siren": "552100554", "email": "compta@syndic.fr"},
        url=db_url,
    )
    return company, client


def invoice_due(company, client, db_url, due: date) -> int:
    invoices.create_invoice(company, client, due - timedelta(days=30), WORK, url=db_url)
    return invoices.invoice_rows(company, TODAY, db_url)[0].id


def history(db_url):
    with read_only(db_url) as session:
        return [(r.level, r.result, r.attempts) for r in session.exec(select(t.Reminder)).all()]


def test_firm_reminder_sent_by_email_once(setup, smtp, db_url):
    company, client = setup
    invoice_due(company, client, db_url, date(2026, 11, 9))  # 18 days late
    [draft] = reminders.due_reminders(company, TODAY, db_url)
    assert (draft.level, draft.title) == (3, "Relance ferme")
    [outcome] = reminders.send_reminders(company, TODAY, url=db_url)
    assert outcome.result == "envoyée"
    [mail] = smtp.messages
    assert mail["To"] == "compta@syndic.fr"
    assert str(make_header(decode_header(mail["Subject"]))).startswith(
        "Deuxième relance : facture F2026-0001"
    )
    body = mail.get_payload(decode=True).decode()
    assert format_amount(1_200_00) in body and "18 jours de retard" in body and "40 €" in body
    assert history(db_url) == [(3, "envoyée", 1)]
    assert reminders.due_reminders(company, TODAY, db_url) == []
    assert reminders.send_reminders(company, TODAY + timedelta(days=1), url=db_url) == []


def test_formal_notice_carries_penalties_and_the_indemnity(setup, db_url):
    company, client = setup
    invoice_due(company, client, db_url, date(2026, 10, 1))  # 57 days late
    [draft] = reminders.due_reminders(company, TODAY, db_url)
    assert draft.title == "Mise en demeure"
    # 1 200 € × 12,15 % × 57 / 365 = 22,77 € of penalties; with the 40 € indemnity, 1 262,77 €
    assert f"({format_amount(22_77)}, art. L441-10" in draft.body
    assert f"la somme de {format_amount(1_262_77)}" in draft.body


def test_a_private_customer_is_not_threatened_with_b2b_penalties(setup, db_url):
    company, _ = setup
    fields = {"name": "Mme Dubois", "email": "c.dubois@orange.fr", "professional": False}
    person = counterparties.save_counterparty(company, "client", fields, url=db_url)
    invoice_due(company, person, db_url, date(2026, 10, 1))
    [draft] = reminders.due_reminders(company, TODAY, db_url)
    assert draft.title == "Mise en demeure"
    assert f"la somme de {format_amount(1_200_00)}." in draft.body
    assert "40 €" not in draft.body and "L441-10" not in draft.body


def test_nothing_for_paid_disputed_or_do_not_remind(setup, smtp, db_url):
    company, client = setup
    paid = invoice_due(company, client, db_url, date(2026, 11, 9))
    invoices.record_payment(company, paid, TODAY, 1_200_00, "virement", url=db_url)
    disputed = invoice_due(company, client, db_url, date(2026, 11, 9))
    invoices.set_disputed(company, disputed, True, db_url)
    assert reminders.due_reminders(company, TODAY, db_url) == []
    invoices.set_disputed(company, disputed, False, db_url)
    assert len(reminders.due_reminders(company, TODAY, db_url)) == 1
    counterparties.set_do_not_remind(company, client, True, db_url)
    assert reminders.send_reminders(company, TODAY, url=db_url) == []
    assert smtp.messages == []


def test_without_smtp_the_reminder_is_to_do_by_phone_or_letter(setup, db_url):
    company, client = setup
    invoice_due(company, client, db_url, date(2026, 11, 19))
    [outcome] = reminders.send_reminders(company, TODAY, url=db_url)
    assert outcome.result == "à_faire" and "téléphone ou courrier" in outcome.message
    [todo] = reminders.pending(company, db_url)
    reminders.mark_done(company, todo.id, db_url)
    assert history(db_url) == [(2, "faite", 1)]
    assert reminders.due_reminders(company, TODAY, db_url) == []


def test_a_failed_send_is_recorded_and_retried_next_run(setup, db_url, monkeypatch):
    company, client = setup
    invoice_due(company, client, db_url, date(2026, 11, 19))
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(free_port()))  # nobody listens
    monkeypatch.setenv("SMTP_SECURITY", "none")
    [outcome] = reminders.send_reminders(company, TODAY, url=db_url)
    assert outcome.result == "échec" and "injoignable" in outcome.message
    assert history(db_url) == [(2, "échec", 1)]
    [again] = reminders.due_reminders(company, TODAY, db_url)
    assert again.level == 2
    reminders.send_reminders(company, TODAY, url=db_url)
    assert history(db_url) == [(2, "échec", 2)]


def test_the_daily_job_sends_only_for_auto_send_companies(setup, smtp, db_url):
    company, client = setup
    invoice_due(company, client, db_url, date(2026, 11, 19))
    assert reminders.job_summary(TODAY, db_url) == "0 relance envoyée, 1 à valider"
    settings = invoicing_settings(company, db_url)
    save_invoicing_settings(company, replace(settings, auto_send=True), db_url)
    assert reminders.job_summary(TODAY, db_url) == "1 relance envoyée, 0 à valider"
    assert len(smtp.messages) == 1


def test_settings_refuse_an_unknown_placeholder(setup, db_url):
    company, _ = setup
    broken = (Step(1, 7, "Relance", "Facture {numéro}", "x"), *DEFAULT_PLAN[2:])
    with pytest.raises(ValidationError, match="numéro"):
        save_invoicing_settings(company, InvoicingSettings(broken, False, None), db_url)
    assert invoicing_settings(company, db_url).plan == DEFAULT_PLAN


def test_an_invoice_issued_today_and_due_today_gets_no_reminder(setup, db_url):
    company, client = setup
    invoices.create_invoice(company, client, TODAY, WORK, "à réception", url=db_url)
    assert reminders.due_reminders(company, TODAY, db_url) == []
    # A week later (the default), the +7 reminder of an invoice due on receipt.
    [draft] = reminders.due_reminders(company, TODAY + timedelta(days=7), db_url)
    assert draft.level == 2
    # The company waits 10 days before any reminder: nothing yet after 7.
    settings = invoicing_settings(company, db_url)
    assert settings.reminder_min_age_days == 7
    save_invoicing_settings(company, replace(settings, reminder_min_age_days=10), db_url)
    assert reminders.due_reminders(company, TODAY + timedelta(days=7), db_url) == []
    assert len(reminders.due_reminders(company, TODAY + timedelta(days=10), db_url)) == 1


@pytest.mark.parametrize("days", [-1, 91])
def test_the_first_reminder_delay_is_bounded(setup, db_url, days):
    company, _ = setup
    settings = invoicing_settings(company, db_url)
    with pytest.raises(ValidationError, match="de 0 à 90 jours") as error:
        save_invoicing_settings(company, replace(settings, reminder_min_age_days=days), db_url)
    assert error.value.field == "min_age"
    assert invoicing_settings(company, db_url).reminder_min_age_days == 7


def test_the_alert_threshold_is_saved_within_bounds(setup, db_url):
    company, _ = setup
    version = data_version(company, db_url)
    save_alert_threshold(company, 12_500_00, db_url)
    assert bills.alert_threshold(company, db_url) == 12_500_00
    # Open pages see it (they poll the data version), and the forecast judges by it at once.
    assert data_version(company, db_url) != version
    assert planning_inputs(TODAY, 30, company, db_url)[1].threshold_cents == 12_500_00
    save_alert_threshold(company, -5_000_00, db_url)  # an authorised overdraft
    assert bills.alert_threshold(company, db_url) == -5_000_00
    for wrong in (-1_000_000_01, 100_000_000_01):
        with pytest.raises(ValidationError, match="Le seuil d'alerte va de") as error:
            save_alert_threshold(company, wrong, db_url)
        assert error.value.field == "threshold"
    assert bills.alert_threshold(company, db_url) == -5_000_00


def test_cli_dry_run_prints_json_and_sends_nothing(setup, smtp, db_url, capsys, monkeypatch):
    company, client = setup
    monkeypatch.setenv("TRESO_TODAY", "2026-11-25")  # the command reads the app's clock
    invoice_due(company, client, db_url, date(2026, 11, 9))
    assert cli.main(["reminders", "run", "--dry-run", "--json"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert json.loads(line)["result"] == "prévue" and json.loads(line)["number"] == "F2026-0001"
    assert smtp.messages == [] and history(db_url) == []
