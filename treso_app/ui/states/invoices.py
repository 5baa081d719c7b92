"""`/factures` view-model: invoices, quotes, clients, reminders and aged receivables.

Database work runs in worker threads; the state keeps display strings and ids.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date
from decimal import Decimal, InvalidOperation

import reflex as rx
from babel.dates import format_datetime

from treso_app.domain.aging import BUCKETS, AgedRow
from treso_app.domain.calendar import PARIS, today_paris
from treso_app.domain.dates import parse_day
from treso_app.domain.documents import Line, document_totals, line_from_text
from treso_app.domain.errors import TresoError, ValidationError
from treso_app.domain.limits import FileLimit
from treso_app.domain.money import parse_amount, typed_amount
from treso_app.i18n import t, tn
from treso_app.services import counterparties, invoices, quotes, reminders
from treso_app.services.bank import current_company
from treso_app.services.counterparties import ClientRow
from treso_app.services.files import read_upload
from treso_app.services.invoices import DeletedPayment, InvoiceDetail, InvoiceRow, PaymentRow
from treso_app.services.quotes import QuoteRow
from treso_app.services.spreadsheets import import_sheet
from treso_app.settings import smtp_settings
from treso_app.ui import links
from treso_app.ui.format import locale, money, number, short_date

from .base import BaseState
from .form_errors import errors_of, typed_cents, without

log = logging.getLogger(__name__)
MAX_ROWS = 200
STATUS_COLORS = {
    "à_venir": "blue",
    "en_retard": "red",
    "partielle": "amber",
    "payée": "teal",
    "avoir": "purple",
    "litige": "orange",
    "à_payer": "blue",
    "programmée": "indigo",
    "virement_émis": "cyan",
}
QUOTE_COLORS = {
    "brouillon": "gray",
    "envoyé": "blue",
    "accepté": "teal",
    "refusé": "red",
    "expiré": "orange",
    "facturé": "purple",
}
EMPTY_LINE = {"label": "", "quantity": "1", "price": "", "vat": "20"}
PAYMENT_FIELDS = ("amount", "date", "means", "reference")
CREDIT_FIELDS = ("amount", "reason")


def present_invoice(row: InvoiceRow) -> dict[str, str]:
    status = "litige" if row.disputed and row.remaining_cents else row.status
    late = t("days_late", days=row.days_late) if row.days_late else ""
    return {
        "id": str(row.id),
        "number": row.number,
        "kind": t("kind_acompte") if row.kind == "acompte" else "",
        "client": row.client,
        "issued": short_date(row.issued_on),
        "due": t("due_on", date=short_date(row.due_on)),
        "amount": money(row.ttc_cents),
        "remaining": t("remaining", amount=money(row.remaining_cents))
        if 0 < row.remaining_cents < row.ttc_cents
        else "",
        "status": status,
        "status_label": t(f"status_{status}"),
        "color": STATUS_COLORS[status],
        "late": late,
        "open": "1" if row.remaining_cents > 0 else "",
        "disputed": "1" if row.disputed else "",
    }


def keep(row: dict[str, str], status_filter: str, search: str) -> bool:
    """The invoice list's filter chips and search box."""
    wanted = {
        "open": row["open"] == "1",
        "late": row["status"] in ("en_retard", "litige") and row["late"] != "",
        "paid": row["status"] == "payée",
        "disputed": row["disputed"] == "1",
    }.get(status_filter, True)
    text = search.strip().casefold()
    return wanted and (not text or text in f"{row['number']} {row['client']}".casefold())


def present_detail(detail: InvoiceDetail, today: date) -> dict:
    row = detail.row
    found = row.penalties
    penalties = ""
    if found and found.total_cents:
        penalties = t(
            "penalties_line",
            date=short_date(today),
            interest=money(found.interest_cents),
            rate=number(Decimal(found.rate_bp) / 100),
            days=found.days_late,
            indemnity=money(found.indemnity_cents),
            total=money(found.total_cents),
        )
    return {
        "invoice": present_invoice(row)
        | {
            "totals": t(
                "totals",
                ht=money(detail.ht_cents),
                tva=money(detail.tva_cents),
                ttc=money(row.ttc_cents),
            ),
            "remaining_cents": str(row.remaining_cents),
            "description": detail.description,
            "penalties": penalties,
            "issued_line": t("sheet_issued", date=short_date(row.issued_on)),
            "due_line": t("sheet_due", date=short_date(row.due_on)),
            "terms_line": t("sheet_terms", terms=detail.payment_terms),
            "late_line": tn("late_by", row.days_late) if row.days_late else "",
        },
        "lines": [
            {
                "label": line.label,
                "detail": f"{number(Decimal(line.quantity_milli) / 1000)} × "
                f"{money(line.unit_price_cents)} · TVA {number(Decimal(line.vat_rate_bp) / 100)} %",
                "amount": money(line.ht_cents),
            }
            for line in detail.lines
        ],
        "payments": [present_payment(p) for p in detail.payments]
        + [
            {"id": "", "text": f"{short_date(on)} · avoir {number}", "amount": money(cents)}
            for number, on, cents in detail.credit_notes
        ],
        "reminders": [
            {
                "text": f"Niveau {r.level} · {short_date(r.sent_at.date())} · {r.channel}",
                "result": t(f"reminder_result_{r.result}") + (f" : {r.error}" if r.error else ""),
            }
            for r in detail.reminders
        ],
    }


def present_payment(payment: PaymentRow) -> dict[str, str]:
    text = f"{short_date(payment.paid_on)} · {payment.means}"
    return {
        "id": str(payment.id),
        "text": text + (f" · {payment.reference}" if payment.reference else ""),
        "amount": money(payment.amount_cents),
    }


def deletion_asked(payment: dict[str, str], number: str) -> dict[str, str]:
    """A payment row awaiting its deletion's confirmation, with the question to ask."""
    question = t(
        "delete_payment_text", payment=payment["text"], amount=payment["amount"], number=number
    )
    return payment | {"question": question}


async def deleted_payment(company_id: int, payment_id: int) -> str:
    """Delete a payment (an invoice's or a bill's); what to tell the owner afterwards."""
    status = await asyncio.to_thread(invoices.delete_payment, company_id, payment_id, today_paris())
    return t("payment_deleted", status=t(f"status_{status}").lower())


def present_history(deleted: list[DeletedPayment]) -> list[dict[str, str]]:
    """What the sheet's history adds to its payments: the payments deleted, and when."""
    return [
        {
            "text": t(
                "history_payment_deleted",
                at=format_datetime(event.at, "short", tzinfo=PARIS, locale=locale()),
                payment=present_payment(event.payment)["text"],
                amount=money(event.payment.amount_cents),
            )
        }
        for event in deleted
    ]


def present_quote(row: QuoteRow) -> dict[str, str]:
    return {
        "id": str(row.id),
        "number": row.number,
        "client": row.client,
        "issued": short_date(row.issued_on),
        "valid": t("quote_valid_until", date=short_date(row.valid_until)),
        "amount": money(row.ttc_cents),
        "status": row.status,
        "status_label": t(f"quote_{row.status}"),
        "color": QUOTE_COLORS[row.status],
        "pipeline": t("quote_pipeline", amount=money(row.to_invoice_cents))
        if row.to_invoice_cents
        else "",
    }


def present_client(row: ClientRow) -> dict[str, str]:
    if row.average_delay_days is None:
        delay = t("client_no_history")
    elif row.average_delay_days >= 0:
        delay = t("client_delay", days=number(row.average_delay_days))
    else:
        delay = t("client_delay_early", days=number(-row.average_delay_days))
    return {
        "id": str(row.id),
        "name": row.name,
        "details": " · ".join(x for x in (row.payment_terms, row.email, row.siren) if x),
        "outstanding": t("client_outstanding", amount=money(row.outstanding_cents)),
        "overdue": tn("client_overdue", row.late_count, amount=money(row.overdue_cents))
        if row.overdue_cents
        else "",
        "delay": delay,
        "do_not_remind": "1" if row.do_not_remind else "",
    }


def present_aged(row: AgedRow) -> dict[str, str]:
    return {"client": row.client, "total": money(row.total_cents)} | {
        key: money(row.cents[key]) if row.cents[key] else "–" for key in BUCKETS
    }


def form_totals(lines: list[dict[str, str]]) -> tuple[str, str]:
    """(totals text, error) of the lines being typed."""
    try:
        parsed = [
            line_from_text(row["label"] or "-", row["quantity"], row["price"], row["vat"])
            for row in lines
            if row["label"].strip() or row["price"].strip()
        ]
    except TresoError as error:
        return "", error.message
    totals = document_totals(parsed)
    text = t(
        "totals",
        ht=money(totals.ht_cents),
        tva=money(totals.tva_cents),
        ttc=money(totals.ttc_cents),
    )
    return text, ""


def typed_lines(lines: list[dict[str, str]]) -> list[Line]:
    return [
        line_from_text(row["label"], row["quantity"], row["price"], row["vat"])
        for row in lines
        if row["label"].strip() or row["price"].strip()
    ]


def typed_deposit(text: str) -> tuple[Decimal | None, int | None]:
    """« 30 » or « 30 % » → a share; « 1 500 € » → an amount in cents."""
    if "€" in text or "eur" in text.casefold():
        return None, parse_amount(text)
    try:
        return Decimal(text.replace("%", "").replace(",", ".").strip()), None
    except InvalidOperation:
        raise ValidationError(
            f"« {text} » : indiquez un pourcentage (30 %) ou un montant (1 500 €).", "deposit"
        ) from None


def _page(company_id: int) -> dict:
    """Runs in a worker thread: everything the page lists."""
    today = today_paris()
    company_id = current_company(company_id)
    rows = invoices.invoice_rows(company_id, today)
    quote_rows = quotes.quote_rows(company_id, today)
    aged_rows, aged_total = invoices.aged(rows, today)
    due = reminders.due_reminders(company_id, today)
    receivable = sum(r.remaining_cents for r in rows)
    overdue = sum(r.remaining_cents for r in rows if r.days_late)
    return {
        "company_id": company_id,
        "_rows": [present_invoice(r) for r in rows],
        "quotes": [present_quote(q) for q in quote_rows],
        "clients": [present_client(c) for c in counterparties.client_rows(company_id, today)],
        "client_options": [
            {"value": str(i), "label": n} for i, n in counterparties.names(company_id, "client")
        ],
        "aged": [present_aged(r) for r in aged_rows],
        "aged_total": present_aged(aged_total),
        "due_reminders": [
            {
                "id": str(d.invoice_id),
                "number": d.number,
                "client": d.client,
                "title": f"{d.title} · {d.number} · {money(d.remaining_cents)}",
                "to": d.email or "—",
                "subject": d.subject,
                "body": d.body,
            }
            for d in due
        ],
        "todo_reminders": [
            {"id": str(r.id), "text": f"Niveau {r.level} — {r.subject}", "body": r.body}
            for r in reminders.pending(company_id)
        ],
        "send_label": t("send_one_reminder")
        if len(due) == 1
        else t("send_reminders", count=len(due)),
        "kpi_receivable": money(receivable),
        "kpi_overdue": money(overdue),
        "kpi_pipeline": money(sum(q.to_invoice_cents for q in quote_rows)),
        "smtp_ready": smtp_settings() is not None,
    }


class InvoicesState(BaseState):
    tab: str = "invoices"
    _rows: list[dict[str, str]] = []
    invoices: list[dict[str, str]] = []
    invoices_count: str = ""
    status_filter: str = "open"
    search: str = ""
    quotes: list[dict[str, str]] = []
    clients: list[dict[str, str]] = []
    client_options: list[dict[str, str]] = []
    aged: list[dict[str, str]] = []
    aged_total: dict[str, str] = {}
    due_reminders: list[dict[str, str]] = []
    todo_reminders: list[dict[str, str]] = []
    kpi_receivable: str = ""
    kpi_overdue: str = ""
    kpi_pipeline: str = ""
    smtp_ready: bool = False
    send_label: str = ""
    notice: str = ""  # the last action's result, in French
    busy: bool = False
    # The invoice open in the side sheet
    detail_open: bool = False
    detail: dict[str, str] = {}
    detail_lines: list[dict[str, str]] = []
    detail_payments: list[dict[str, str]] = []
    detail_reminders: list[dict[str, str]] = []
    detail_history: list[dict[str, str]] = []
    deleting: dict[str, str] = {}  # the payment whose deletion waits for confirmation
    pay_amount: str = ""
    pay_date: str = ""
    pay_means: str = "virement"
    pay_reference: str = ""
    pay_errors: dict[str, str] = {}  # by field: amount, date, means, reference, form
    credit_amount: str = ""
    credit_reason: str = ""
    credit_errors: dict[str, str] = {}  # by field: amount, reason, form
    # The reminder text shown for copying
    text_title: str = ""
    text_body: str = ""
    # Quotes: deposit % typed per quote
    deposit_percent: str = "30"
    quote_error: str = ""
    import_message: str = ""
    import_ok: bool = False

    @rx.event
    async def load(self):
        """The page, as a link asks for it: a tab, a filter, an invoice's sheet opened."""
        params = self.router.url.query_parameters
        self.tab = links.INVOICE_TABS.get(params.get(links.TAB, ""), self.tab)
        self.status_filter = links.INVOICE_FILTERS.get(
            params.get(links.FILTER, ""), self.status_filter
        )
        await self._refresh()
        invoice_id = links.document_id(params)
        if invoice_id is not None:
            self.tab = "invoices"
            try:
                await self.open_invoice(str(invoice_id))
            except TresoError as error:  # a link to an invoice since deleted, or another's
                self.error = error.message

    async def _refresh(self):
        try:
            page = await asyncio.to_thread(_page, self.company_id)
        except Exception:
            log.exception("invoices page load failed")
            self.error = t("load_error")
            return
        self.error = ""
        for name, value in page.items():
            setattr(self, name, value)
        self._filter()

    def _filter(self):
        kept = [r for r in self._rows if keep(r, self.status_filter, self.search)]
        self.invoices = kept[:MAX_ROWS]
        self.invoices_count = t("shown_of", shown=len(self.invoices), count=len(kept))

    @rx.event
    def set_tab(self, value: str):
        self.tab = value

    @rx.event
    def set_status_filter(self, value: str | list[str]):
        if isinstance(value, str):
            self.status_filter = value
            self._filter()

    @rx.event
    def set_search(self, value: str):
        self.search = value
        self._filter()

    # --- one invoice --------------------------------------------------------------------

    @rx.event
    async def open_invoice(self, invoice_id: str):
        await self._show(int(invoice_id))
        self._reset_payment_form()
        self.credit_amount, self.credit_reason, self.credit_errors = "", "", {}
        self.deleting = {}
        self.detail_open = True

    def _reset_payment_form(self):
        """A blank payment of what is left, today, by transfer: nothing of the last one."""
        self.pay_amount = typed_amount(int(self.detail["remaining_cents"]))
        self.pay_date = today_paris().isoformat()
        self.pay_means, self.pay_reference, self.pay_errors = "virement", "", {}

    async def _show(self, invoice_id: int):
        today = today_paris()
        found = await asyncio.to_thread(invoices.invoice_detail, self.company_id, invoice_id, today)
        shown = present_detail(found, today)
        self.detail = shown["invoice"]
        self.detail_lines = shown["lines"]
        self.detail_payments = shown["payments"]
        self.detail_reminders = shown["reminders"]
        self.detail_history = present_history(found.deleted_payments)

    @rx.event
    def close_invoice(self, _open: bool = False):
        self.detail_open = False

    @rx.event
    def set_pay(self, key: str, value: str):
        if key in PAYMENT_FIELDS:
            setattr(self, f"pay_{key}", value)
            self.pay_errors = without(self.pay_errors, key)

    @rx.event
    def set_credit(self, key: str, value: str):
        if key in CREDIT_FIELDS:
            setattr(self, f"credit_{key}", value)
            self.credit_errors = without(self.credit_errors, key)

    @rx.event
    async def record_payment(self):
        invoice_id = int(self.detail["id"])
        try:
            cents = typed_cents(self.pay_amount)
            day = parse_day(self.pay_date, "date")
            status = await asyncio.to_thread(
                invoices.record_payment,
                self.company_id,
                invoice_id,
                day,
                cents,
                self.pay_means,
                self.pay_reference,
                today_paris(),
            )
        except TresoError as error:
            self.pay_errors = errors_of(error, PAYMENT_FIELDS)
            return
        self.notice = t("payment_saved", status=t(f"status_{status}").lower())
        await self._show(invoice_id)
        self._reset_payment_form()
        await self._refresh()

    @rx.event
    def ask_delete_payment(self, payment: dict[str, str]):
        self.deleting = deletion_asked(payment, self.detail["number"])

    @rx.event
    def cancel_delete_payment(self, _open: bool = False):
        self.deleting = {}

    @rx.event
    async def delete_payment(self):
        if "id" not in self.deleting:
            return
        invoice_id, payment_id = int(self.detail["id"]), int(self.deleting["id"])
        self.deleting = {}
        try:
            self.notice = await deleted_payment(self.company_id, payment_id)
        except TresoError as error:
            self.pay_errors = {"form": error.message}
            return
        await self._show(invoice_id)
        self._reset_payment_form()
        await self._refresh()

    @rx.event
    async def issue_credit_note(self):
        invoice_id = int(self.detail["id"])
        try:
            cents = typed_cents(self.credit_amount)
            number = await asyncio.to_thread(
                invoices.credit_note,
                self.company_id,
                invoice_id,
                cents,
                self.credit_reason,
                today_paris(),
            )
        except TresoError as error:
            self.credit_errors = errors_of(error, CREDIT_FIELDS)
            return
        self.credit_errors, self.credit_amount, self.credit_reason = {}, "", ""
        self.notice = t("credit_saved", number=number)
        await self._show(invoice_id)
        await self._refresh()

    @rx.event
    async def toggle_disputed(self):
        invoice_id = int(self.detail["id"])
        await asyncio.to_thread(
            invoices.set_disputed, self.company_id, invoice_id, self.detail["disputed"] != "1"
        )
        await self._show(invoice_id)
        await self._refresh()

    # --- quotes -------------------------------------------------------------------------

    @rx.event
    def set_deposit_percent(self, value: str):
        self.deposit_percent = value

    @rx.event
    async def quote_status(self, quote_id: str, status: str):
        try:
            await asyncio.to_thread(
                quotes.set_status, self.company_id, int(quote_id), status, today_paris()
            )
        except TresoError as error:
            self.quote_error = error.message
            return
        self.quote_error = ""
        await self._refresh()

    @rx.event
    async def invoice_quote(self, quote_id: str, with_deposit: bool):
        try:
            percent, cents = typed_deposit(self.deposit_percent) if with_deposit else (None, None)
            number = await asyncio.to_thread(
                quotes.invoice_quote, self.company_id, int(quote_id), today_paris(), percent, cents
            )
        except TresoError as error:
            self.quote_error = error.message
            return
        self.quote_error = ""
        self.notice = t("invoice_created", number=number)
        await self._refresh()

    # --- reminders ----------------------------------------------------------------------

    @rx.event(background=True)
    async def send_due_reminders(self):
        """In the background: a slow or unreachable mail server never freezes the page."""
        async with self:
            ids = {int(r["id"]) for r in self.due_reminders}
            company_id, self.busy = self.company_id, True
        try:
            outcomes = await asyncio.to_thread(
                reminders.send_reminders, company_id, today_paris(), ids
            )
        finally:
            async with self:
                self.busy = False
        count = {
            result: sum(o.result == result for o in outcomes)
            for result in ("envoyée", "à_faire", "échec")
        }
        async with self:
            self.notice = t(
                "reminders_sent",
                sent=tn("count_sent", count["envoyée"]),
                todo=count["à_faire"],
                failed=count["échec"],
            )
            await self._refresh()

    @rx.event
    async def reminder_done(self, reminder_id: str):
        await asyncio.to_thread(reminders.mark_done, self.company_id, int(reminder_id))
        await self._refresh()

    @rx.event
    def show_text(self, title: str, body: str):
        self.text_title, self.text_body = title, body

    @rx.event
    def hide_text(self, _open: bool = False):
        self.text_title = ""

    @rx.event
    async def toggle_do_not_remind(self, client_id: str, value: bool):
        await asyncio.to_thread(
            counterparties.set_do_not_remind, self.company_id, int(client_id), value
        )
        await self._refresh()

    # --- spreadsheet --------------------------------------------------------------------

    @rx.event
    async def import_invoices(self, files: list[rx.UploadFile]):
        self.busy = True
        yield
        try:
            self.import_message, self.import_ok = await imported_sheet(
                self.company_id, "invoices", files
            )
        finally:
            self.busy = False
        await self._refresh()


async def imported_sheet(
    company_id: int, kind: str, files: list[rx.UploadFile]
) -> tuple[str, bool]:
    """Import the uploaded spreadsheet; (what happened, in French; whether it was imported)."""
    if not files:
        return "", False
    name = files[0].filename or ""
    try:
        data = await read_upload(files[0], name, FileLimit.SPREADSHEET)
        result = await asyncio.to_thread(_import_sheet, company_id, kind, name, data)
    except TresoError as error:
        return error.message, False
    return result.summary, True


def _import_sheet(company_id: int, kind: str, name: str, data: bytes):
    """In a worker thread: finding the company reads the database too."""
    return import_sheet(current_company(company_id), kind, name, data)
