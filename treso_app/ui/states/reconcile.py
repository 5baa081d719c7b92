"""The « À rapprocher » card of /banque: the review queue, the document picker, undo.

The queue is flattened into rows (a line, then its suggestions) so the page draws it with
one foreach; the database is read and written in worker threads."""

from __future__ import annotations

import asyncio
import logging

import reflex as rx

from treso_app.domain.errors import ValidationError
from treso_app.i18n import t, tn
from treso_app.services import bank, reconcile
from treso_app.services.reconcile import DocumentChoice, ReviewQueue
from treso_app.ui.format import money, short_date

from .base import BaseState

log = logging.getLogger(__name__)


def present_queue(queue: ReviewQueue) -> dict:
    """What the card shows, as strings. Pure."""
    rows = []
    for line in queue.waiting:
        left = ""
        if line.open_cents != abs(line.amount_cents):
            left = t("reconcile_left", amount=money(line.open_cents))
        rows.append(
            {
                "kind": "line",
                "id": str(line.transaction_id),
                "day": short_date(line.booked_on),
                "label": line.label,
                "amount": money(line.amount_cents, signed=True),
                "direction": "in" if line.amount_cents > 0 else "out",
                "note": left,
            }
        )
        for suggestion in line.suggestions:
            rows.append(
                {
                    "kind": "suggestion",
                    "id": str(suggestion.id),
                    "documents": " + ".join(_document(d) for d in suggestion.documents),
                    "reasons": suggestion.reasons,
                    "score": t("reconcile_score", score=f"{round(suggestion.score * 100)} %"),
                }
            )
    matched = [
        {
            "id": str(m.transaction_id),
            "day": short_date(m.booked_on),
            "label": m.label,
            "amount": money(m.amount_cents, signed=True),
            "documents": ", ".join(m.documents),
            "reasons": m.reasons,
        }
        for m in queue.matched
    ]
    count = tn("reconcile_waiting", queue.waiting_count) if queue.waiting_count else ""
    return {"rows": rows, "matched": matched, "waiting_count": count}


def _document(doc: DocumentChoice) -> str:
    return f"{doc.number} — {doc.party} ({money(doc.amount_cents or doc.remaining_cents)})"


def still_shown(rows: list[dict[str, str]], suggestion_id: str) -> bool:
    """Whether the card still offers this suggestion: a second tap on « Accepter » arrives
    after the first one has been applied, and has nothing left to do. Pure."""
    return any(r["kind"] == "suggestion" and r["id"] == suggestion_id for r in rows)


def present_choices(choices: list[DocumentChoice]) -> list[dict[str, str]]:
    return [
        {
            "id": f"{c.kind}:{c.id}",
            "number": c.number,
            "party": c.party,
            "detail": t(
                "reconcile_picker_detail",
                date=short_date(c.due_on),
                amount=money(c.remaining_cents),
            ),
        }
        for c in choices
    ]


class ReconcileState(BaseState):
    rows: list[dict[str, str]] = []
    matched: list[dict[str, str]] = []
    waiting_count: str = ""
    message: str = ""
    failure: str = ""
    version: str = ""
    ignored: str = ""  # the line just set aside (« Pas une facture »), to bring it back
    # The document picker of one line (« Rapprocher à la main »).
    picking: str = ""  # the line's id, "" when closed
    picking_label: str = ""
    picking_direction: str = "in"
    picker_text: str = ""
    choices: list[dict[str, str]] = []

    @rx.event
    async def load(self):
        await self._refresh()

    async def _refresh(self):
        try:
            version = await asyncio.to_thread(bank.data_version, self.company_id)
            queue = await asyncio.to_thread(reconcile.review_queue, self.company_id)
        except Exception:
            log.exception("review queue load failed")
            self.failure = t("load_error")
            return
        for name, value in present_queue(queue).items():
            setattr(self, name, value)
        self.version = version

    @rx.event
    async def poll(self, _now: str = ""):
        """Open pages follow: an import or a change elsewhere refreshes the queue."""
        version = await asyncio.to_thread(bank.data_version, self.company_id)
        if version != self.version:
            await self._refresh()

    async def _do(self, action, *args, done: str = "reconcile_done"):
        self.message, self.failure, self.ignored = "", "", ""
        try:
            await asyncio.to_thread(action, self.company_id, *args)
        except ValidationError as error:
            self.failure = error.message
        else:
            self.message = t(done) if done else ""
        await self._refresh()

    @rx.event
    async def accept(self, suggestion_id: str):
        if still_shown(self.rows, suggestion_id):  # else a double tap: the first one did it
            await self._do(reconcile.accept_suggestion, int(suggestion_id))

    @rx.event
    async def reject(self, suggestion_id: str):
        if still_shown(self.rows, suggestion_id):
            await self._do(reconcile.reject_suggestion, int(suggestion_id), done="")

    @rx.event
    async def ignore(self, transaction_id: str):
        await self._do(reconcile.ignore_line, int(transaction_id), done="reconcile_ignored")
        if not self.failure:
            self.ignored = transaction_id

    @rx.event
    async def unignore(self):
        await self._do(reconcile.unignore_line, int(self.ignored), done="")

    @rx.event
    async def undo(self, transaction_id: str):
        await self._do(reconcile.undo_match, int(transaction_id), done="reconcile_undone")

    @rx.event
    async def open_picker(self, transaction_id: str, label: str, direction: str):
        self.picking, self.picking_label, self.picking_direction = transaction_id, label, direction
        self.picker_text = ""
        await self._search()

    @rx.event
    def close_picker(self, _open: bool = False):
        self.picking, self.choices = "", []

    @rx.event
    async def set_picker_text(self, value: str):
        self.picker_text = value
        await self._search()

    async def _search(self):
        found = await asyncio.to_thread(
            reconcile.search_documents, self.company_id, self.picker_text, self.picking_direction
        )
        self.choices = present_choices(found)

    @rx.event
    async def choose(self, document: str):
        kind, document_id = document.split(":")
        line_id = int(self.picking)
        self.picking, self.choices = "", []
        await self._do(reconcile.match_manually, line_id, [{f"{kind}_id": int(document_id)}])
