"""The one base state every page state derives from: which company, which data version.

Login, roles and company scoping will be enforced here, once, for every page and handler.
Until then the company is services.companies' default one: the owner's own, else the demo.
"""

from __future__ import annotations

import asyncio
import logging

import reflex as rx

from treso_app.domain.errors import ValidationError
from treso_app.services.companies import company_label, create_company, current_company

log = logging.getLogger(__name__)


class BaseState(rx.State):
    company_id: int = 0  # 0 until resolved: the default company of the database
    company_name: str = ""
    company_is_demo: bool = False  # the header says « Démo »
    error: str = ""  # a French message shown at the top of the page
    # The owner's own company, asked for when they start real work in the demo: the page
    # that asked (« import », « invoice ») continues once it exists.
    own_company_for: str = ""
    own_company_name: str = ""
    own_company_error: str = ""
    trying_demo: bool = False  # the owner chose to try the invoice forms in the demo

    @rx.event
    async def load_company(self):
        """Every page, when it shows: the company it works on, named in the header."""
        try:
            await self._resolve_company()
        except Exception:
            log.exception("company lookup failed")

    async def _resolve_company(self) -> int:
        self.company_id = await asyncio.to_thread(current_company, self.company_id)
        self.company_name, self.company_is_demo = await asyncio.to_thread(
            company_label, self.company_id
        )
        return self.company_id

    def _ask_own_company(self, page: str) -> None:
        self.own_company_for, self.own_company_name, self.own_company_error = page, "", ""

    @rx.event
    def set_own_company_name(self, value: str):
        self.own_company_name, self.own_company_error = value, ""

    @rx.event
    def cancel_own_company(self, _open: bool = False):
        self.own_company_for = ""

    async def _create_own_company(self) -> bool:
        """Creates the company named in the dialog and switches every page to it."""
        try:
            self.company_id = await asyncio.to_thread(create_company, self.own_company_name)
        except ValidationError as error:
            self.own_company_error = error.message
            return False
        self.own_company_for = ""
        await self._resolve_company()
        return True
