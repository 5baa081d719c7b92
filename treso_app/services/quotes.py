"""Quotes (devis): written, sent, accepted or refused; an accepted quote becomes an invoice in
one step, optionally after a deposit invoice (acompte). Accepted quotes not invoiced yet are
the pipeline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, select

from treso_app.db import tables as t
from treso_app.db.session import read_only, transaction
from treso_app.domain.bounds import TextLimit, check_date, check_text
from treso_app.domain.documents import Line, checked_lines, document_totals, proportional_lines
from treso_app.domain.errors import ValidationError
from treso_app.services.invoices import issue_invoice, rates_of, read_lines, write_lines
from treso_app.services.numbering import next_number

DEFAULT_VALIDITY_DAYS = 30


@dataclass(frozen=True)
class QuoteRow:
    id: int
    number: str
    client: str
    issued_on: date
    valid_until: date
    ttc_cents: int
    status: str  # as stored, except a sent or draft quote past its validity: « expiré »
    deposits_cents: int  # deposit invoices already issued on it
    to_invoice_cents: int  # what the pipeline still holds (accepted, not fully invoiced)


def create_quote(
    company_id: int,
    client_id: int | None,
    issued_on: date,
    lines: Sequence[Line],
    validity_days: int = DEFAULT_VALIDITY_DAYS,
    description: str = "",
    url: str | None = None,
) -> str:
    if not client_id:
        raise ValidationError("Choisissez un client.", "client")
    if not 1 <= validity_days <= 365:
        raise ValidationError("La validité d'un devis va de 1 à 365 jours.", "validity")
    check_date(issued_on, "la date du devis", "date")
    check_text(description, TextLimit.NOTE, "le commentaire", "description")
    lines = checked_lines(lines)
    totals = document_totals(lines)
    with transaction(url) as session:
        client = session.get(t.Counterparty, client_id)
        if client is None or client.company_id != company_id or client.kind != "client":
            raise ValidationError("Choisissez un client.", "client")
        quote = t.Quote(
            company_id=company_id,
            client_id=client_id,
            number=next_number(session, company_id, "D", issued_on.year),
            issued_on=issued_on,
            valid_until=issued_on + timedelta(days=validity_days),
            ht_cents=totals.ht_cents,
            tva_cents=totals.tva_cents,
            ttc_cents=totals.ttc_cents,
            description=description.strip() or None,
        )
        session.add(quote)
        session.flush()
        write_lines(session, lines, quote_id=quote.id)
        return quote.number


def set_status(
    company_id: int, quote_id: int, status: str, on: date, url: str | None = None
) -> None:
    """Sent, accepted or refused, by the owner. Invoiced quotes stay as they are."""
    if status not in ("brouillon", "envoyé", "accepté", "refusé"):
        raise ValidationError("Statut de devis inconnu.", "status")
    with transaction(url) as session:
        quote = _owned(session, company_id, quote_id)
        if quote.status == "facturé":
            raise ValidationError(f"Le devis {quote.number} est déjà facturé.")
        quote.status = status
        quote.accepted_on = on if status == "accepté" else None
        session.add(quote)


def invoice_quote(
    company_id: int,
    quote_id: int,
    on: date,
    deposit_percent: Decimal | None = None,
    deposit_cents: int | None = None,
    url: str | None = None,
) -> str:
    """Invoice an accepted quote: a deposit invoice when a % or an amount is given, else the
    final invoice — the quote's lines less the deposits already invoiced."""
    with transaction(url) as session:
        quote = _owned(session, company_id, quote_id)
        if quote.status != "accepté":
            raise ValidationError(
                f"Le devis {quote.number} doit être accepté avant d'être facturé."
            )
        lines = read_lines(session, quote_id=quote.id)
        totals = document_totals(lines)
        deposits = _deposits(session, quote.id)
        if deposit_percent is not None or deposit_cents is not None:
            already = sum(d.ttc_cents for d in deposits)
            wanted = proportional_lines(
                totals,
                rates_of(lines),
                f"Acompte sur devis {quote.number}",
                deposit_percent,
                deposit_cents,
            )
            if already + document_totals(wanted).ttc_cents >= quote.ttc_cents:
                raise ValidationError(
                    "Les acomptes atteindraient le total du devis : faites la facture finale.",
                    "amount",
                )
            return issue_invoice(
                session,
                company_id,
                quote.client_id,
                on,
                wanted,
                kind="acompte",
                quote_id=quote.id,
                description=f"Acompte — devis {quote.number}",
            ).number
        for deposit in deposits:  # each deposit is deducted with its own VAT
            lines += [
                Line(f"Acompte {deposit.number} déduit", 1000, -line.ht_cents, line.vat_rate_bp)
                for line in read_lines(session, invoice_id=deposit.id)
            ]
        invoice = issue_invoice(
            session,
            company_id,
            quote.client_id,
            on,
            lines,
            quote_id=quote.id,
            description=quote.description or f"Devis {quote.number}",
        )
        quote.status = "facturé"
        session.add(quote)
        return invoice.number


def quote_rows(company_id: int, today: date, url: str | None = None) -> list[QuoteRow]:
    with read_only(url) as session:
        deposits = dict(
            session.exec(
                select(t.Invoice.quote_id, func.sum(t.Invoice.ttc_cents))
                .where(t.Invoice.company_id == company_id, t.Invoice.kind == "acompte")
                .group_by(t.Invoice.quote_id)
            ).all()
        )
        rows = session.exec(
            select(t.Quote, t.Counterparty.name)
            .join(t.Counterparty, t.Counterparty.id == t.Quote.client_id)
            .where(t.Quote.company_id == company_id)
            .order_by(t.Quote.issued_on.desc(), t.Quote.id.desc())
        ).all()
    out = []
    for quote, client in rows:
        status = quote.status
        if status in ("brouillon", "envoyé") and quote.valid_until < today:
            status = "expiré"
        paid_ahead = int(deposits.get(quote.id, 0))
        pipeline = quote.ttc_cents - paid_ahead if status == "accepté" else 0
        out.append(
            QuoteRow(
                quote.id,
                quote.number,
                client,
                quote.issued_on,
                quote.valid_until,
                quote.ttc_cents,
                status,
                paid_ahead,
                pipeline,
            )
        )
    return out


def _deposits(session: Session, quote_id: int) -> list[t.Invoice]:
    return list(
        session.exec(
            select(t.Invoice)
            .where(t.Invoice.quote_id == quote_id, t.Invoice.kind == "acompte")
            .order_by(t.Invoice.id)
        ).all()
    )


def _owned(session: Session, company_id: int, quote_id: int) -> t.Quote:
    quote = session.get(t.Quote, quote_id)
    if quote is None or quote.company_id != company_id:
        raise ValidationError("Ce devis n'existe pas.")
    return quote
