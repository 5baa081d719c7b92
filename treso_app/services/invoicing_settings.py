"""How the company invoices and chases: the reminder sequence, auto-send, the late-payment
rate, and when an accepted quote is expected to become an invoice; also how old a bank
balance may be before it is flagged."""

from __future__ import annotations

from dataclasses import dataclass

from treso_app.db import tables as t
from treso_app.db.session import read_only, transaction
from treso_app.domain.errors import ValidationError
from treso_app.domain.reminders import Step, checked_template, plan_from, plan_to_json


@dataclass(frozen=True)
class InvoicingSettings:
    plan: tuple[Step, ...]
    auto_send: bool
    penalty_rate_bp: int | None  # None: ECB rate + 10 points
    quote_conversion_days: int = 30
    stale_balance_days: int = 10  # an account's balance older than this is flagged


def invoicing_settings(company_id: int, url: str | None = None) -> InvoicingSettings:
    with read_only(url) as session:
        company = session.get(t.Company, company_id)
        return InvoicingSettings(
            plan_from(company.reminder_plan),
            company.reminders_auto_send,
            company.penalty_rate_bp,
            company.quote_conversion_days,
            stale_balance_days=company.stale_balance_days,
        )


def save_invoicing_settings(
    company_id: int, settings: InvoicingSettings, url: str | None = None
) -> None:
    for step in settings.plan:
        if not step.title.strip():
            raise ValidationError(f"Niveau {step.level} : donnez-lui un nom.", "template")
        checked_template(step.subject, f"Objet du niveau {step.level}")
        checked_template(step.body, f"Texte du niveau {step.level}")
        if not -30 <= step.offset_days <= 365:
            raise ValidationError(
                f"Niveau {step.level} : entre 30 jours avant et 365 jours après l'échéance.",
                "offset",
            )
    if settings.penalty_rate_bp is not None and not 0 <= settings.penalty_rate_bp <= 5000:
        raise ValidationError("Le taux de pénalités va de 0 à 50 %.", "penalty_rate")
    if not 0 <= settings.quote_conversion_days <= 365:
        raise ValidationError("Le délai de facturation d'un devis va de 0 à 365 jours.", "quote")
    if not 1 <= settings.stale_balance_days <= 365:
        raise ValidationError(
            "L'âge au-delà duquel un solde est signalé va de 1 à 365 jours.", "stale_days"
        )
    with transaction(url) as session:
        company = session.get(t.Company, company_id)
        company.reminder_plan = plan_to_json(settings.plan)
        company.reminders_auto_send = settings.auto_send
        company.penalty_rate_bp = settings.penalty_rate_bp
        company.quote_conversion_days = settings.quote_conversion_days
        company.stale_balance_days = settings.stale_balance_days
        session.add(company)
