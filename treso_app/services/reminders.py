"""Payment reminders: which are due today, sending them (e-mail, else « à faire » by phone or
letter), their history, and the company's reminder settings.

Each reminder is recorded in its own transaction right after its e-mail leaves, so a crash
half-way never forgets what was sent; a failed e-mail is recorded with its reason and tried
again on the next run (same row, one more attempt).
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from treso_app import i18n  # texts and plurals, shared by every layer
from treso_app.db import tables as t
from treso_app.db.queries import settled_invoices
from treso_app.db.session import read_only, transaction
from treso_app.domain.errors import ValidationError
from treso_app.domain.money import format_amount
from treso_app.domain.penalties import default_rate_bp, penalties
from treso_app.domain.reminders import (
    due_step,
    penalty_sentences,
    plan_from,
    render,
)
from treso_app.services.mailer import MailError, send_mail
from treso_app.settings import smtp_settings

log = logging.getLogger(__name__)
JOB_NAME = "relances"


@dataclass(frozen=True)
class Draft:
    """A reminder due today, written out."""

    invoice_id: int
    number: str
    client: str
    email: str
    level: int
    title: str
    subject: str
    body: str
    days_late: int
    remaining_cents: int


@dataclass(frozen=True)
class Outcome:
    number: str
    client: str
    level: int
    title: str
    result: str  # envoyée / à_faire / échec / prévue (dry run)
    message: str


def due_reminders(company_id: int, today: date, url: str | None = None) -> list[Draft]:
    with read_only(url) as session:
        return _due(session, company_id, today)


def _due(session: Session, company_id: int, today: date) -> list[Draft]:
    company = session.get(t.Company, company_id)
    plan = plan_from(company.reminder_plan)
    settled = settled_invoices(session, company_id)
    done: dict[int, set[int]] = {}
    for invoice_id, level in session.exec(
        select(t.Reminder.invoice_id, t.Reminder.level).where(
            t.Reminder.company_id == company_id, t.Reminder.result != "échec"
        )
    ).all():
        done.setdefault(invoice_id, set()).add(level)
    rows = session.exec(
        select(t.Invoice, t.Counterparty)
        .join(t.Counterparty, t.Counterparty.id == t.Invoice.client_id)
        .where(
            t.Invoice.company_id == company_id,
            t.Invoice.kind != "avoir",
            t.Invoice.status != "payée",
            t.Invoice.disputed.is_(False),
            t.Counterparty.do_not_remind.is_(False),
        )
        .order_by(t.Invoice.due_on)
    ).all()
    drafts = []
    for invoice, client in rows:
        remaining = invoice.ttc_cents - settled.get(invoice.id, 0)
        step = due_step(
            plan,
            invoice.issued_on,
            invoice.due_on,
            today,
            done.get(invoice.id, ()),
            company.reminder_min_age_days,
        )
        if remaining <= 0 or step is None:
            continue
        rate = invoice.penalty_rate_bp or company.penalty_rate_bp or default_rate_bp()
        owed = penalties(remaining, invoice.due_on, today, rate, client.professional)
        values = {
            "client": client.name,
            "numero": invoice.number,
            "montant": format_amount(remaining),
            "montant_du": format_amount(remaining + owed.total_cents),
            "echeance": invoice.due_on.strftime("%d/%m/%Y"),
            "jours_retard": str(owed.days_late),
            "penalites": format_amount(owed.interest_cents),
            "entreprise": company.name,
            **penalty_sentences(client.professional, format_amount(owed.interest_cents)),
        }
        drafts.append(
            Draft(
                invoice.id,
                invoice.number,
                client.name,
                client.email or "",
                step.level,
                step.title,
                render(step.subject, values),
                render(step.body, values),
                owed.days_late,
                remaining,
            )
        )
    return drafts


def send_reminders(
    company_id: int,
    today: date,
    invoice_ids: Collection[int] | None = None,
    dry_run: bool = False,
    url: str | None = None,
) -> list[Outcome]:
    """Send today's reminders (all, or those of `invoice_ids`): by e-mail when SMTP is set up
    and the client has an address, else recorded « à faire » for a call or a letter."""
    smtp = smtp_settings()
    with read_only(url) as session:
        company_name = session.get(t.Company, company_id).name
        drafts = _due(session, company_id, today)
    outcomes = []
    for draft in drafts:
        if invoice_ids is not None and draft.invoice_id not in invoice_ids:
            continue
        if dry_run:
            outcomes.append(_outcome(draft, "prévue", "serait envoyée (simulation)"))
            continue
        if smtp is None or not draft.email:
            why = "pas de serveur d'e-mail configuré" if smtp is None else "pas d'e-mail client"
            result, error, channel = (
                "à_faire",
                why + " : à faire par téléphone ou courrier",
                "courrier",
            )
        else:
            channel = "email"
            try:
                send_mail(smtp, draft.email, draft.subject, draft.body, company_name)
                result, error = "envoyée", None
            except MailError as failure:
                log.warning("Reminder %s level %s failed: %s", draft.number, draft.level, failure)
                result, error = "échec", failure.message
        _record(company_id, draft, channel, result, error, url)
        outcomes.append(_outcome(draft, result, error or f"envoyée à {draft.email}"))
    return outcomes


def _outcome(draft: Draft, result: str, message: str) -> Outcome:
    return Outcome(draft.number, draft.client, draft.level, draft.title, result, message)


def _record(
    company_id: int, draft: Draft, channel: str, result: str, error: str | None, url: str | None
) -> None:
    with transaction(url) as session:
        row = session.exec(
            select(t.Reminder).where(
                t.Reminder.invoice_id == draft.invoice_id, t.Reminder.level == draft.level
            )
        ).first()
        if row is None:
            row = t.Reminder(
                company_id=company_id,
                invoice_id=draft.invoice_id,
                level=draft.level,
                sent_at=t.utc_now(),
                attempts=0,
            )
        row.sent_at = t.utc_now()
        row.channel = channel
        row.result = result
        row.subject = draft.subject
        row.body = draft.body
        row.error = error
        row.attempts += 1
        session.add(row)


def mark_done(company_id: int, reminder_id: int, url: str | None = None) -> None:
    """A reminder « à faire » was made by phone or letter."""
    with transaction(url) as session:
        row = session.get(t.Reminder, reminder_id)
        if row is None or row.company_id != company_id:
            raise ValidationError("Cette relance n'existe pas.")
        row.result = "faite"
        session.add(row)


def pending(company_id: int, url: str | None = None) -> list[t.Reminder]:
    """Reminders recorded « à faire » and not done yet."""
    with read_only(url) as session:
        return list(
            session.exec(
                select(t.Reminder).where(
                    t.Reminder.company_id == company_id, t.Reminder.result == "à_faire"
                )
            ).all()
        )


def run_all(today: date, dry_run: bool = False, url: str | None = None) -> dict[int, list[Outcome]]:
    """The daily job: companies with auto-send get their reminders sent; the others keep them
    for the owner to validate in one tap. Returns what was sent (or would be) per company."""
    with read_only(url) as session:
        companies = session.exec(select(t.Company.id, t.Company.reminders_auto_send)).all()
    return {
        company_id: send_reminders(company_id, today, dry_run=dry_run, url=url)
        if auto_send or dry_run
        else []
        for company_id, auto_send in companies
    }


def job_summary(today: date, url: str | None = None) -> str:
    """The scheduler's daily run, in one line for the job history."""
    sent = sum(len(outcomes) for outcomes in run_all(today, url=url).values())
    with read_only(url) as session:
        manual = session.exec(
            select(t.Company.id).where(t.Company.reminders_auto_send.is_(False))
        ).all()
        waiting = sum(len(_due(session, company_id, today)) for company_id in manual)
    return i18n.t(
        "reminders_job_summary", sent=i18n.tn("count_reminders_sent", sent), waiting=waiting
    )
