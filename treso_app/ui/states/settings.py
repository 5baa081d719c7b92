"""`/parametres` view-model: the alert threshold; the reminder sequence and its French texts,
auto-send, how old an invoice must be before a reminder, the late-payment penalty rate."""

from __future__ import annotations

import asyncio
import logging
from decimal import Decimal

import reflex as rx

from treso_app.domain.errors import TresoError, ValidationError
from treso_app.domain.money import parse_amount, typed_amount
from treso_app.domain.penalties import default_rate_bp
from treso_app.domain.reminders import DEFAULT_PLAN, PLACEHOLDERS, Step, render
from treso_app.i18n import t
from treso_app.services.bank import current_company
from treso_app.services.bills import alert_threshold
from treso_app.services.invoicing_settings import (
    InvoicingSettings,
    invoicing_settings,
    save_alert_threshold,
    save_invoicing_settings,
)
from treso_app.ui.format import number

from .base import BaseState
from .form_errors import errors_of, without

SETTINGS_FIELDS = ("min_age", "penalty_rate", "quote_days", "stale_days")

log = logging.getLogger(__name__)
STEP_KEYS = ("offset", "title", "subject", "body")


def present_fields() -> list[dict[str, str]]:
    """The reminder texts' fields as the owner reads them: a name and what it stands for."""
    return [
        {"key": p, "name": t(f"field_{p}"), "meaning": t(f"field_{p}_meaning")}
        for p in PLACEHOLDERS
    ]


def shown_fields(text: str) -> str:
    """A stored template as edited: « {montant} » becomes « [Montant dû] »."""
    return render(text, {f["key"]: f"[{f['name']}]" for f in present_fields()})


def stored_fields(text: str) -> str:
    """Back from the editor: « [Montant dû] » is stored as « {montant} »."""
    for field in present_fields():
        text = text.replace(f"[{field['name']}]", "{" + field["key"] + "}")
    return text


def present_steps(plan: tuple[Step, ...]) -> list[dict[str, str]]:
    return [
        {
            "level": str(s.level),
            "offset": str(s.offset_days),
            "title": s.title,
            "subject": shown_fields(s.subject),
            "body": shown_fields(s.body),
        }
        for s in plan
    ]


def typed_steps(rows: list[dict[str, str]]) -> tuple[Step, ...]:
    steps = []
    for row in rows:
        try:
            offset = int(row["offset"].strip())
        except ValueError:
            raise ValidationError(
                f"Niveau {row['level']} : « {row['offset']} » n'est pas un nombre de jours.",
                "offset",
            ) from None
        subject, body = stored_fields(row["subject"]), stored_fields(row["body"])
        steps.append(Step(int(row["level"]), offset, row["title"], subject, body))
    return tuple(steps)


def typed_rate(text: str) -> int | None:
    """« 12,15 » (%) → 1215 basis points; empty → None (the legal default)."""
    if not text.strip():
        return None
    try:
        return parse_amount(text.replace("%", ""))  # hundredths of a percent are basis points
    except TresoError:
        raise ValidationError(f"« {text} » n'est pas un taux.", "penalty_rate") from None


def typed_days(text: str, field: str) -> int:
    """« 7 » → 7; anything else is named back to the owner."""
    if not text.strip().isdigit():
        raise ValidationError(f"« {text} » n'est pas un nombre de jours.", field)
    return int(text.strip())


def typed_threshold(text: str) -> int:
    """« 25 000 » or « 25 000,00 € » → cents; the field is never left empty."""
    if not text.strip():
        raise ValidationError(
            "Indiquez un seuil d'alerte (0 si vous n'en voulez pas).", "threshold"
        )
    try:
        return parse_amount(text)
    except TresoError as error:
        raise ValidationError(error.message, "threshold") from None


class SettingsState(BaseState):
    steps: list[dict[str, str]] = []
    auto_send: bool = False
    penalty_rate: str = ""
    quote_days: str = "30"
    stale_days: str = "10"
    min_age_days: str = "7"
    settings_errors: dict[str, str] = {}  # by field (SETTINGS_FIELDS); a level's under the form
    notice: str = ""
    threshold: str = ""
    threshold_error: str = ""
    threshold_notice: str = ""
    fields: list[dict[str, str]] = present_fields()
    rate_label: str = t("penalty_rate", default=number(Decimal(default_rate_bp()) / 100))

    @rx.event
    async def load(self):
        try:
            self.company_id = await asyncio.to_thread(current_company, self.company_id)
            found = await asyncio.to_thread(invoicing_settings, self.company_id)
            threshold = await asyncio.to_thread(alert_threshold, self.company_id)
        except Exception:
            log.exception("settings page load failed")
            self.error = t("load_error")
            return
        self.steps = present_steps(found.plan)
        self.auto_send = found.auto_send
        self.penalty_rate = (
            number(Decimal(found.penalty_rate_bp) / 100)
            if found.penalty_rate_bp is not None
            else ""
        )
        self.quote_days = str(found.quote_conversion_days)
        self.stale_days = str(found.stale_balance_days)
        self.min_age_days = str(found.reminder_min_age_days)
        self.settings_errors, self.notice = {}, ""
        self.threshold = typed_amount(threshold)
        self.threshold_error, self.threshold_notice = "", ""

    @rx.event
    def set_step(self, index: int, key: str, value: str):
        if key in STEP_KEYS and 0 <= index < len(self.steps):
            self.steps = [s | {key: value} if i == index else s for i, s in enumerate(self.steps)]

    @rx.event
    def insert_field(self, index: int, name: str):
        """A tapped field chip: its name goes at the end of that step's text."""
        if 0 <= index < len(self.steps):
            step = self.steps[index]
            step = step | {"body": step["body"].rstrip(" ") + f" [{name}]"}
            self.steps = [step if i == index else s for i, s in enumerate(self.steps)]

    @rx.event
    def set_auto_send(self, value: bool):
        self.auto_send = value

    @rx.event
    def set_penalty_rate(self, value: str):
        self.penalty_rate = value
        self.settings_errors = without(self.settings_errors, "penalty_rate")

    @rx.event
    def set_quote_days(self, value: str):
        self.quote_days = value
        self.settings_errors = without(self.settings_errors, "quote_days")

    @rx.event
    def set_stale_days(self, value: str):
        self.stale_days = value
        self.settings_errors = without(self.settings_errors, "stale_days")

    @rx.event
    def set_min_age_days(self, value: str):
        self.min_age_days = value
        self.settings_errors = without(self.settings_errors, "min_age")

    @rx.event
    def set_threshold(self, value: str):
        self.threshold = value

    @rx.event
    async def save_threshold(self):
        """Saved alone: the dashboard, the planner and the supplier dates use it at once (their
        pages refresh on the data version, which includes it)."""
        try:
            cents = typed_threshold(self.threshold)
            await asyncio.to_thread(save_alert_threshold, self.company_id, cents)
        except ValidationError as error:
            self.threshold_error, self.threshold_notice = error.message, ""
            return
        self.threshold = typed_amount(cents)
        self.threshold_error, self.threshold_notice = "", t("threshold_saved")

    @rx.event
    def reset_texts(self):
        self.steps = present_steps(DEFAULT_PLAN)

    @rx.event
    async def save(self):
        try:
            chosen = InvoicingSettings(
                typed_steps(self.steps),
                self.auto_send,
                typed_rate(self.penalty_rate),
                typed_days(self.quote_days, "quote_days"),
                stale_balance_days=typed_days(self.stale_days, "stale_days"),
                reminder_min_age_days=typed_days(self.min_age_days, "min_age"),
            )
            await asyncio.to_thread(save_invoicing_settings, self.company_id, chosen)
        except ValidationError as error:
            self.settings_errors, self.notice = errors_of(error, SETTINGS_FIELDS), ""
            return
        self.settings_errors, self.notice = {}, t("settings_saved")
