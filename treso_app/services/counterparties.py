"""Clients and suppliers: checked forms, and the client list with what each one owes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from statistics import fmean

from sqlmodel import Session, select

from treso_app.db import tables as t
from treso_app.db.queries import settled_invoices
from treso_app.db.session import read_only, transaction
from treso_app.domain import identifiers
from treso_app.domain.bounds import TextLimit, check_text
from treso_app.domain.errors import PaymentTermsError, ValidationError
from treso_app.domain.terms import parse_terms

TEXT_FIELDS = ("name", "siren", "email", "address", "payment_terms", "iban", "bic")
FIELDS = (*TEXT_FIELDS, "professional")
# The longest each field may be as typed (a SIREN, an IBAN or a BIC then has its own shape).
_BOUNDED = (
    ("name", TextLimit.NAME, "le nom"),
    ("siren", TextLimit.NUMBER, "le SIREN"),
    ("email", TextLimit.EMAIL, "l'e-mail"),
    ("address", TextLimit.NOTE, "le texte de l'adresse"),
    ("payment_terms", TextLimit.NAME, "le délai de paiement"),
    ("iban", TextLimit.NUMBER, "l'IBAN"),
    ("bic", TextLimit.NUMBER, "le BIC"),
)


@dataclass(frozen=True)
class ClientRow:
    id: int
    name: str
    siren: str
    email: str
    payment_terms: str
    do_not_remind: bool
    outstanding_cents: int
    overdue_cents: int
    average_delay_days: float | None  # days past due, from paid invoices
    late_count: int


def checked_fields(fields: dict) -> dict:
    """A counterparty form, cleaned; the first wrong field raises a French message."""
    for key, limit, what in _BOUNDED:
        check_text(str(fields.get(key) or ""), limit, what, key)
    name = (fields.get("name") or "").strip()
    if not name:
        raise ValidationError("Le nom est obligatoire.", "name")
    terms = (fields.get("payment_terms") or "").strip() or "30 jours"
    try:
        terms = parse_terms(terms).label
    except PaymentTermsError as error:
        raise ValidationError(error.message, "payment_terms") from None
    return {
        "name": name,
        "siren": identifiers.siren(fields.get("siren")),
        "email": identifiers.email(fields.get("email")),
        "address": (fields.get("address") or "").strip() or None,
        "payment_terms": terms,
        "iban": identifiers.iban(fields.get("iban")),
        "bic": identifiers.bic(fields.get("bic")),
        "professional": fields.get("professional", True) not in (False, "", "non", "0"),
    }


def save_counterparty(
    company_id: int,
    kind: str,
    fields: dict[str, str],
    counterparty_id: int | None = None,
    url: str | None = None,
) -> int:
    """Create (or update) a client or a supplier; the name is unique per kind."""
    values = checked_fields(fields)
    with transaction(url) as session:
        same_name = session.exec(
            select(t.Counterparty.id).where(
                t.Counterparty.company_id == company_id,
                t.Counterparty.kind == kind,
                t.Counterparty.name == values["name"],
            )
        ).first()
        if same_name is not None and same_name != counterparty_id:
            who = "client" if kind == "client" else "fournisseur"
            raise ValidationError(f"Un {who} s'appelle déjà « {values['name']} ».", "name")
        row = _owned(session, company_id, counterparty_id) if counterparty_id else None
        row = row or t.Counterparty(company_id=company_id, kind=kind, name=values["name"])
        for key, value in values.items():
            setattr(row, key, value)
        session.add(row)
        session.flush()
        return row.id


def set_do_not_remind(company_id: int, client_id: int, value: bool, url: str | None = None) -> None:
    with transaction(url) as session:
        row = _owned(session, company_id, client_id)
        row.do_not_remind = value
        session.add(row)


def counterparty_fields(company_id: int, counterparty_id: int, url: str | None = None) -> dict:
    """The form of an existing client or supplier, as strings."""
    with read_only(url) as session:
        row = _owned(session, company_id, counterparty_id)
        return {
            key: getattr(row, key) if key == "professional" else getattr(row, key) or ""
            for key in FIELDS
        }


def names(company_id: int, kind: str, url: str | None = None) -> list[tuple[int, str]]:
    with read_only(url) as session:
        return list(
            session.exec(
                select(t.Counterparty.id, t.Counterparty.name)
                .where(t.Counterparty.company_id == company_id, t.Counterparty.kind == kind)
                .order_by(t.Counterparty.name)
            ).all()
        )


def client_rows(company_id: int, today: date, url: str | None = None) -> list[ClientRow]:
    with read_only(url) as session:
        return _client_rows(session, company_id, today)


def _client_rows(session: Session, company_id: int, today: date) -> list[ClientRow]:
    settled = settled_invoices(session, company_id)
    invoices = session.exec(
        select(t.Invoice).where(t.Invoice.company_id == company_id, t.Invoice.kind != "avoir")
    ).all()
    outstanding: dict[int, int] = defaultdict(int)
    overdue: dict[int, int] = defaultdict(int)
    delays: dict[int, list[int]] = defaultdict(list)
    late: dict[int, int] = defaultdict(int)
    for invoice in invoices:
        remaining = invoice.ttc_cents - settled.get(invoice.id, 0)
        if remaining > 0:
            outstanding[invoice.client_id] += remaining
            if invoice.due_on < today:
                overdue[invoice.client_id] += remaining
                late[invoice.client_id] += 1
        elif invoice.paid_on:
            delays[invoice.client_id].append((invoice.paid_on - invoice.due_on).days)
    clients = session.exec(
        select(t.Counterparty)
        .where(t.Counterparty.company_id == company_id, t.Counterparty.kind == "client")
        .order_by(t.Counterparty.name)
    ).all()
    return [
        ClientRow(
            c.id,
            c.name,
            c.siren or "",
            c.email or "",
            c.payment_terms,
            c.do_not_remind,
            outstanding[c.id],
            overdue[c.id],
            round(fmean(delays[c.id]), 1) if delays[c.id] else None,
            late[c.id],
        )
        for c in clients
    ]


def _owned(session: Session, company_id: int, counterparty_id: int) -> t.Counterparty:
    row = session.get(t.Counterparty, counterparty_id)
    if row is None or row.company_id != company_id:
        raise ValidationError("Ce client ou fournisseur n'existe plus.")
    return row
