"""Which company a command works on."""

from __future__ import annotations

from sqlmodel import select

from treso_app.db import tables as t
from treso_app.db.session import transaction
from treso_app.domain.errors import TresoError

DEFAULT_COMPANY_NAME = "Mon entreprise"


def resolve_company(wanted: str | None = None, url: str | None = None) -> int:
    """The company named (id or name), else the only one; a new « Mon entreprise » on an
    empty database, so a first import needs no set-up."""
    with transaction(url) as session:
        companies = session.exec(select(t.Company).order_by(t.Company.id)).all()
        if wanted:
            for company in companies:
                if wanted == str(company.id) or wanted.casefold() == company.name.casefold():
                    return company.id
            raise TresoError(f"aucune entreprise « {wanted} » : {_listing(companies)}.")
        if not companies:
            company = t.Company(name=DEFAULT_COMPANY_NAME)
            session.add(company)
            session.flush()
            return company.id
        if len(companies) > 1:
            raise TresoError(f"plusieurs entreprises, précisez --company : {_listing(companies)}.")
        return companies[0].id


def _listing(companies: list[t.Company]) -> str:
    return ", ".join(f"{c.id} = {c.name}" for c in companies) or "la base est vide"
