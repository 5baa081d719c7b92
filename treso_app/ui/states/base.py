"""The one base state every page state derives from: which company, which data version.

Login, roles and company scoping will be enforced here, once, for every page and handler.
"""

from __future__ import annotations

import reflex as rx


class BaseState(rx.State):
    company_id: int = 0  # 0 until login exists: the first company of the database
    company_name: str = ""
    error: str = ""  # a French message shown at the top of the page
