"""The « Échéances récurrentes » card of /parametres: the flows found in the bank history
(confirm, edit, dismiss in one tap) and the confirmed ones (edit, delete)."""

from __future__ import annotations

import asyncio
import logging

import reflex as rx
from babel.dates import format_date, get_day_names

from treso_app.domain.errors import ValidationError
from treso_app.domain.money import typed_amount
from treso_app.domain.recurrence import LAST_WORKING_DAY, DayRule, Frequency
from treso_app.i18n import t
from treso_app.services import recurring
from treso_app.services.bank import current_company
from treso_app.services.recurring import RecurringRow
from treso_app.ui.format import locale, money, short_date

from .base import BaseState
from .form_errors import errors_of, typed_cents, without

EDIT_FIELDS = ("label", "amount", "frequency", "day_rule", "day")

log = logging.getLogger(__name__)


def rhythm(row: RecurringRow) -> str:
    """« chaque mois, le dernier jour ouvré », « chaque trimestre, vers le 15 »,
    « chaque lundi », « chaque année, vers le 15 décembre »."""
    if row.day_rule == DayRule.WEEKDAY:
        return t("every_weekday", day=get_day_names("wide", locale=locale())[row.day % 7])
    every = t(f"every_{row.frequency}")
    if row.day_rule == DayRule.NTH_BANK_DAY:
        return t("rhythm_nth_bank_day", every=every, n=_ordinal(row.day))
    if row.day == LAST_WORKING_DAY:
        return t("rhythm_last_working_day", every=every)
    day = _ordinal(row.day) if row.day == 1 else str(row.day)
    if row.frequency == Frequency.YEARLY and row.next_on:
        day = f"{day} {format_date(row.next_on, 'MMMM', locale=locale())}"
    return t("rhythm_around_day", every=every, day=day)


def _ordinal(n: int) -> str:
    return t("ordinal_first") if n == 1 else t("ordinal_nth", n=n)


def present(row: RecurringRow) -> dict[str, str]:
    next_on = t("recurring_next", date=short_date(row.next_on)) if row.next_on else ""
    return {
        "id": str(row.id),
        "label": row.label,
        "rhythm": rhythm(row),
        "amount": money(row.amount_cents, signed=True),
        # « · prochaine le 15/12/2026 · Charges sociales », after the amount
        "details": "".join(f" · {part}" for part in (next_on, row.category) if part),
        "frequency": row.frequency,
        "day_rule": row.day_rule,
        "day": str(row.day),
        "size": typed_amount(abs(row.amount_cents)),
    }


def day_choices(day_rule: str) -> list[dict[str, str]]:
    """What `day` may be under a rule, as the owner reads it."""
    if day_rule == DayRule.WEEKDAY:
        names = get_day_names("wide", locale=locale())
        return [{"value": str(d), "label": names[d]} for d in range(7)]
    if day_rule == DayRule.NTH_BANK_DAY:
        return [{"value": str(n), "label": _ordinal(n)} for n in range(1, 24)]
    days = [{"value": str(d), "label": str(d)} for d in range(1, 32)]
    return [{"value": "0", "label": t("last_working_day")}, *days]


def frequency_choices() -> list[dict[str, str]]:
    return [{"value": f.value, "label": t(f"frequency_{f.value}")} for f in Frequency]


def rule_choices() -> list[dict[str, str]]:
    return [{"value": r.value, "label": t(f"day_rule_{r.value}")} for r in DayRule]


def typed_size(text: str) -> int:
    """The amount typed as a size: the item keeps its direction."""
    return abs(typed_cents(text))


class RecurringState(BaseState):
    detected: list[dict[str, str]] = []
    confirmed: list[dict[str, str]] = []
    ignored: list[dict[str, str]] = []
    ignored_title: str = ""
    show_ignored: bool = False
    deleting: str = ""  # the id of the confirmed item whose deletion waits for « Supprimer »
    delete_question: str = ""
    recurring_error: str = ""
    editing: str = ""  # the id of the item in the edit dialog, "" when closed
    edit_label: str = ""
    edit_amount: str = ""
    edit_frequency: str = Frequency.MONTHLY.value
    edit_rule: str = DayRule.DAY_OF_MONTH.value
    edit_day: str = "1"
    edit_errors: dict[str, str] = {}  # by field: label, amount, frequency, day_rule, day, form
    frequencies: list[dict[str, str]] = frequency_choices()
    rules: list[dict[str, str]] = rule_choices()
    days: list[dict[str, str]] = day_choices(DayRule.DAY_OF_MONTH)

    @rx.event
    async def load(self):
        try:
            self.company_id = await asyncio.to_thread(current_company, self.company_id)
            await self._refresh()
        except Exception:
            log.exception("recurring items load failed")
            self.recurring_error = t("load_error")

    async def _refresh(self) -> None:
        page = await asyncio.to_thread(recurring.list_recurring, self.company_id)
        self.detected = [present(r) for r in page.detected]
        self.confirmed = [present(r) for r in page.confirmed]
        self.ignored = [present(r) for r in page.ignored]
        self.ignored_title = t("recurring_ignored", count=len(page.ignored))
        self.recurring_error = ""

    async def _act(self, action, *args) -> bool:
        try:
            await asyncio.to_thread(action, self.company_id, *args)
        except ValidationError as error:
            self.recurring_error = error.message
            return False
        await self._refresh()
        return True

    @rx.event
    async def confirm(self, item_id: str):
        await self._act(recurring.confirm, int(item_id))

    @rx.event
    async def dismiss(self, item_id: str):
        await self._act(recurring.dismiss, int(item_id))

    @rx.event
    def ask_delete(self, item: dict[str, str]):
        self.deleting = item["id"]
        self.delete_question = t("recurring_delete_question", label=item["label"])

    @rx.event
    def close_delete(self, _open: bool = False):
        self.deleting = ""

    @rx.event
    async def delete(self):
        item_id, self.deleting = self.deleting, ""
        if item_id:
            await self._act(recurring.delete, int(item_id))

    @rx.event
    def toggle_ignored(self):
        self.show_ignored = not self.show_ignored

    @rx.event
    async def restore(self, item_id: str):
        await self._act(recurring.restore, int(item_id))

    @rx.event
    def start_edit(self, item: dict[str, str]):
        self.editing, self.edit_label, self.edit_amount = item["id"], item["label"], item["size"]
        self.edit_frequency, self.edit_rule = item["frequency"], item["day_rule"]
        self.edit_day, self.edit_errors = item["day"], {}
        self.days = day_choices(self.edit_rule)

    @rx.event
    def close_edit(self, _open: bool = False):
        self.editing = ""

    @rx.event
    def set_edit_label(self, value: str):
        self.edit_label = value
        self.edit_errors = without(self.edit_errors, "label")

    @rx.event
    def set_edit_amount(self, value: str):
        self.edit_amount = value
        self.edit_errors = without(self.edit_errors, "amount")

    @rx.event
    def set_edit_frequency(self, value: str):
        """Weekly goes with a weekday, the others with a day of the month."""
        self.edit_frequency = value
        weekly = value == Frequency.WEEKLY
        if weekly != (self.edit_rule == DayRule.WEEKDAY):
            self._rule(DayRule.WEEKDAY if weekly else DayRule.DAY_OF_MONTH)

    @rx.event
    def set_edit_rule(self, value: str):
        self._rule(value)

    def _rule(self, value: str) -> None:
        self.edit_rule, self.days = value, day_choices(value)
        if self.edit_day not in {d["value"] for d in self.days}:
            self.edit_day = self.days[0]["value"]

    @rx.event
    def set_edit_day(self, value: str):
        self.edit_day = value

    @rx.event
    async def save_edit(self):
        try:
            size = typed_size(self.edit_amount)
            args = (self.edit_label, size, self.edit_frequency, self.edit_rule)
            await asyncio.to_thread(
                recurring.update, self.company_id, int(self.editing), *args, int(self.edit_day)
            )
        except ValidationError as error:
            self.edit_errors = errors_of(error, EDIT_FIELDS)
            return
        self.editing = ""
        await self._refresh()
