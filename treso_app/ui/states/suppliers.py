"""`/fournisseurs` view-model: bills, payment planning, SEPA files, suppliers.

Database and file work runs in worker threads; the state keeps display strings and ids.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from datetime import date, timedelta

import reflex as rx
from babel.dates import format_datetime

from treso_app.domain.calendar import PARIS, today_paris
from treso_app.domain.dates import parse_day
from treso_app.domain.errors import TresoError, ValidationError
from treso_app.domain.money import typed_amount
from treso_app.domain.payment_plan import BillStatus, Proposal
from treso_app.i18n import t, tn
from treso_app.services import bills, counterparties, transfers
from treso_app.services.bank import current_company
from treso_app.services.bills import BillRow
from treso_app.services.transfers import AlreadyInTransferFile, IssuedFile, PlannedTransfer
from treso_app.ui import links
from treso_app.ui.format import day_label, locale, money, short_date

from .base import BaseState
from .form_errors import errors_of, typed_cents, without
from .invoices import (
    MAX_ROWS,
    STATUS_COLORS,
    deleted_payment,
    deletion_asked,
    imported_sheet,
    present_payment,
)

log = logging.getLogger(__name__)
SUPPLIER_FIELDS = counterparties.TEXT_FIELDS
BILL_FIELDS = ("supplier_id", "number", "issued_on", "due_on", "ttc", "ht", "description")
BILL_SHOWN = ("supplier", "number", "issued_on", "due_on", "ttc", "ht")  # errors under these
BILL_PAYMENT_FIELDS = ("amount", "date", "means")
# The bill list's filter: a status, every unpaid bill, or all of them.
BILL_FILTERS = {
    "unpaid": "filter_unpaid",
    BillStatus.A_PAYER: "status_à_payer",
    BillStatus.PROGRAMMEE: "filter_scheduled",
    BillStatus.VIREMENT_EMIS: "filter_transfer_issued",
    BillStatus.PAYEE: "filter_paid",
    "all": "filter_all",
}


def present_bill(row: BillRow) -> dict[str, str]:
    return {
        "id": str(row.id),
        "number": row.number,
        "supplier": row.supplier,
        "due": t("due_on", date=short_date(row.due_on)),
        "planned": short_date(row.planned_on) if row.planned_on else "",
        "amount": money(row.ttc_cents),
        "remaining": money(row.remaining_cents),
        "remaining_cents": str(row.remaining_cents),
        "status": row.status,
        "status_label": t(f"status_{row.status}"),
        "color": STATUS_COLORS[row.status],
        "late": "1" if row.late else "",
        "iban_ok": "1" if row.iban_ok else "",
        "has_payments": "1" if row.remaining_cents < row.ttc_cents else "",
    }


def _when(moment) -> str:
    return format_datetime(moment, "dd/MM/yyyy HH:mm", tzinfo=PARIS, locale=locale())


def present_planned(planned: PlannedTransfer) -> dict[str, str]:
    """A chosen bill as the file will pay it: its execution date, and any earlier file."""
    earlier = ", ".join(
        t("file_of", name=f.file_name, date=_when(f.created_at)) for f in planned.earlier
    )
    return {
        "id": str(planned.bill_id),
        "on": short_date(planned.execution_on),
        "label": f"{planned.supplier} — {planned.number}",
        "amount": money(planned.amount_cents),
        "earlier": t("already_in_file", files=earlier) if earlier else "",
    }


def present_file(issued: IssuedFile) -> dict[str, str]:
    return {
        "id": str(issued.id),
        "name": issued.file_name,
        "when": _when(issued.created_at),
        "bills": t("transfer_file_bills", count=issued.bill_count),
        "total": money(issued.total_cents),
    }


def present_proposal(proposal: Proposal) -> dict[str, str]:
    conflict = proposal.shortfall_cents > 0
    return {
        "id": str(proposal.key),
        "label": proposal.label,
        "amount": money(proposal.amount_cents),
        "due": t("due_on", date=short_date(proposal.due_on)),
        "on": proposal.proposed_on.isoformat(),
        "conflict": "1" if conflict else "",
        "message": t(
            "proposal_conflict",
            lowest=money(proposal.lowest_cents),
            shortfall=money(proposal.shortfall_cents),
        )
        if conflict
        else t("proposal_ok", amount=money(proposal.lowest_cents)),
    }


def weekly(rows: list[BillRow], today: date) -> list[dict[str, str]]:
    """Unpaid bills by the week the forecast pays them: the outgoing-payments timeline."""
    weeks: dict[date, list[BillRow]] = defaultdict(list)
    for row in rows:
        if row.planned_on is not None:
            weeks[row.planned_on - timedelta(days=row.planned_on.weekday())].append(row)
    return [
        {
            "week": t("week_of", date=short_date(monday)),
            "total": money(sum(r.remaining_cents for r in items)),
            "items": "\n".join(
                f"{day_label(r.planned_on)} · {r.supplier} {r.number} · {money(r.remaining_cents)}"
                for r in sorted(items, key=lambda r: r.planned_on)
            ),
        }
        for monday, items in sorted(weeks.items())
    ]


def _page(company_id: int) -> dict:
    today = today_paris()
    company_id = current_company(company_id)
    rows = bills.bill_rows(company_id, today)
    suppliers = counterparties.names(company_id, "fournisseur")
    return {
        "company_id": company_id,
        # Unpaid bills first, soonest due first; then the paid ones, latest first.
        "_all": [present_bill(r) for r in sorted(rows, key=lambda r: r.due_on) if r.remaining_cents]
        + [present_bill(r) for r in rows if not r.remaining_cents],
        "timeline": weekly(rows, today),
        "supplier_options": [{"value": str(i), "label": n} for i, n in suppliers],
        "suppliers": [{"id": str(i), "name": n} for i, n in suppliers],
        "files": [present_file(f) for f in transfers.transfer_files(company_id)[:MAX_ROWS]],
        "planning_intro": t("planning_intro", threshold=money(bills.alert_threshold(company_id))),
        "kpi_to_pay": money(sum(r.remaining_cents for r in rows)),
        "kpi_late": money(sum(r.remaining_cents for r in rows if r.late)),
        "kpi_week": money(
            sum(
                r.remaining_cents
                for r in rows
                if r.planned_on and r.planned_on <= today + timedelta(days=7)
            )
        ),
    }


class SuppliersState(BaseState):
    tab: str = "bills"
    _all: list[dict[str, str]] = []
    bills: list[dict[str, str]] = []
    bill_filter: str = "unpaid"
    bills_count: str = ""
    timeline: list[dict[str, str]] = []
    suppliers: list[dict[str, str]] = []
    supplier_options: list[dict[str, str]] = []
    kpi_to_pay: str = ""
    kpi_late: str = ""
    kpi_week: str = ""
    notice: str = ""
    busy: bool = False
    selected: list[str] = []
    transfer_plan: list[dict[str, str]] = []
    sepa_error: str = ""
    reissue_message: str = ""  # a chosen bill is already in an issued file: confirm first
    files: list[dict[str, str]] = []
    proposals: list[dict[str, str]] = []
    planning_intro: str = ""
    planning_error: str = ""
    # Forms
    bill_open: bool = False
    bill_id: int = 0
    bill_fields: dict[str, str] = {}
    bill_errors: dict[str, str] = {}
    supplier_open: bool = False
    supplier_id: int = 0
    supplier_fields: dict[str, str] = {}
    supplier_errors: dict[str, str] = {}
    pay_bill: dict[str, str] = {}
    pay_amount: str = ""
    pay_date: str = ""
    pay_means: str = "virement"
    pay_errors: dict[str, str] = {}  # by field: amount, date, means, form
    paid_bill: dict[str, str] = {}  # the bill whose payments are listed
    paid_rows: list[dict[str, str]] = []
    deleting: dict[str, str] = {}  # the payment whose deletion awaits confirmation
    import_message: str = ""
    import_ok: bool = False

    @rx.event
    async def load(self):
        await self._refresh()
        # A link from the dashboard's agenda (/fournisseurs?facture=ID): that bill, to pay.
        wanted = links.document_id(self.router.url.query_parameters)
        for bill in self._all:
            if wanted is not None and bill["id"] == str(wanted) and bill["status"] != "payée":
                self.open_payment(bill)

    async def _refresh(self):
        try:
            page = await asyncio.to_thread(_page, self.company_id)
        except Exception:
            log.exception("suppliers page load failed")
            self.error = t("load_error")
            return
        self.error = ""
        for name, value in page.items():
            setattr(self, name, value)
        open_ids = {b["id"] for b in self._all if b["status"] != BillStatus.PAYEE}
        self.selected = [i for i in self.selected if i in open_ids]
        self._filter()
        await self._plan()

    def _filter(self):
        wanted = self.bill_filter
        kept = [
            b
            for b in self._all
            if wanted in (b["status"], "all")
            or (wanted == "unpaid" and b["status"] != BillStatus.PAYEE)
        ]
        self.bills = kept[:MAX_ROWS]
        self.bills_count = t("shown_of", shown=len(self.bills), count=len(kept))

    @rx.event
    def set_bill_filter(self, value: str):
        if value in BILL_FILTERS:
            self.bill_filter = value
            self._filter()

    @rx.event
    def set_tab(self, value: str):
        self.tab = value

    # --- SEPA ---------------------------------------------------------------------------

    @rx.var
    def sepa_label(self) -> str:
        return t("sepa_download", count=len(self.selected))

    @rx.event
    async def toggle_selected(self, bill_id: str, checked: bool):
        kept = [i for i in self.selected if i != bill_id]
        self.selected = [*kept, bill_id] if checked else kept
        await self._plan()

    async def _plan(self):
        """The execution date of each chosen bill, shown before the file is produced."""
        self.sepa_error = ""
        if not self.selected:
            self.transfer_plan = []
            return
        try:
            found = await asyncio.to_thread(
                transfers.plan_transfers, self.company_id, self._chosen(), today_paris()
            )
        except TresoError as error:
            self.transfer_plan, self.sepa_error = [], error.message
            return
        self.transfer_plan = [present_planned(p) for p in found]

    def _chosen(self) -> list[int]:
        return [int(i) for i in self.selected]

    @rx.event
    async def download_sepa(self):
        return await self._issue(confirmed=False)

    @rx.event
    async def confirm_reissue(self):
        self.reissue_message = ""
        return await self._issue(confirmed=True)

    @rx.event
    def cancel_reissue(self, _open: bool = False):
        self.reissue_message = ""

    async def _issue(self, confirmed: bool):
        try:
            issued, content = await asyncio.to_thread(
                transfers.issue_transfer_file,
                self.company_id,
                self._chosen(),
                today_paris(),
                confirmed=confirmed,
            )
        except AlreadyInTransferFile as error:
            self.reissue_message = error.message
            return None
        except TresoError as error:
            self.sepa_error = error.message
            return None
        self.selected = []
        self.notice = t(
            "transfer_file_issued", name=issued.file_name, total=money(issued.total_cents)
        )
        await self._refresh()
        return rx.download(data=content, filename=issued.file_name, mime_type="application/xml")

    @rx.event
    async def download_file(self, file_id: str):
        """An issued file again, the very bytes handed to the bank the first time."""
        try:
            name, content = await asyncio.to_thread(
                transfers.transfer_file_content, self.company_id, int(file_id)
            )
        except TresoError as error:
            self.sepa_error = error.message
            return None
        return rx.download(data=content, filename=name, mime_type="application/xml")

    # --- planning -----------------------------------------------------------------------

    @rx.event
    async def propose(self):
        self.busy = True
        yield
        try:
            found = await asyncio.to_thread(bills.proposals, self.company_id, today_paris())
        finally:
            self.busy = False
        self.proposals = [present_proposal(p) for p in found]
        self.planning_error = ""

    @rx.event
    def set_proposed(self, bill_id: str, value: str):
        self.proposals = [p | {"on": value} if p["id"] == bill_id else p for p in self.proposals]

    @rx.event
    async def accept_proposals(self):
        try:
            days = {int(p["id"]): parse_day(p["on"], "scheduled_on") for p in self.proposals}
            await asyncio.to_thread(bills.schedule, self.company_id, days, today_paris())
        except TresoError as error:
            self.planning_error = error.message
            return
        self.notice = tn("dates_scheduled", len(self.proposals))
        self.proposals, self.planning_error = [], ""
        await self._refresh()

    # --- bill form ----------------------------------------------------------------------

    @rx.event
    def new_bill(self):
        self.bill_id, self.bill_errors = 0, {}
        self.bill_fields = dict.fromkeys(BILL_FIELDS, "") | {"issued_on": today_paris().isoformat()}
        self.bill_open = True

    @rx.event
    async def edit_bill(self, bill_id: str):
        self.bill_fields = await asyncio.to_thread(bills.bill_fields, self.company_id, int(bill_id))
        self.bill_id, self.bill_errors, self.bill_open = int(bill_id), {}, True

    @rx.event
    def close_bill(self, _open: bool = False):
        self.bill_open = False

    @rx.event
    def set_bill_field(self, key: str, value: str):
        if key in BILL_FIELDS:
            self.bill_fields = {**self.bill_fields, key: value}
            self.bill_errors = without(
                self.bill_errors, "supplier" if key == "supplier_id" else key
            )

    @rx.event
    async def save_bill(self):
        try:
            await asyncio.to_thread(
                bills.save_bill, self.company_id, dict(self.bill_fields), self.bill_id or None
            )
        except ValidationError as error:
            self.bill_errors = errors_of(error, BILL_SHOWN)
            return
        self.bill_open, self.notice = False, t("bill_saved")
        await self._refresh()

    # --- payment of a bill --------------------------------------------------------------

    @rx.event
    def open_payment(self, bill: dict[str, str]):
        self.pay_bill = bill
        self.pay_amount = typed_amount(int(bill["remaining_cents"]))
        self.pay_date, self.pay_means, self.pay_errors = today_paris().isoformat(), "virement", {}

    @rx.event
    def close_payment(self, _open: bool = False):
        self.pay_bill = {}

    @rx.event
    def set_pay(self, key: str, value: str):
        if key in BILL_PAYMENT_FIELDS:
            setattr(self, f"pay_{key}", value)
            self.pay_errors = without(self.pay_errors, key)

    @rx.event
    async def record_payment(self):
        try:
            cents = typed_cents(self.pay_amount)
            day = parse_day(self.pay_date, "date")
            await asyncio.to_thread(
                bills.record_bill_payment,
                self.company_id,
                int(self.pay_bill["id"]),
                day,
                cents,
                self.pay_means,
            )
        except TresoError as error:
            self.pay_errors = errors_of(error, BILL_PAYMENT_FIELDS)
            return
        self.pay_bill = {}
        await self._refresh()

    # --- payments made on a bill, and deleting one recorded by mistake --------------------

    @rx.event
    async def open_paid(self, bill: dict[str, str]):
        self.paid_bill, self.deleting, self.pay_errors = bill, {}, {}
        await self._list_paid()

    async def _list_paid(self):
        found = await asyncio.to_thread(
            bills.bill_payments, self.company_id, int(self.paid_bill["id"])
        )
        self.paid_rows = [present_payment(p) for p in found]

    @rx.event
    def close_paid(self, _open: bool = False):
        self.paid_bill, self.paid_rows = {}, []

    @rx.event
    def ask_delete_payment(self, payment: dict[str, str]):
        self.deleting = deletion_asked(payment, self.paid_bill["number"])

    @rx.event
    def cancel_delete_payment(self, _open: bool = False):
        self.deleting = {}

    @rx.event
    async def delete_payment(self):
        if "id" not in self.deleting:
            return
        payment_id, self.deleting = int(self.deleting["id"]), {}
        try:
            self.notice = await deleted_payment(self.company_id, payment_id)
        except TresoError as error:
            self.pay_errors = {"form": error.message}
            return
        await self._list_paid()
        await self._refresh()

    # --- supplier card ------------------------------------------------------------------

    @rx.event
    async def edit_supplier(self, supplier_id: str):
        self.supplier_errors = {}
        if supplier_id:
            fields = await asyncio.to_thread(
                counterparties.counterparty_fields, self.company_id, int(supplier_id)
            )
            self.supplier_id = int(supplier_id)
            self.supplier_fields = {k: str(fields[k]) for k in SUPPLIER_FIELDS}
        else:
            self.supplier_id = 0
            self.supplier_fields = dict.fromkeys(SUPPLIER_FIELDS, "") | {
                "payment_terms": "30 jours"
            }
        self.supplier_open = True

    @rx.event
    def close_supplier(self, _open: bool = False):
        self.supplier_open = False

    @rx.event
    def set_supplier_field(self, key: str, value: str):
        if key in SUPPLIER_FIELDS:
            self.supplier_fields = {**self.supplier_fields, key: value}
            self.supplier_errors = without(self.supplier_errors, key)

    @rx.event
    async def save_supplier(self):
        try:
            await asyncio.to_thread(
                counterparties.save_counterparty,
                self.company_id,
                "fournisseur",
                dict(self.supplier_fields),
                self.supplier_id or None,
            )
        except ValidationError as error:
            self.supplier_errors = errors_of(error, counterparties.TEXT_FIELDS)
            return
        self.supplier_open, self.notice = False, t("counterparty_saved")
        await self._refresh()

    @rx.event
    async def import_bills(self, files: list[rx.UploadFile]):
        self.busy = True
        yield
        try:
            self.import_message, self.import_ok = await imported_sheet(
                self.company_id, "bills", files
            )
        finally:
            self.busy = False
        await self._refresh()
