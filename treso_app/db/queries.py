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
    if as_of is not None:
        paid: dict[int, int] = {}
        for key, arrivals in cash_arrivals(session, company_id, as_of, column).items():
            paid[key] = sum(cents for _, cents in arrivals)
        return paid
    rows = session.exec(
        select(column, func.sum(t.Payment.amount_cents))
        .where(t.Payment.company_id == company_id, column.is_not(None))
        .group_by(column)
    ).all()
    return {key: int(total) for key, total in rows}


def cash_arrivals(
    session: Session, company_id: int, as_of: date, column
) -> dict[int, list[tuple[date, int]]]:
    """When each document's money came (day, cents) up to `as_of`, per document
    (`column`: Payment.invoice_id or Payment.bill_id). A payment noted at one date (a
    spreadsheet's « payée le ») but carried by bank lines at others — a deposit, then the
    balance — came as its lines did; what no line carries, on its noted date. Lines short
    of it by a bank fee at most carry all of it."""
    lines: dict[int, list[tuple[date, int]]] = {}
    for payment_id, booked_on, cents in session.exec(
        select(t.Allocation.payment_id, t.BankTransaction.booked_on, t.Allocation.amount_cents)
        .join(t.BankTransaction, t.BankTransaction.id == t.Allocation.transaction_id)
        .where(t.Allocation.company_id == company_id, t.Allocation.payment_id.is_not(None))
        .order_by(t.BankTransaction.booked_on)
    ).all():
        lines.setdefault(payment_id, []).append((booked_on, int(cents)))
    arrivals: dict[int, list[tuple[date, int]]] = {}
    for payment_id, key, paid_on, amount in session.exec(
        select(t.Payment.id, column, t.Payment.paid_on, t.Payment.amount_cents).where(
            t.Payment.company_id == company_id, column.is_not(None)
        )
    ).all():
        carried = lines.get(payment_id, [])
        left = amount - sum(cents for _, cents in carried)
        if carried and left <= fee_tolerance(amount):
            carried = [*carried[:-1], (carried[-1][0], carried[-1][1] + left)]
        elif left > 0:
            carried = [*carried, (paid_on, left)]
        came = [(on, cents) for on, cents in carried if on <= as_of and cents > 0]
        if came:
            arrivals.setdefault(key, []).extend(came)
    return arrivals


def client_payment_habits(
    session: Session, company_id: int, as_of: date
) -> dict[int, list[tuple[int, int, float]]]:
    """Per client, each payment of the invoices it completed by `as_of`: days after the
    due date, days after the issue date, and the share of the invoice it brought — a
    deposit then a balance are two payments, each at its own date."""
    arrivals = cash_arrivals(session, company_id, as_of, t.Payment.invoice_id)
    rows = session.exec(
        select(t.Invoice.id, t.Invoice.client_id, t.Invoice.due_on, t.Invoice.issued_on,
               t.Invoice.paid_on)
        .where(
            t.Invoice.company_id == company_id,
            t.Invoice.kind != "avoir",
            t.Invoice.paid_on.is_not(None),
            t.Invoice.paid_on <= as_of,
        )
        .order_by(t.Invoice.paid_on, t.Invoice.id)
    ).all()  # fmt: skip
    habits: dict[int, list[tuple[int, int, float]]] = {}
    for invoice_id, client_id, due_on, issued_on, paid_on in rows:
        came = arrivals.get(invoice_id) or [(paid_on, 1)]
        total = sum(cents for _, cents in came)
        habits.setdefault(client_id, []).extend(
            ((on - due_on).days, (on - issued_on).days, cents / total) for on, cents in came
        )
    return habits


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
