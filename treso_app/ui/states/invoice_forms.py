"""The forms of `/factures`: a new invoice or quote (lines typed on a tablet), a client card.
Each saves through a service, then asks `InvoicesState` to list again."""

from __future__ import annotations

import asyncio

import reflex as rx

from treso_app.domain.calendar import today_paris
from treso_app.domain.dates import parse_day
from treso_app.domain.errors import TresoError, ValidationError
from treso_app.i18n import t
from treso_app.services import counterparties, invoices, quotes
from treso_app.services.companies import is_demo
from treso_app.services.quotes import DEFAULT_VALIDITY_DAYS

from .form_errors import errors_of, without
from .invoices import EMPTY_LINE, InvoicesState, form_totals, typed_lines

CLIENT_FIELDS = counterparties.TEXT_FIELDS
DOCUMENT_FIELDS = ("client", "date", "validity", "payment_terms", "description", "lines")


class InvoiceFormsState(InvoicesState):
    form_open: bool = False
    form_kind: str = "facture"  # facture / devis
    form_client: str = ""
    form_date: str = ""
    form_terms: str = ""
    form_validity: str = str(DEFAULT_VALIDITY_DAYS)
    form_description: str = ""
    form_lines: list[dict[str, str]] = []
    form_totals: str = ""
    form_errors: dict[str, str] = {}
    client_open: bool = False
    client_id: int = 0
    client_fields: dict[str, str] = {}
    client_professional: bool = True
    client_errors: dict[str, str] = {}

    async def _list_again(self):
        page = await self.get_state(InvoicesState)
        await page._refresh()

    # --- invoice or quote ---------------------------------------------------------------

    @rx.event
    async def new_document(self, kind: str):
        self.form_kind = kind if kind in ("facture", "devis") else "facture"
        demo = await asyncio.to_thread(is_demo, await self._resolve_company())
        if demo and not self.trying_demo:
            self._ask_own_company("invoice")  # real invoices do not go into the demo
            return
        self._open_form()

    @rx.event
    def stay_in_demo(self):
        self.trying_demo, self.own_company_for = True, ""
        self._open_form()

    @rx.event
    async def create_company_and_invoice(self):
        """The owner named their company: the pages switch to it and the form opens there
        (its clients are the new company's)."""
        if await self._create_own_company():
            await self._list_again()
            self._open_form()

    def _open_form(self) -> None:
        self.form_client, self.form_terms, self.form_description = "", "", ""
        self.form_date = today_paris().isoformat()
        self.form_validity = str(DEFAULT_VALIDITY_DAYS)
        self.form_lines = [dict(EMPTY_LINE)]
        self.form_errors, self.form_totals = {}, ""
        self.form_open = True

    @rx.event
    def close_form(self, _open: bool = False):
        self.form_open = False

    @rx.event
    def set_form(self, key: str, value: str):
        if key in ("client", "date", "terms", "validity", "description"):
            setattr(self, f"form_{key}", value)
            self.form_errors = without(self.form_errors, "payment_terms" if key == "terms" else key)

    @rx.event
    def set_line(self, index: int, key: str, value: str):
        lines = [dict(line) for line in self.form_lines]
        if 0 <= index < len(lines) and key in EMPTY_LINE:
            lines[index][key] = value
        self.form_lines = lines
        self.form_totals, error = form_totals(lines)
        self.form_errors = (
            {**self.form_errors, "lines": error}
            if error
            else {k: v for k, v in self.form_errors.items() if k != "lines"}
        )

    @rx.event
    def add_line(self):
        self.form_lines = [*self.form_lines, dict(EMPTY_LINE)]

    @rx.event
    def remove_line(self, index: int):
        lines = [line for i, line in enumerate(self.form_lines) if i != index]
        self.form_lines = lines or [dict(EMPTY_LINE)]
        self.form_totals, _ = form_totals(self.form_lines)

    @rx.event
    async def save_document(self):
        try:
            if not self.form_date:
                raise ValidationError("La date est obligatoire.", "date")
            day = parse_day(self.form_date, "date")
            lines = typed_lines(self.form_lines)
            client = int(self.form_client) if self.form_client.isdigit() else None
            if self.form_kind == "devis":
                if not self.form_validity.strip().isdigit():
                    raise ValidationError("La validité est un nombre de jours.", "validity")
                number = await asyncio.to_thread(
                    quotes.create_quote,
                    self.company_id,
                    client,
                    day,
                    lines,
                    int(self.form_validity),
                    self.form_description,
                )
                self.notice = t("quote_created", number=number)
            else:
                number = await asyncio.to_thread(
                    invoices.create_invoice,
                    self.company_id,
                    client,
                    day,
                    lines,
                    self.form_terms or None,
                    self.form_description,
                )
                self.notice = t("invoice_created", number=number)
        except TresoError as error:
            self.form_errors = errors_of(error, DOCUMENT_FIELDS)
            return
        self.form_open = False
        await self._list_again()

    # --- client card --------------------------------------------------------------------

    @rx.event
    async def edit_client(self, client_id: str):
        self.client_errors = {}
        if client_id:
            fields = await asyncio.to_thread(
                counterparties.counterparty_fields, self.company_id, int(client_id)
            )
            self.client_id = int(client_id)
            self.client_professional = bool(fields.pop("professional"))
            self.client_fields = {k: str(v) for k, v in fields.items()}
        else:
            self.client_id, self.client_professional = 0, True
            self.client_fields = dict.fromkeys(CLIENT_FIELDS, "") | {"payment_terms": "30 jours"}
        self.client_open = True

    @rx.event
    def close_client(self, _open: bool = False):
        self.client_open = False

    @rx.event
    def set_client_field(self, key: str, value: str):
        if key in CLIENT_FIELDS:
            self.client_fields = {**self.client_fields, key: value}
            self.client_errors = without(self.client_errors, key)

    @rx.event
    def set_client_professional(self, value: bool):
        self.client_professional = value

    @rx.event
    async def save_client(self):
        fields = {**self.client_fields, "professional": self.client_professional}
        try:
            await asyncio.to_thread(
                counterparties.save_counterparty,
                self.company_id,
                "client",
                fields,
                self.client_id or None,
            )
        except ValidationError as error:
            self.client_errors = errors_of(error, CLIENT_FIELDS)
            return
        self.client_open = False
        self.notice = t("counterparty_saved")
        await self._list_again()
