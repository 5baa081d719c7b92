"""The owner's own company next to the demo, for the length of a browser test: the app
and its database are shared by the whole session, and the other pages expect the demo."""

from __future__ import annotations

from sqlmodel import select

from treso_app.db import tables as t
from treso_app.db.session import transaction
from treso_app.services.demo import _delete_company


def remove_real_companies(url: str) -> None:
    """Back to a database that holds only the demo."""
    with transaction(url) as session:
        for company in session.exec(select(t.Company).where(t.Company.is_demo.is_(False))):
            _delete_company(session, company.id)
