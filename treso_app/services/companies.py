"""Which company a page or a command works on, and the owner's own company next to the demo.

The demo (Company.is_demo) is a company of its own: real data never goes into it unless the
owner names it explicitly, and pages and commands default to the owner's company.
"""

from __future__ import annotations

from sqlmodel import Session, select

from treso_app.db import tables as t
from treso_app.db.session import read_only, transaction
from treso_app.domain.bounds import TextLimit, check_text
from treso_app.domain.errors import TresoError, ValidationError
from treso_app.services.categories import ensure_default_categories

DEFAULT_COMPANY_NAME = "Mon entreprise"
DEMO_WORDS = ("demo", "démo")  # `--company demo` names the demo, whatever its name


def default_company_id(session: Session) -> int | None:
    """The company shown when none is chosen: the owner's own (the oldest real one), else
    the demo; None on an empty database."""
    return session.exec(
        select(t.Company.id).order_by(t.Company.is_demo, t.Company.id)  # False sorts first
    ).first()


def current_company(company_id: int, url: str | None = None) -> int:
    """The company a page shows: the one it had if it still exists (a demo reset gives the
    demo a new id), else the default one; 0 on an empty database."""
    with read_only(url) as session:
        if company_id and session.get(t.Company, company_id) is not None:
            return company_id
        return default_company_id(session) or 0


def is_demo(company_id: int, url: str | None = None) -> bool:
    with read_only(url) as session:
        company = session.get(t.Company, company_id)
        return bool(company and company.is_demo)


def company_label(company_id: int, url: str | None = None) -> tuple[str, bool]:
    """(name, is the demo?) for the page header."""
    with read_only(url) as session:
        company = session.get(t.Company, company_id)
        return (company.name, company.is_demo) if company else ("", False)


def create_company(name: str, url: str | None = None) -> int:
    """The owner's own company, named by them; a name already taken is refused."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError("Donnez le nom de votre entreprise.", "company_name")
    check_text(name, TextLimit.NAME, "le nom de l'entreprise", "company_name")
    if name.casefold() in DEMO_WORDS:
        raise ValidationError("« Démo » est le nom de la démonstration : choisissez-en un autre.")
    with transaction(url) as session:
        for company in session.exec(select(t.Company)).all():
            if company.name.casefold() == name.casefold():
                raise ValidationError(f"L'entreprise « {name} » existe déjà.", "company_name")
        return _new_company(session, name)


def resolve_company(
    wanted: str | None = None, url: str | None = None, *, for_import: bool = False
) -> int:
    """The company a command works on: the one named (id, name, or « demo »), else the
    owner's own; a new « Mon entreprise » on an empty database, so a first import needs no
    set-up. For an import, a name not known yet creates that company, and a database that
    holds only the demo is refused: real statements do not go into the demo unasked."""
    with transaction(url) as session:
        companies = session.exec(select(t.Company).order_by(t.Company.id)).all()
        real = [c for c in companies if not c.is_demo]
        if wanted:
            return _named(session, companies, wanted.strip(), for_import)
        if not companies:
            return _new_company(session, DEFAULT_COMPANY_NAME)
        if len(real) > 1:
            raise TresoError(f"plusieurs entreprises, précisez --company : {_listing(companies)}.")
        if real:
            return real[0].id
        if for_import:
            raise TresoError(
                f"la base ne contient que l'entreprise de démonstration « {companies[0].name} ». "
                "Pour importer vos relevés dans votre entreprise, passez --company NOM (elle est "
                "créée si elle n'existe pas encore) ; pour les importer dans la démonstration, "
                "passez --company demo."
            )
        return companies[0].id


def _named(session: Session, companies: list[t.Company], wanted: str, create: bool) -> int:
    if wanted.casefold() in DEMO_WORDS:
        demo = [c for c in companies if c.is_demo]
        if not demo:
            raise TresoError("pas d'entreprise de démonstration dans cette base (treso demo).")
        return demo[0].id
    for company in companies:
        if wanted == str(company.id) or wanted.casefold() == company.name.casefold():
            return company.id
    if not create or wanted.isdigit():
        raise TresoError(f"aucune entreprise « {wanted} » : {_listing(companies)}.")
    return _new_company(session, " ".join(wanted.split())[: TextLimit.NAME])


def _new_company(session: Session, name: str) -> int:
    """A company, born with the default categories."""
    company = t.Company(name=name)
    session.add(company)
    session.flush()
    ensure_default_categories(session, company.id)
    return company.id


def _listing(companies: list[t.Company]) -> str:
    return ", ".join(f"{c.id} = {c.name}" for c in companies) or "la base est vide"
