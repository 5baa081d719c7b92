"""Client invoices: issue (gapless number), credit notes, payments, the « litige » flag, and the
lists the invoicing page shows. One transaction per use-case."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from treso_app.db import tables as t
from treso_app.db.queries import paid_bills, settled_invoices
from treso_app.db.session import read_only, transaction
from treso_app.domain.aging import AgedRow, aged_receivables
from treso_app.domain.bounds import TextLimit, check_amount, check_date, check_text
from treso_app.domain.documents import (
    PREFIXES,
    DocumentEventKind,
    Line,
    check_number,
    checked_lines,
    document_totals,
    proportional_lines,
)
from treso_app.domain.errors import PaymentTermsError, ValidationError
from treso_app.domain.money import format_amount
from treso_app.domain.penalties import Penalties, default_rate_bp, penalties
from treso_app.domain.receivables import invoice_status, learned_delay_days
from treso_app.domain.terms import EndOfMonthReading, PaymentTerms, parse_terms, payable_by
from treso_app.domain.vat import VAT_RATES_BP
from treso_app.services.numbering import next_number

MEANS = ("virement", "chèque", "carte", "espèces", "prélèvement")


@dataclass(frozen=True)
class InvoiceRow:
    id: int
    number: str
    kind: str  # facture / acompte / avoir
    client_id: int
    client: str
    issued_on: date
    due_on: date
    ttc_cents: int
    remaining_cents: int
    status: str  # à_venir / en_retard / partielle / payée / avoir
    disputed: bool
    days_late: int
    penalties: Penalties | None  # for a late invoice of a professional client
    reminder_level: int  # the highest reminder done, 0 = none


@dataclass(frozen=True)
class PaymentRow:
    id: int
    paid_on: date
    amount_cents: int
    means: str
    reference: str


@dataclass(frozen=True)
class DeletedPayment:
    """A history line: a payment recorded by mistake and deleted."""

    at: datetime
    payment: PaymentRow


@dataclass(frozen=True)
class InvoiceDetail:
    row: InvoiceRow
    lines: list[Line]
    ht_cents: int
    tva_cents: int
    payments: list[PaymentRow]
    credit_notes: list[tuple[str, date, int]]
    reminders: list[t.Reminder]
    description: str
    deleted_payments: list[DeletedPayment]
    payment_terms: str  # « 30 jours », « 45 jours fin de mois »… as they set the due date


def issue_invoice(
    session: Session,
    company_id: int,
    client_id: int,
    issued_on: date,
    lines: Sequence[Line],
    *,
    kind: str = "facture",
    payment_terms: str | None = None,
    description: str = "",
    quote_id: int | None = None,
    credits_invoice_id: int | None = None,
    penalty_rate_bp: int | None = None,
) -> t.Invoice:
    """Write an invoice (or deposit, or credit note) in the caller's transaction."""
    client = session.get(t.Counterparty, client_id)
    if client is None or client.company_id != company_id or client.kind != "client":
        raise ValidationError("Choisissez un client.", "client")
    company = session.get(t.Company, company_id)
    try:
        terms = parse_terms(payment_terms or client.payment_terms)
    except PaymentTermsError as error:
        raise ValidationError(error.message, "payment_terms") from None
    totals = document_totals(lines)
    number = next_number(session, company_id, PREFIXES[kind], issued_on.year)
    invoice = t.Invoice(
        company_id=company_id,
        client_id=client_id,
        number=check_number(number, issued_on),
        kind=kind,
        issued_on=issued_on,
        due_on=issued_on
        if kind == "avoir"
        else payable_by(issued_on, terms, EndOfMonthReading(company.end_of_month_reading)),
        ht_cents=totals.ht_cents,
        tva_cents=totals.tva_cents,
        ttc_cents=totals.ttc_cents,
        status="payée" if kind == "avoir" else "à_venir",
        description=description.strip() or None,
        quote_id=quote_id,
        credits_invoice_id=credits_invoice_id,
        penalty_rate_bp=penalty_rate_bp,
    )
    session.add(invoice)
    session.flush()
    write_lines(session, lines, invoice_id=invoice.id)
    return invoice


def write_lines(session: Session, lines: Sequence[Line], **owner: int) -> None:
    session.add_all(
        t.DocumentLine(
            **owner,
            position=position,
            label=line.label,
            quantity_milli=line.quantity_milli,
            unit_price_cents=line.unit_price_cents,
            vat_rate_bp=line.vat_rate_bp,
            ht_cents=line.ht_cents,
        )
        for position, line in enumerate(lines)
    )


def read_lines(session: Session, **owner: int) -> list[Line]:
    ((column, key),) = owner.items()
    rows = session.exec(
        select(t.DocumentLine)
        .where(getattr(t.DocumentLine, column) == key)
        .order_by(t.DocumentLine.position)
    ).all()
    return [Line(r.label, r.quantity_milli, r.unit_price_cents, r.vat_rate_bp) for r in rows]


def create_invoice(
    company_id: int,
    client_id: int | None,
    issued_on: date,
    lines: Sequence[Line],
    payment_terms: str | None = None,
    description: str = "",
    url: str | None = None,
) -> str:
    if not client_id:
        raise ValidationError("Choisissez un client.", "client")
    check_date(issued_on, "la date de la facture", "date")
    check_text(payment_terms or "", TextLimit.NAME, "le délai de paiement", "payment_terms")
    check_text(description, TextLimit.NOTE, "le commentaire", "description")
    lines = checked_lines(lines)
    with transaction(url) as session:
        return issue_invoice(
            session,
            company_id,
            client_id,
            issued_on,
            lines,
            payment_terms=payment_terms,
            description=description,
        ).number


def credit_note(
    company_id: int,
    invoice_id: int,
    amount_ttc_cents: int,
    reason: str,
    on: date,
    url: str | None = None,
) -> str:
    """An avoir reducing what the client owes on an invoice (up to what was not credited yet),
    with the invoice's VAT split."""
    if not reason.strip():
        raise ValidationError("Indiquez le motif de l'avoir.", "reason")
    check_text(reason, TextLimit.LABEL, "le motif", "reason")
    check_amount(amount_ttc_cents, "le montant de l'avoir", "amount", negative=False, zero=False)
    check_date(on, "la date de l'avoir", "date")
    with transaction(url) as session:
        invoice = _owned(session, company_id, invoice_id)
        if invoice.kind == "avoir":
            raise ValidationError("Un avoir ne se rembourse pas par un autre avoir.")
        credited = session.exec(
            select(func.coalesce(func.sum(t.Invoice.ttc_cents), 0)).where(
                t.Invoice.credits_invoice_id == invoice.id
            )
        ).one()
        left = invoice.ttc_cents - int(credited)
        if amount_ttc_cents > left:
            raise ValidationError(
                "L'avoir dépasse ce qui reste à créditer sur la facture.", "amount"
            )
        invoiced = read_lines(session, invoice_id=invoice.id) or _flat(invoice)
        lines = proportional_lines(
            document_totals(invoiced),
            rates_of(invoiced),
            f"Avoir sur facture {invoice.number} — {reason.strip()}",
            amount_ttc_cents=amount_ttc_cents,
        )
        note = issue_invoice(
            session,
            company_id,
            invoice.client_id,
            on,
            lines,
            kind="avoir",
            credits_invoice_id=invoice.id,
            description=reason,
        )
        refresh_status(session, invoice, on)
        return note.number


def _flat(invoice: t.Invoice) -> list[Line]:
    """An invoice without lines (imported, demo): one line at its apparent VAT rate."""
    rate = min(VAT_RATES_BP, key=lambda bp: abs(invoice.ht_cents * bp - invoice.tva_cents * 10000))
    return [Line(invoice.description or invoice.number, 1000, invoice.ht_cents, rate)]


def rates_of(lines: Sequence[Line]) -> list[tuple[int, int]]:
    by_rate: dict[int, int] = {}
    for line in lines:
        by_rate[line.vat_rate_bp] = by_rate.get(line.vat_rate_bp, 0) + line.ht_cents
    return [(ht, rate) for rate, ht in by_rate.items() if ht]


def record_payment(
    company_id: int,
    invoice_id: int,
    paid_on: date,
    amount_cents: int,
    means: str,
    reference: str = "",
    today: date | None = None,
    url: str | None = None,
) -> str:
    """A payment received (full or partial); returns the invoice's new status."""
    with transaction(url) as session:
        invoice = _owned(session, company_id, invoice_id)
        if invoice.kind == "avoir":
            raise ValidationError("Un avoir ne reçoit pas de paiement.")
        remaining = invoice.ttc_cents - settled_invoices(session, company_id).get(invoice.id, 0)
        add_payment(
            session,
            company_id,
            remaining,
            paid_on,
            amount_cents,
            means,
            reference,
            invoice_id=invoice.id,
        )
        return refresh_status(session, invoice, today or paid_on)


def add_payment(
    session: Session,
    company_id: int,
    remaining_cents: int,
    paid_on: date,
    amount_cents: int,
    means: str,
    reference: str = "",
    **settles: int,
) -> t.Payment:
    """Record a payment of an invoice or a bill (`invoice_id=` or `bill_id=`), never more
    than what is left to pay."""
    if means not in MEANS:
        raise ValidationError("Choisissez le moyen de paiement.", "means")
    check_amount(amount_cents, "le montant du paiement", "amount", negative=False, zero=False)
    check_date(paid_on, "la date du paiement", "date")
    check_text(reference, TextLimit.NUMBER, "le texte de la référence", "reference")
    if amount_cents > remaining_cents:
        raise ValidationError(
            f"Le paiement dépasse le reste dû ({format_amount(remaining_cents)}).", "amount"
        )
    payment = t.Payment(
        company_id=company_id,
        paid_on=paid_on,
        amount_cents=amount_cents,
        means=means,
        reference=reference.strip() or None,
        **settles,
    )
    session.add(payment)
    session.flush()
    return payment


def refresh_status(
    session: Session, invoice: t.Invoice, today: date, settled: Mapping[int, int] | None = None
) -> str:
    """Stored status and paid date follow payments and credit notes; the client's learned
    delay follows its paid invoices. `settled`: settled_invoices, when the caller has it."""
    if settled is None:
        settled = settled_invoices(session, invoice.company_id)
    settled = settled.get(invoice.id, 0)
    invoice.status = invoice_status(invoice.ttc_cents, settled, invoice.due_on, today)
    invoice.paid_on = None
    if invoice.status == "payée":
        invoice.paid_on = (
            session.exec(
                select(func.max(t.Payment.paid_on)).where(t.Payment.invoice_id == invoice.id)
            ).one()
            or today
        )
    session.add(invoice)
    session.flush()
    client = session.get(t.Counterparty, invoice.client_id)
    paid = session.exec(
        select(t.Invoice.due_on, t.Invoice.paid_on).where(
            t.Invoice.client_id == client.id,
            t.Invoice.paid_on.is_not(None),
            t.Invoice.kind != "avoir",
        )
    ).all()
    client.learned_delay_days = learned_delay_days(paid)
    session.add(client)
    return invoice.status


def delete_payment(company_id: int, payment_id: int, today: date, url: str | None = None) -> str:
    """Remove a payment recorded by mistake (an invoice's or a bill's): its document's status
    follows, and its history keeps what was deleted. Returns the document's new status."""
    with transaction(url) as session:
        payment = session.get(t.Payment, payment_id)
        if payment is None or payment.company_id != company_id:
            raise ValidationError("Ce paiement n'existe pas (déjà supprimé ?).")
        session.add(
            t.DocumentEvent(
                company_id=company_id,
                invoice_id=payment.invoice_id,
                bill_id=payment.bill_id,
                kind=DocumentEventKind.PAYMENT_DELETED,
                detail=json.dumps(
                    {
                        "amount_cents": payment.amount_cents,
                        "paid_on": payment.paid_on.isoformat(),
                        "means": payment.means,
                        "reference": payment.reference or "",
                    },
                    ensure_ascii=False,
                ),
            )
        )
        from treso_app.services.reconcile import release_payment, wait_again  # imports us

        lines = release_payment(session, company_id, payment.id)
        invoice_id, bill_id = payment.invoice_id, payment.bill_id
        session.delete(payment)
        session.flush()
        if invoice_id is not None:
            status = refresh_status(session, session.get(t.Invoice, invoice_id), today)
        else:
            status = _reopen_bill(session, session.get(t.Bill, bill_id))
        session.flush()
        wait_again(session, company_id, lines)
        return status


def refresh_bill_status(
    session: Session, bill: t.Bill, paid: Mapping[int, int] | None = None
) -> str:
    """A bill its payments cover is paid, on the day of the last one; else it is due again.
    `paid`: paid_bills, when the caller has it."""
    if paid is None:
        paid = paid_bills(session, bill.company_id)
    if bill.ttc_cents - paid.get(bill.id, 0) > 0:
        return _reopen_bill(session, bill)
    bill.status = "payée"
    bill.paid_on = session.exec(
        select(func.max(t.Payment.paid_on)).where(t.Payment.bill_id == bill.id)
    ).one()
    session.add(bill)
    return bill.status


def _reopen_bill(session: Session, bill: t.Bill) -> str:
    """A bill no longer fully paid is due again: in the transfer file already handed to the
    bank when it is in one, else at its scheduled date when it has one."""
    if bill.ttc_cents - paid_bills(session, bill.company_id).get(bill.id, 0) > 0:
        in_a_file = session.exec(
            select(t.TransferFileBill.id).where(t.TransferFileBill.bill_id == bill.id)
        ).first()
        if in_a_file is not None:
            bill.status = "virement_émis"
        elif bill.status == "payée":
            bill.status = "programmée" if bill.scheduled_on else "à_payer"
        bill.paid_on = None
        session.add(bill)
    return bill.status


def deleted_payments(session: Session, **owner: int) -> list[DeletedPayment]:
    """The payments deleted from an invoice (`invoice_id=`) or a bill (`bill_id=`)."""
    ((column, key),) = owner.items()
    events = session.exec(
        select(t.DocumentEvent)
        .where(
            getattr(t.DocumentEvent, column) == key,
            t.DocumentEvent.kind == DocumentEventKind.PAYMENT_DELETED,
        )
        .order_by(t.DocumentEvent.at, t.DocumentEvent.id)
    ).all()
    found = []
    for event in events:
        detail = json.loads(event.detail)
        paid_on = date.fromisoformat(detail["paid_on"])
        row = PaymentRow(0, paid_on, detail["amount_cents"], detail["means"], detail["reference"])
        found.append(DeletedPayment(event.at, row))
    return found


def set_disputed(company_id: int, invoice_id: int, disputed: bool, url: str | None = None) -> None:
    with transaction(url) as session:
        invoice = _owned(session, company_id, invoice_id)
        invoice.disputed = disputed
        session.add(invoice)


def invoice_rows(company_id: int, today: date, url: str | None = None) -> list[InvoiceRow]:
    """Every invoice and credit note, newest first."""
    with read_only(url) as session:
        return _rows(session, company_id, today)


def _rows(
    session: Session, company_id: int, today: date, only: int | None = None
) -> list[InvoiceRow]:
    settled = settled_invoices(session, company_id)
    company = session.get(t.Company, company_id)
    levels = dict(
        session.exec(
            select(t.Reminder.invoice_id, func.max(t.Reminder.level))
            .where(t.Reminder.company_id == company_id, t.Reminder.result != "échec")
            .group_by(t.Reminder.invoice_id)
        ).all()
    )
    query = (
        select(t.Invoice, t.Counterparty.name, t.Counterparty.professional)
        .join(t.Counterparty, t.Counterparty.id == t.Invoice.client_id)
        .where(t.Invoice.company_id == company_id)
        .order_by(t.Invoice.issued_on.desc(), t.Invoice.id.desc())
    )
    if only is not None:
        query = query.where(t.Invoice.id == only)
    rows = []
    for invoice, client, professional in session.exec(query).all():
        if invoice.kind == "avoir":
            remaining, status = 0, "avoir"
        else:
            paid = settled.get(invoice.id, 0)
            remaining = max(0, invoice.ttc_cents - paid)  # a credit note may exceed it
            status = invoice_status(invoice.ttc_cents, paid, invoice.due_on, today)
        late = max(0, (today - invoice.due_on).days) if remaining > 0 else 0
        rate = invoice.penalty_rate_bp or company.penalty_rate_bp or default_rate_bp()
        found = penalties(remaining, invoice.due_on, today, rate, professional) if late else None
        rows.append(
            InvoiceRow(
                invoice.id,
                invoice.number,
                invoice.kind,
                invoice.client_id,
                client,
                invoice.issued_on,
                invoice.due_on,
                invoice.ttc_cents,
                remaining,
                status,
                invoice.disputed,
                late,
                found,
                levels.get(invoice.id, 0),
            )
        )
    return rows


def invoice_detail(
    company_id: int, invoice_id: int, today: date, url: str | None = None
) -> InvoiceDetail:
    with read_only(url) as session:
        invoice = _owned(session, company_id, invoice_id)
        [row] = _rows(session, company_id, today, only=invoice_id)
        payments = session.exec(
            select(t.Payment).where(t.Payment.invoice_id == invoice_id).order_by(t.Payment.paid_on)
        ).all()
        notes = session.exec(
            select(t.Invoice.number, t.Invoice.issued_on, t.Invoice.ttc_cents).where(
                t.Invoice.credits_invoice_id == invoice_id
            )
        ).all()
        reminders = session.exec(
            select(t.Reminder).where(t.Reminder.invoice_id == invoice_id).order_by(t.Reminder.level)
        ).all()
        company = session.get(t.Company, company_id)
        client_terms = session.get(t.Counterparty, invoice.client_id).payment_terms
        terms = _terms_label(invoice, client_terms, EndOfMonthReading(company.end_of_month_reading))
        return InvoiceDetail(
            row,
            read_lines(session, invoice_id=invoice_id) or _flat(invoice),
            invoice.ht_cents,
            invoice.tva_cents,
            [
                PaymentRow(p.id, p.paid_on, p.amount_cents, p.means, p.reference or "")
                for p in payments
            ],
            [tuple(n) for n in notes],
            list(reminders),
            invoice.description or "",
            deleted_payments(session, invoice_id=invoice_id),
            terms,
        )


def _terms_label(invoice: t.Invoice, client_terms: str, reading: EndOfMonthReading) -> str:
    """The invoice does not keep the terms it was issued with: the client's when they give its
    due date, else the plain number of days between its date and its due date (terms typed for
    this invoice, or an imported invoice)."""
    try:
        terms = parse_terms(client_terms)
        if payable_by(invoice.issued_on, terms, reading) == invoice.due_on:
            return terms.label
    except PaymentTermsError:
        pass
    return PaymentTerms((invoice.due_on - invoice.issued_on).days).label


def aged(rows: Sequence[InvoiceRow], today: date) -> tuple[list[AgedRow], AgedRow]:
    """Aged receivables of the listed invoices."""
    return aged_receivables(
        ((r.client, r.due_on, r.remaining_cents) for r in rows if r.remaining_cents > 0), today
    )


def _owned(session: Session, company_id: int, invoice_id: int) -> t.Invoice:
    invoice = session.get(t.Invoice, invoice_id)
    if invoice is None or invoice.company_id != company_id:
        raise ValidationError("Cette facture n'existe pas.")
    return invoice
