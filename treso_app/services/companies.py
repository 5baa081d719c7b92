"""Which company and which account a command works on."""

from __future__ import annotations

from sqlmodel import select

from treso_app.db import tables as t
from treso_app.db.session import transaction
from treso_app.domain.errors import TresoError
from treso_app.services.imports import create_account

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


def resolve_account(company_id: int, wanted: str, url: str | None = None) -> int:
    """An account by id or IBAN; a valid IBAN not known yet creates the account."""
    with transaction(url) as session:
        query = select(t.BankAccount).where(t.BankAccount.company_id == company_id)
        if wanted.strip().isdigit():
            account = session.exec(query.where(t.BankAccount.id == int(wanted))).first()
            if account is None:
                raise TresoError(f"aucun compte n° {wanted} dans cette entreprise.")
            return account.id
        iban = "".join(wanted.split()).upper()
        account = session.exec(query.where(t.BankAccount.iban == iban)).first()
        if account is None:
            account = create_account(session, company_id, iban)
        return account.id


def _listing(companies: list[t.Company]) -> str:
    return ", ".join(f"{c.id} = {c.name}" for c in companies) or "la base est vide"
