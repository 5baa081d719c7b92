"""The one base state every page state derives from: which company, which data version.

Login, roles and company scoping will be enforced here, once, for every page and handler.
"""

from __future__ import annotations

import reflex as rx


class BaseState(rx.State):
    company_id: int = 0
    company_name: str = ""
    # Bumped when the data behind the pages changes, so pages know to reload.
    data_version: int = 0
    error: str = ""
