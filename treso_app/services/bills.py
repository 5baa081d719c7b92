"""Supplier bills: record them, pay them, schedule them at the best date (the SEPA file that
pays them is services/transfers.py). One transaction per use-case."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from sqlmodel import Session, select

from treso_app.db import tables as t
from treso_app.db.queries import paid_bills, supplier_delays
from treso_app.db.session import read_only, transaction
from treso_app.domain.bounds import TextLimit, check_amount, check_date, check_text
from treso_app.domain.dates import parse_day
from treso_app.domain.errors import PaymentTermsError, TresoError, ValidationError
from treso_app.domain.forecast import PRESETS, forecast
from treso_app.domain.money import parse_amount, typed_amount
from treso_app.domain.payment_plan import (
    BillStatus,
    OpenBill,
    Proposal,
    planned_payment,
    propose_dates,
)
from treso_app.domain.terms import EndOfMonthReading, parse_terms, payable_by
from treso_app.services.forecast import load_inputs
from treso_app.services.invoices import PaymentRow, add_payment

PLANNING_DAYS = 120  # bills are rarely due further away than 60 days end of month


@dataclass(frozen=True)
class BillRow:
    id: int
    number: str
    supplier_id: int
    supplier: str
    iban_ok: bool
    issued_on: date
    due_on: date
    scheduled_on: date | None
    ttc_cents: int
    remaining_cents: int
    status: BillStatus
    late: bool
    planned_on: date | None  # the day the forecast counts it (None once paid)


def save_bill(
    company_id: int,
    fields: Mapping[str, object],
    bill_id: int | None = None,
    url: str | None = None,
) -> int:
    """Create (or correct) a supplier bill from a form: supplier, number, dates, TTC (HT and
    TVA optional). An empty due date follows the supplier's payment terms."""
    supplier_id = fields.get("supplier_id")
    if not supplier_id:
        raise ValidationError("Choisissez un fournisseur.", "supplier")
    number = str(fields.get("number") or "").strip()
    if not number:
        raise ValidationError("Le numéro de la facture est obligatoire.", "number")
    check_text(number, TextLimit.NUMBER, "le numéro", "number")
    issued_on = check_date(
        parse_day(fields.get("issued_on"), "issued_on"), "la date de la facture", "issued_on"
    )
    ttc = _amount(fields.get("ttc"), "ttc", "le montant TTC")
    if ttc is None or ttc <= 0:
        raise ValidationError("Le montant TTC est obligatoire et positif.", "ttc")
    ht = _amount(fields.get("ht"), "ht", "le montant HT")
    tva = _amount(fields.get("tva"), "tva", "le montant de TVA")
    description = check_text(
        str(fields.get("description") or "").strip(),
        TextLimit.NOTE,
        "le commentaire",
        "description",
    )
    if ht is not None and tva is None:
        tva = ttc - ht
    if ht is not None and ht + tva != ttc:
        raise ValidationError("HT + TVA ne fait pas le TTC.", "ht")
    with transaction(url) as session:
        supplier = session.get(t.Counterparty, int(supplier_id))
        if supplier is None or supplier.company_id != company_id or supplier.kind != "fournisseur":
            raise ValidationError("Choisissez un fournisseur.", "supplier")
        if fields.get("due_on"):
            due_on = parse_day(fields.get("due_on"), "due_on")
            check_date(due_on, "l'échéance", "due_on")
        else:
            try:
                terms = parse_terms(supplier.payment_terms)
            except PaymentTermsError:
                terms = parse_terms("30 jours")
            reading = EndOfMonthReading(session.get(t.Company, company_id).end_of_month_reading)
            due_on = payable_by(issued_on, terms, reading)
        if due_on < issued_on:
            raise ValidationError(
                "L'échéance ne peut pas précéder la date de la facture.", "due_on"
            )
        duplicate = session.exec(
            select(t.Bill.id).where(
                t.Bill.company_id == company_id,
                t.Bill.supplier_id == supplier.id,
                t.Bill.number == number,
            )
        ).first()
        if duplicate is not None and duplicate != bill_id:
            raise ValidationError(
                f"La facture {number} de {supplier.name} est déjà enregistrée.", "number"
            )
        bill = _owned(session, company_id, bill_id) if bill_id else None
        bill = bill or t.Bill(
            company_id=company_id,
            supplier_id=supplier.id,
            number=number,
            issued_on=issued_on,
            due_on=due_on,
        )
        bill.supplier_id, bill.number, bill.issued_on, bill.due_on = (
            supplier.id,
            number,
            issued_on,
            due_on,
        )
        bill.ttc_cents, bill.ht_cents, bill.tva_cents = ttc, ht, tva
        bill.description = description or None
        session.add(bill)
        session.flush()
        return bill.id


def bill_fields(company_id: int, bill_id: int, url: str | None = None) -> dict[str, str]:
    """An existing bill as its form shows it (amounts in French)."""
    with read_only(url) as session:
        bill = _owned(session, company_id, bill_id)
        return {
            "supplier_id": str(bill.supplier_id),
            "number": bill.number,
            "issued_on": bill.issued_on.isoformat(),
            "due_on": bill.due_on.isoformat(),
            "ttc": typed_amount(bill.ttc_cents),
            "ht": typed_amount(bill.ht_cents) if bill.ht_cents is not None else "",
            "description": bill.description or "",
        }


def _amount(value: object, field: str, what: str) -> int | None:
    """A bill's amount as typed: none of them negative, all within bounds."""
    if value is None or str(value).strip() == "":
        return None
    try:
        cents = parse_amount(str(value))
    except TresoError as error:
        raise ValidationError(error.message, field) from None
    return check_amount(cents, what, field, negative=False)


def record_bill_payment(
    company_id: int,
    bill_id: int,
    paid_on: date,
    amount_cents: int,
    means: str,
    url: str | None = None,
) -> str:
    with transaction(url) as session:
        bill = _owned(session, company_id, bill_id)
        remaining = bill.ttc_cents - paid_bills(session, company_id).get(bill.id, 0)
        add_payment(session, company_id, remaining, paid_on, amount_cents, means, bill_id=bill.id)
        if amount_cents == remaining:
            bill.status, bill.paid_on = BillStatus.PAYEE, paid_on
        session.add(bill)
        return bill.status


def bill_payments(company_id: int, bill_id: int, url: str | None = None) -> list[PaymentRow]:
    """What was paid on a bill, oldest first (a payment recorded by mistake is deleted with
    services.invoices.delete_payment)."""
    with read_only(url) as session:
        bill = _owned(session, company_id, bill_id)
        payments = session.exec(
            select(t.Payment)
            .where(t.Payment.bill_id == bill.id)
            .order_by(t.Payment.paid_on, t.Payment.id)
        ).all()
        return [
            PaymentRow(p.id, p.paid_on, p.amount_cents, p.means, p.reference or "")
            for p in payments
        ]


def schedule(
    company_id: int, days: Mapping[int, date | None], today: date, url: str | None = None
) -> None:
    """Set (or clear, with None) the payment day of unpaid bills, all together."""
    with transaction(url) as session:
        for bill_id, day in days.items():
            bill = _owned(session, company_id, bill_id)
            if bill.status == BillStatus.PAYEE:
                raise ValidationError(f"La facture {bill.number} est déjà payée.")
            if bill.status == BillStatus.VIREMENT_EMIS:
                raise ValidationError(
                    f"Le virement de la facture {bill.number} est déjà émis : "
                    "elle sera payée à la date du fichier de virements."
                )
            if day is not None:
                check_date(day, f"la date de paiement de la facture {bill.number}", "scheduled_on")
            if day is not None and day < today:
                raise ValidationError(
                    f"Facture {bill.number} : on ne programme pas un paiement dans le passé.",
                    "scheduled_on",
                )
            bill.scheduled_on = day
            bill.status = BillStatus.PROGRAMMEE if day else BillStatus.A_PAYER
            session.add(bill)


def bill_rows(company_id: int, today: date, url: str | None = None) -> list[BillRow]:
    with read_only(url) as session:
        return rows_in(session, company_id, today)


def rows_in(session: Session, company_id: int, today: date) -> list[BillRow]:
    """Every bill of the company, latest due first, with what is left to pay and its status."""
    paid = paid_bills(session, company_id)
    habits = supplier_delays(session, company_id, today)
    rows = session.exec(
        select(t.Bill, t.Counterparty.name, t.Counterparty.iban)
        .join(t.Counterparty, t.Counterparty.id == t.Bill.supplier_id)
        .where(t.Bill.company_id == company_id)
        .order_by(t.Bill.due_on.desc(), t.Bill.id.desc())
    ).all()
    out = []
    for bill, supplier, iban in rows:
        remaining = bill.ttc_cents - paid.get(bill.id, 0)
        status = _status(bill, remaining)
        out.append(
            BillRow(
                bill.id,
                bill.number,
                bill.supplier_id,
                supplier,
                valid_iban(iban),
                bill.issued_on,
                bill.due_on,
                bill.scheduled_on,
                bill.ttc_cents,
                max(remaining, 0),
                status,
                remaining > 0 and bill.due_on < today,
                planned_payment(
                    bill.scheduled_on, bill.due_on, today, habits.get(bill.supplier_id, ())
                )
                if remaining > 0
                else None,
            )
        )
    return out


def _status(bill: t.Bill, remaining_cents: int) -> BillStatus:
    """Paid follows the money (a payment or a reconciled bank line), whatever was stored."""
    if remaining_cents <= 0:
        return BillStatus.PAYEE
    if bill.status == BillStatus.VIREMENT_EMIS:
        return BillStatus.VIREMENT_EMIS
    return BillStatus.PROGRAMMEE if bill.scheduled_on else BillStatus.A_PAYER


def alert_threshold(company_id: int, url: str | None = None) -> int:
    with read_only(url) as session:
        return session.get(t.Company, company_id).alert_threshold_cents


def proposals(company_id: int, today: date, url: str | None = None) -> list[Proposal]:
    """« Proposer des dates »: each unpaid bill on the last bank day by its due date that keeps
    the realistic forecast above the alert threshold, or the conflict and its size. A bill whose
    transfer is issued keeps the file's date (it stays in the forecast, on that day)."""
    with read_only(url) as session:
        open_bills = [
            OpenBill(r.id, f"{r.supplier} — {r.number}", r.remaining_cents, r.due_on, r.planned_on)
            for r in rows_in(session, company_id, today)
            if r.remaining_cents > 0 and r.status != BillStatus.VIREMENT_EMIS
        ]
        inputs = load_inputs(session, company_id, today, PLANNING_DAYS)
    result = forecast(inputs, PRESETS["realiste"], paths=1)
    balances = [(day, int(cents)) for day, cents in zip(result.days, result.realistic, strict=True)]
    return propose_dates(balances, open_bills, inputs.threshold_cents, today)


def valid_iban(text: str | None) -> bool:
    """An IBAN a SEPA transfer can be sent to (checksum and bank code, through schwifty)."""
    try:
        IBAN(text or "")
    except SchwiftyException:
        return False
    return True


def _owned(session: Session, company_id: int, bill_id: int) -> t.Bill:
    bill = session.get(t.Bill, bill_id)
    if bill is None or bill.company_id != company_id:
        raise ValidationError("Cette facture fournisseur n'existe pas.")
    return bill
