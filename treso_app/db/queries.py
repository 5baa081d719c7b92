"""Read queries shared by services. They return plain tuples and dataclasses, never ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case
from sqlmodel import Session, func, select

from treso_app.domain.matching import fee_tolerance
from treso_app.domain.recurrence import Recurrence, RecurringStatus

from . import tables as t


@dataclass(frozen=True)
class AccountBalance:
    id: int
    name: str
    bank_name: str | None
    iban: str | None
    balance_cents: int
    balance_on: date | None = None  # the day the bank balance is known at


@dataclass(frozen=True)
class OpenItem:
    """A client invoice with money still to come: `remaining_cents` > 0."""

    number: str
    counterparty: str
    due_on: date
    remaining_cents: int


def company(session: Session, company_id: int) -> t.Company:
    return session.get(t.Company, company_id)


def account_balances(session: Session, company_id: int) -> list[AccountBalance]:
    """Balance = opening balance + every booked transaction."""
    moved = func.coalesce(func.sum(t.BankTransaction.amount_cents), 0)
    rows = session.exec(
        select(t.BankAccount, moved)
        .join(t.BankTransaction, t.BankTransaction.account_id == t.BankAccount.id, isouter=True)
        .where(t.BankAccount.company_id == company_id, t.BankAccount.is_active)
        .group_by(t.BankAccount.id)
        .order_by(t.BankAccount.id)
    ).all()
    return [
        AccountBalance(
            a.id, a.name, a.bank_name, a.iban, a.opening_balance_cents + int(m), a.balance_on
        )
        for a, m in rows
    ]


def flows_on(session: Session, company_id: int, day: date) -> tuple[int, int]:
    """(money in, money out) booked on `day`, internal transfers left out."""
    amount = t.BankTransaction.amount_cents
    row = session.exec(
        select(
            func.coalesce(func.sum(case((amount > 0, amount), else_=0)), 0),
            func.coalesce(func.sum(case((amount < 0, amount), else_=0)), 0),
        )
        .join(t.Category, t.Category.id == t.BankTransaction.category_id, isouter=True)
        .where(
            t.BankTransaction.company_id == company_id,
            t.BankTransaction.booked_on == day,
            func.coalesce(t.Category.kind, "") != "neutre",
        )
    ).one()
    return int(row[0]), int(row[1])


def settled_invoices(
    session: Session, company_id: int, as_of: date | None = None
) -> dict[int, int]:
    """What settled each client invoice up to `as_of` (all time when None): payments, by any
    means, and credit notes issued against it."""
    settled = _paid(session, company_id, as_of, t.Payment.invoice_id)
    credit = t.Invoice
    rows = session.exec(
        select(credit.credits_invoice_id, func.sum(credit.ttc_cents))
        .where(
            credit.company_id == company_id,
            credit.kind == "avoir",
            credit.credits_invoice_id.is_not(None),
            credit.issued_on <= (as_of or date.max),
        )
        .group_by(credit.credits_invoice_id)
    ).all()
    for invoice_id, total in rows:
        settled[invoice_id] = settled.get(invoice_id, 0) + int(total)
    return settled


def paid_bills(session: Session, company_id: int, as_of: date | None = None) -> dict[int, int]:
    return _paid(session, company_id, as_of, t.Payment.bill_id)


def _paid(session: Session, company_id: int, as_of: date | None, column) -> dict[int, int]:
    """What payments settled each document up to `as_of`. A payment noted at one date (a
    spreadsheet's « payée le ») but carried by bank lines at others — a deposit, then the
    balance — was paid as its lines came in: half of it on the first line's day."""
    rows = session.exec(
        select(column, func.sum(t.Payment.amount_cents))
        .where(
            t.Payment.company_id == company_id,
            column.is_not(None),
            t.Payment.paid_on <= (as_of or date.max),
        )
        .group_by(column)
    ).all()
    paid = {key: int(total) for key, total in rows}
    if as_of is None:
        return paid
    carried = session.exec(
        select(
            column,
            t.Payment.amount_cents,
            t.Payment.paid_on,
            func.sum(case((t.BankTransaction.booked_on <= as_of, t.Allocation.amount_cents), else_=0)),
            func.sum(t.Allocation.amount_cents),
        )
        .join(t.Allocation, t.Allocation.payment_id == t.Payment.id)
        .join(t.BankTransaction, t.BankTransaction.id == t.Allocation.transaction_id)
        .where(t.Payment.company_id == company_id, column.is_not(None))
        .group_by(t.Payment.id)
    ).all()
    for key, amount, paid_on, cash_then, cash in carried:
        noted = amount if paid_on <= as_of else 0
        # Lines short of the payment by a bank fee at most carry all of it.
        whole = amount if cash_then == cash and amount - cash <= fee_tolerance(amount) else 0
        then = min(amount, max(int(cash_then) + (amount - int(cash) if noted else 0), whole))
        if then != noted:
            paid[key] = paid.get(key, 0) - noted + then
    return {key: cents for key, cents in paid.items() if cents}


def open_invoices(session: Session, company_id: int) -> list[OpenItem]:
    settled = settled_invoices(session, company_id)
    rows = session.exec(
        select(t.Invoice, t.Counterparty.name)
        .join(t.Counterparty, t.Counterparty.id == t.Invoice.client_id)
        .where(
            t.Invoice.company_id == company_id,
            t.Invoice.status != "payée",
            t.Invoice.kind != "avoir",
        )
    ).all()
    return [
        OpenItem(i.number, name, i.due_on, remaining)
        for i, name in rows
        if (remaining := i.ttc_cents - settled.get(i.id, 0)) > 0
    ]


def client_delays(
    session: Session, company_id: int, as_of: date | None = None, from_issue: bool = False
) -> dict[int, list[int]]:
    """Per client, how many days after its due date (or, `from_issue`, its issue date) each
    paid invoice was completed (negative = early), for the invoices completed by `as_of`: the
    payment dates come from reconciled bank lines, recorded payments or a spreadsheet's
    « payée le » (Invoice.paid_on)."""
    anchor = t.Invoice.issued_on if from_issue else t.Invoice.due_on
    rows = session.exec(
        select(t.Invoice.client_id, anchor, t.Invoice.paid_on)
        .where(
            t.Invoice.company_id == company_id,
            t.Invoice.kind != "avoir",
            t.Invoice.paid_on.is_not(None),
            t.Invoice.paid_on <= (as_of or date.max),
        )
        .order_by(t.Invoice.paid_on, t.Invoice.id)
    ).all()
    return _days_after(rows)


def supplier_delays(session: Session, company_id: int, as_of: date) -> dict[int, list[int]]:
    """Per supplier, how many days after its due date the company paid each bill it had
    paid by `as_of` (negative = early)."""
    rows = session.exec(
        select(t.Bill.supplier_id, t.Bill.due_on, t.Bill.paid_on)
        .where(
            t.Bill.company_id == company_id,
            t.Bill.paid_on.is_not(None),
            t.Bill.paid_on <= as_of,
        )
        .order_by(t.Bill.paid_on, t.Bill.id)
    ).all()
    return _days_after(rows)


def _days_after(rows) -> dict[int, list[int]]:
    delays: dict[int, list[int]] = {}
    for party_id, anchor, paid_on in rows:
        delays.setdefault(party_id, []).append((paid_on - anchor).days)
    return delays


def payable_cents(session: Session, company_id: int) -> int:
    """What the company still owes its suppliers on the bills it recorded."""
    paid = paid_bills(session, company_id)
    rows = session.exec(
        select(t.Bill.id, t.Bill.ttc_cents).where(
            t.Bill.company_id == company_id, t.Bill.status != "payée"
        )
    ).all()
    return sum(max(ttc - paid.get(bill_id, 0), 0) for bill_id, ttc in rows)


def sales_cents(session: Session, company_id: int, since: date, until: date) -> int:
    """Invoiced TTC issued between the two days (included), deposits included, credit
    notes deducted."""
    signed = case((t.Invoice.kind == "avoir", -t.Invoice.ttc_cents), else_=t.Invoice.ttc_cents)
    total = session.exec(
        select(func.coalesce(func.sum(signed), 0)).where(
            t.Invoice.company_id == company_id,
            t.Invoice.issued_on >= since,
            t.Invoice.issued_on <= until,
        )
    ).one()
    return int(total)


def recurring_items(session: Session, company_id: int) -> list[Recurrence]:
    """The confirmed recurring items (declared or confirmed by the owner), with their day
    rule; detected ones wait for the owner and ignored ones are never forecast."""
    rows = session.exec(
        select(t.RecurringItem, t.Category.name)
        .join(t.Category, t.Category.id == t.RecurringItem.category_id, isouter=True)
        .where(
            t.RecurringItem.company_id == company_id,
            t.RecurringItem.status == RecurringStatus.CONFIRMED,
        )
        .order_by(t.RecurringItem.id)
    ).all()
    return [as_recurrence(item, name) for item, name in rows]


def as_recurrence(item: t.RecurringItem, category: str | None = None) -> Recurrence:
    """A stored recurring item as the projection reads it, its day rule included."""
    return Recurrence(
        item.label,
        item.amount_cents,
        item.frequency,
        item.day,
        item.start_on,
        item.end_on,
        category,
        item.day_rule,
    )
