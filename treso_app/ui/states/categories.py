"""Categories on `/banque` (a line's chip and its menu) and on `/parametres` (the categories
and the owner's rules). Services do the work in worker threads; the state keeps strings."""

from __future__ import annotations

import asyncio
import logging

import reflex as rx

from treso_app.domain.categorise import Direction, Match
from treso_app.domain.errors import ValidationError
from treso_app.i18n import t, tn
from treso_app.services import categories as svc
from treso_app.services.companies import current_company
from treso_app.ui.format import money

from .bank import BankState
from .base import BaseState

log = logging.getLogger(__name__)
BOTH = "both"  # the form's « Entrées et sorties » (a select's value cannot be empty)


def present_rule(rule: svc.RuleRow) -> dict[str, str]:
    """« Le libellé contient LEROY MERLIN → Achats et matières », with its bounds. Pure."""
    words = {
        Match.CONTAINS: "rule_contains",
        Match.REGEX: "rule_regex",
        Match.COUNTERPARTY: "rule_counterparty",
    }
    details = []
    if rule.direction:
        details.append(t("rule_in" if rule.direction == Direction.IN else "rule_out"))
    if rule.min_cents is not None:
        details.append(t("rule_min", amount=money(rule.min_cents)))
    if rule.max_cents is not None:
        details.append(t("rule_max", amount=money(rule.max_cents)))
    return {
        "id": str(rule.id),
        "text": t(words.get(Match(rule.match), "rule_contains"), pattern=rule.pattern),
        "category": rule.category,
        "details": " · ".join(details),
    }


def present_category(row: svc.CategoryRow) -> dict[str, str]:
    return {
        "id": str(row.id),
        "name": row.name,
        "count": tn("category_lines", row.lines),
        "deletable": "1" if row.deletable else "",
        "question": t("category_delete_question", name=row.name),
    }


def _settings(company_id: int) -> dict:
    company_id = current_company(company_id)
    return {
        "company_id": company_id,
        "category_rows": [present_category(c) for c in svc.categories(company_id)],
        "rule_rows": [present_rule(r) for r in svc.rules(company_id)],
    }


def _text(number: int | None) -> str:
    return "" if number is None else str(number)


def _number(text: str) -> int | None:
    return int(text) if text else None


class CategoriesState(BaseState):
    options: list[dict[str, str]] = []  # the chip menu: value (id), label (name)
    category_rows: list[dict[str, str]] = []
    rule_rows: list[dict[str, str]] = []
    new_name: str = ""
    editing: str = ""  # the id of the category being renamed
    editing_name: str = ""
    deleting: str = ""  # the id of the category whose deletion waits for a second tap
    category_error: str = ""
    # After « Toujours classer… »: the rule made, waiting for « appliquer au passé ? ».
    past_rule: str = ""
    past_question: str = ""
    line_notice: str = ""
    # After a line's category changed: what it was, for « Annuler » (ids, "" for none).
    undo_line: dict[str, str] = {}
    undo_text: str = ""
    # The « Nouvelle règle » form on /parametres, as typed.
    rule_match: str = Match.CONTAINS.value
    rule_pattern: str = ""
    rule_direction: str = BOTH
    rule_min: str = ""
    rule_max: str = ""
    rule_category: str = ""
    rule_priority: str = "100"
    rule_past: bool = True
    rule_error: str = ""
    rule_error_field: str = ""  # the input the refusal belongs to ("" : under the button)
    rule_notice: str = ""

    @rx.event
    async def load_options(self):
        """On `/banque`: the categories a line's menu offers."""
        try:
            self.company_id = await asyncio.to_thread(current_company, self.company_id)
            rows = await asyncio.to_thread(svc.categories, self.company_id)
        except Exception:
            log.exception("categories load failed")
            return
        self.options = [{"value": str(c.id), "label": c.name} for c in rows]

    @rx.event
    async def load_settings(self):
        await self._load_settings()

    async def _load_settings(self) -> None:
        try:
            page = await asyncio.to_thread(_settings, self.company_id)
        except Exception:
            log.exception("categories settings load failed")
            self.error = t("load_error")
            return
        for name, value in page.items():
            setattr(self, name, value)
        self.options = [{"value": r["id"], "label": r["name"]} for r in self.category_rows]

    # The chip on /banque.

    @rx.event
    async def choose(self, transaction_id: str, category_id: str):
        """A category picked for one line (or its suggestion confirmed)."""
        before = await self._call(svc.set_line_category, int(transaction_id), int(category_id))
        if before:
            self.undo_line = {
                "transaction_id": str(before.transaction_id),
                "category_id": _text(before.category_id),
                "source": before.source or "",
                "suggested_category_id": _text(before.suggested_category_id),
            }
            name = next((o["label"] for o in self.options if o["value"] == category_id), "")
            self.undo_text = t("category_changed", name=name)
            return BankState.refresh

    @rx.event
    async def undo(self):
        """« Annuler »: the line's previous category and source, through the service."""
        kept, self.undo_line, self.undo_text = self.undo_line, {}, ""
        if not kept:
            return
        before = svc.LineCategory(
            int(kept["transaction_id"]),
            _number(kept["category_id"]),
            kept["source"] or None,
            _number(kept["suggested_category_id"]),
        )
        if await self._call(svc.undo_line_category, before):
            return BankState.refresh

    @rx.event
    def close_undo(self):
        self.undo_line, self.undo_text = {}, ""

    @rx.event
    async def always(self, transaction_id: str, category_id: str):
        """« Toujours classer « LEROY MERLIN » ici »: the rule, then the question about the
        lines already there."""
        made = await self._call(
            svc.create_rule_from_line, int(transaction_id), int(category_id), False
        )
        if made:
            self.past_rule = str(made.rule_id)
            self.past_question = t("apply_past_question", pattern=made.pattern)
            return BankState.refresh

    @rx.event
    async def answer_past(self, apply: bool):
        rule_id, self.past_rule = self.past_rule, ""
        if not apply or not rule_id:
            return
        applied = await self._call(svc.apply_rule_to_past, int(rule_id))
        if applied is not None:
            self.line_notice = tn("applied_past", applied)
            return BankState.refresh

    @rx.event
    def close_past(self, _open: bool = False):
        self.past_rule = ""

    async def _call(self, use_case, *args):
        """A use-case on the page's company; a refusal shown in French, None returned."""
        try:
            result = await asyncio.to_thread(use_case, self.company_id, *args)
        except ValidationError as error:
            self.line_notice = error.message
            return None
        except Exception:
            log.exception("category change failed")
            self.line_notice = t("load_error")
            return None
        self.line_notice = ""
        return True if result is None else result

    # The card on /parametres.

    @rx.event
    def set_new_name(self, value: str):
        self.new_name, self.category_error = value, ""

    @rx.event
    def start_rename(self, category_id: str, name: str):
        self.editing, self.editing_name, self.category_error = category_id, name, ""
        self.deleting = ""

    @rx.event
    def ask_delete(self, category_id: str):
        self.deleting, self.editing = category_id, ""

    @rx.event
    def cancel_delete(self):
        self.deleting = ""

    @rx.event
    def set_editing_name(self, value: str):
        self.editing_name = value

    @rx.event
    def cancel_rename(self):
        self.editing = ""

    @rx.event
    async def add_category(self):
        if await self._settings_call(svc.add_category, self.new_name):
            self.new_name = ""

    @rx.event
    async def save_rename(self):
        if await self._settings_call(svc.rename_category, int(self.editing), self.editing_name):
            self.editing = ""

    @rx.event
    async def delete_category(self, category_id: str):
        self.deleting = ""
        await self._settings_call(svc.delete_category, int(category_id))

    @rx.event
    async def delete_rule(self, rule_id: str):
        await self._settings_call(svc.delete_rule, int(rule_id))

    @rx.event
    def set_rule_field(self, name: str, value):
        setattr(self, f"rule_{name}", value)
        self.rule_error, self.rule_error_field, self.rule_notice = "", "", ""

    @rx.event
    async def add_rule(self):
        form = (
            self.rule_category,
            self.rule_match,
            self.rule_pattern,
            "" if self.rule_direction == BOTH else self.rule_direction,
            self.rule_min,
            self.rule_max,
            self.rule_priority,
            self.rule_past,
        )
        try:
            made = await asyncio.to_thread(svc.add_rule_from_form, self.company_id, *form)
        except ValidationError as error:
            self.rule_error, self.rule_error_field = error.message, error.field
            return
        except Exception:
            log.exception("rule creation failed")
            self.rule_error, self.rule_error_field = t("load_error"), ""
            return
        self.rule_pattern, self.rule_min, self.rule_max = "", "", ""
        self.rule_notice = tn("rule_added", made.applied)
        await self._load_settings()

    async def _settings_call(self, use_case, *args) -> bool:
        try:
            await asyncio.to_thread(use_case, self.company_id, *args)
        except ValidationError as error:
            self.category_error = error.message
            return False
        except Exception:
            log.exception("category settings change failed")
            self.category_error = t("load_error")
            return False
        self.category_error = ""
        await self._load_settings()
        return True
