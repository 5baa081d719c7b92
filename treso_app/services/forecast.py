"""The forecast of a company from its database, as of any day (backtesting: nothing dated
after `as_of` is seen — no bank line, payment, invoice or bill)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from treso_app.db import tables as t
from treso_app.db.queries import (
    as_recurrence,
    client_payment_habits,
    paid_bills,
    recurring_items,
    settled_invoices,
    supplier_delays,
)
from treso_app.db.session import read_only
from treso_app.domain.baseline import Baseline, PastFlow, baseline_flows
from treso_app.domain.categories import CategoryKind
from treso_app.domain.errors import PaymentTermsError
from treso_app.domain.forecast import (
    Flow,
    Forecast,
    ForecastInput,
    Receivable,
    Scenario,
    forecast,
)
from treso_app.domain.future_documents import PastDocument, expected_settlements
from treso_app.domain.labels import counterparty_key
from treso_app.domain.payment_plan import planned_payment
from treso_app.domain.projection import DOUBTFUL_AFTER_DAYS
from treso_app.domain.recurrence import RecurringStatus, occurrences
from treso_app.domain.recurring_detection import PastLine, detect
from treso_app.domain.terms import EndOfMonthReading, parse_terms, payable_by
from treso_app.i18n import t as t_
from treso_app.services.accounts import AccountStatus, stale_balances
from treso_app.services.companies import default_company_id

UNCLASSIFIED = "Non classé"


@dataclass(frozen=True)
class CompanyForecast:
    company_id: int
    inputs: ForecastInput
    result: Forecast
    # Accounts whose balance, in the starting point, is known at an old day (and which day).
    stale_accounts: tuple[AccountStatus, ...] = ()


def planning_inputs(
    as_of: date, horizon_days: int, company_id: int | None = None, url: str | None = None
) -> tuple[int, ForecastInput] | None:
    """What the forecast starts from, read in one go: the planner keeps it while the owner
    moves the sliders, so each move only recomputes. None when there is no company yet."""
    with read_only(url) as session:
        company_id = company_id or default_company_id(session)
        if company_id is None:
            return None
        return company_id, load_inputs(session, company_id, as_of, horizon_days)


def company_forecast(
    as_of: date,
    horizon_days: int,
    scenario: Scenario,
    company_id: int | None = None,
    url: str | None = None,
) -> CompanyForecast | None:
    found = planning_inputs(as_of, horizon_days, company_id, url)
    if found is None:
        return None
    company_id, inputs = found
    stale = tuple(stale_balances(company_id, as_of, url))
    return CompanyForecast(company_id, inputs, forecast(inputs, scenario), stale)


def load_inputs(session: Session, company_id: int, as_of: date, horizon_days: int) -> ForecastInput:
    company = session.get(t.Company, company_id)
    end = as_of + timedelta(days=horizon_days)
    client_category, supplier_category = _settlement_categories(session, company_id, as_of)
    receivables = _receivables(session, company_id, as_of, client_category)
    quoted = _accepted_quotes(session, company, as_of, client_category, receivables)
    receivables += [receivable for _, receivable in quoted]
    bills = [
        Flow(on, -cents, label, supplier_category, "fournisseur")
        for on, cents, label in _bills(session, company_id, as_of)
    ]
    lines, since = _lines(session, company_id, as_of)
    settled = _allocated(session, company_id, as_of)
    recurring, explained, apart = _recurring(session, company_id, lines, settled, as_of, end)
    explained |= settled
    history = [
        PastFlow(
            line.booked_on, line.amount_cents, line.category or UNCLASSIFIED, line.id in explained
        )
        for line in lines
    ]
    paid_apart = apart + _paid_apart(session, company_id, as_of, client_category, supplier_category)
    usual = [
        Flow(
            flow.on,
            flow.amount_cents,
            f"Activité habituelle — {flow.category}",
            flow.category,
            "habituel",
            flow.spread,
        )
        for flow in baseline_flows(Baseline(history, as_of, since, paid_apart, UNCLASSIFIED), end)
    ]
    announced = [(issued, receivable.amount_cents) for issued, receivable in quoted]
    usual += _documents_to_come(
        session, company_id, as_of, end, (client_category, supplier_category), announced
    )
    delays = [d for r in receivables for d in r.delays]
    balance = bank_balance(session, company_id, as_of)
    threshold = company.alert_threshold_cents
    return ForecastInput(
        as_of=as_of,
        horizon_days=horizon_days,
        balance_cents=balance,
        threshold_cents=threshold,
        receivables=tuple(receivables),
        flows=tuple(bills + recurring + usual),
        company_delay_days=sum(delays) / len(delays) if delays else None,
        under_since=under_threshold_since(session, company_id, as_of, balance, threshold),
    )


def bank_balance(session: Session, company_id: int, as_of: date) -> int:
    """Every active account's end-of-day balance on `as_of`, together."""
    opening = session.exec(
        select(func.coalesce(func.sum(t.BankAccount.opening_balance_cents), 0)).where(
            t.BankAccount.company_id == company_id, t.BankAccount.is_active
        )
    ).one()
    moved = session.exec(
        select(func.coalesce(func.sum(t.BankTransaction.amount_cents), 0))
        .join(t.BankAccount, t.BankAccount.id == t.BankTransaction.account_id)
        .where(
            t.BankTransaction.company_id == company_id,
            t.BankAccount.is_active,  # as the dashboard's total: a closed account does not count
            t.BankTransaction.booked_on <= as_of,
        )
    ).one()
    return int(opening) + int(moved)


def under_threshold_since(
    session: Session, company_id: int, as_of: date, balance_cents: int, threshold_cents: int
) -> date | None:
    """The day the bank balance (`balance_cents` at the end of `as_of`) went under the
    threshold and stayed there, read back from the bank lines; None when it is not under,
    or has been under for as long as the history goes (when it went under is not known)."""
    if balance_cents >= threshold_cents:
        return None
    days = session.exec(
        select(t.BankTransaction.booked_on, func.sum(t.BankTransaction.amount_cents))
        .join(t.BankAccount, t.BankAccount.id == t.BankTransaction.account_id)
        .where(
            t.BankTransaction.company_id == company_id,
            t.BankAccount.is_active,  # the accounts `bank_balance` counts
            t.BankTransaction.booked_on <= as_of,
        )
        .group_by(t.BankTransaction.booked_on)
        .order_by(t.BankTransaction.booked_on.desc())
    )
    for day, moved in days:  # `balance_cents`: the end of `day`; before it, without its lines
        balance_cents -= int(moved)
        if balance_cents >= threshold_cents:
            return day
    return None


def _receivables(session: Session, company_id: int, as_of: date, category: str) -> list[Receivable]:
    paid = settled_invoices(session, company_id, as_of)
    invoices = session.exec(
        select(t.Invoice, t.Counterparty.name)
        .join(t.Counterparty, t.Counterparty.id == t.Invoice.client_id)
        .where(
            t.Invoice.company_id == company_id,
            t.Invoice.issued_on <= as_of,
            t.Invoice.kind != "avoir",
        )
    ).all()
    habits = client_payment_habits(session, company_id, as_of)  # up to as_of
    open_ones = []
    for invoice, client in invoices:
        remaining = invoice.ttc_cents - paid.get(invoice.id, 0)
        # In litige (the owner's flag) or doubtful: not cash to count on.
        doubtful = (as_of - invoice.due_on).days > DOUBTFUL_AFTER_DAYS
        if remaining <= 0 or doubtful or invoice.disputed:
            continue
        seen = habits.get(invoice.client_id, [])
        after_due, after_issue, shares = (tuple(h[k] for h in seen) for k in range(3))
        open_ones.append(
            Receivable(
                invoice.number,
                invoice.due_on,
                remaining,
                after_due,
                category,
                client,
                invoice.issued_on,
                after_issue,
                shares,
            )
        )
    return open_ones


def _accepted_quotes(
    session: Session,
    company: t.Company,
    as_of: date,
    category: str,
    receivables: list[Receivable],
) -> list[tuple[date, Receivable]]:
    """Accepted quotes not invoiced yet, as invoices to come (with the day each is expected
    to be invoiced): issued `quote_conversion_days`
    after acceptance (at the earliest tomorrow), due after the client's terms, then paid with
    the client's delays like its invoices. Deposits already invoiced are left out."""
    habits = {r.client: (r.delays, r.issue_delays, r.shares) for r in receivables}
    invoiced = dict(
        session.exec(
            select(t.Invoice.quote_id, func.sum(t.Invoice.ttc_cents))
            .where(
                t.Invoice.company_id == company.id,
                t.Invoice.quote_id.is_not(None),
                t.Invoice.issued_on <= as_of,
            )
            .group_by(t.Invoice.quote_id)
        ).all()
    )
    rows = session.exec(
        select(t.Quote, t.Counterparty)
        .join(t.Counterparty, t.Counterparty.id == t.Quote.client_id)
        .where(
            t.Quote.company_id == company.id,
            t.Quote.accepted_on.is_not(None),
            t.Quote.accepted_on <= as_of,
        )
    ).all()
    found = []
    for quote, client in rows:
        # A quote invoiced since `as_of` was still in the pipeline that day (backtesting).
        left = quote.ttc_cents - int(invoiced.get(quote.id, 0))
        if left <= 0:
            continue
        issued = max(
            quote.accepted_on + timedelta(days=company.quote_conversion_days),
            as_of + timedelta(days=1),
        )
        try:
            terms = parse_terms(client.payment_terms)
        except PaymentTermsError:
            terms = parse_terms(None)
        due = payable_by(issued, terms, EndOfMonthReading(company.end_of_month_reading))
        number = f"{quote.number} (devis accepté)"
        delays, after_issue, shares = habits.get(client.name, ((), (), ()))
        found.append(
            (
                issued,
                Receivable(
                    number, due, left, delays, category, client.name, issued, after_issue, shares
                ),
            )
        )
    return found


def _bills(session: Session, company_id: int, as_of: date) -> list[tuple[date, int, str]]:
    paid = paid_bills(session, company_id, as_of)
    habits = supplier_delays(session, company_id, as_of)
    bills = session.exec(
        select(t.Bill, t.Counterparty.name)
        .join(t.Counterparty, t.Counterparty.id == t.Bill.supplier_id)
        .where(t.Bill.company_id == company_id, t.Bill.issued_on <= as_of)
    ).all()
    return [
        (
            planned_payment(
                bill.scheduled_on, bill.due_on, as_of, habits.get(bill.supplier_id, ())
            ),
            remaining,
            f"{supplier} — {bill.number}",
        )
        for bill, supplier in bills
        if (remaining := bill.ttc_cents - paid.get(bill.id, 0)) > 0
    ]


def _lines(session: Session, company_id: int, as_of: date) -> tuple[list[PastLine], date]:
    """The bank lines up to `as_of`, internal transfers left out, and when the history
    starts (the first account's opening day)."""
    rows = session.exec(
        select(
            t.BankTransaction.id,
            t.BankTransaction.booked_on,
            t.BankTransaction.amount_cents,
            t.BankTransaction.label,
            t.BankTransaction.counterparty,
            t.Category.name,
        )
        .join(t.Category, t.Category.id == t.BankTransaction.category_id, isouter=True)
        .where(
            t.BankTransaction.company_id == company_id,
            t.BankTransaction.booked_on <= as_of,
            func.coalesce(t.Category.kind, "") != CategoryKind.INTERNAL,
        )
    ).all()
    since = session.exec(
        select(func.min(t.BankAccount.opening_on)).where(t.BankAccount.company_id == company_id)
    ).one()
    return [PastLine(*row) for row in rows], since or as_of


def _allocated(session: Session, company_id: int, as_of: date) -> set[int]:
    """Bank lines that settled an invoice or a bill: known flows, not the usual activity."""
    rows = session.exec(
        select(t.Allocation.transaction_id)
        .join(t.BankTransaction, t.BankTransaction.id == t.Allocation.transaction_id)
        .where(t.Allocation.company_id == company_id, t.BankTransaction.booked_on <= as_of)
    ).all()
    return set(rows)


def _paid_apart(
    session: Session, company_id: int, as_of: date, client_category: str, supplier_category: str
) -> list[PastFlow]:
    """Payments of invoices and bills up to `as_of` whose bank line is not reconciled (a
    spreadsheet's « payée le » the matching did not confirm): their money is somewhere in the
    lines left, as if it were the usual activity. A payment is found when an allocation
    carries it, or (older allocations, without a payment) settles its document."""
    allocations = session.exec(
        select(t.Allocation.payment_id, t.Allocation.invoice_id, t.Allocation.bill_id).where(
            t.Allocation.company_id == company_id
        )
    ).all()
    carried = {payment for payment, _, _ in allocations if payment}
    invoices = {invoice for payment, invoice, _ in allocations if invoice and not payment}
    bills = {bill for payment, _, bill in allocations if bill and not payment}
    payments = session.exec(
        select(t.Payment).where(t.Payment.company_id == company_id, t.Payment.paid_on <= as_of)
    ).all()
    return [
        PastFlow(p.paid_on, p.amount_cents, client_category)
        if p.invoice_id
        else PastFlow(p.paid_on, -p.amount_cents, supplier_category)
        for p in payments
        if p.id not in carried
        and (p.invoice_id or p.bill_id)
        and p.invoice_id not in invoices
        and p.bill_id not in bills
    ]


def _recurring(
    session: Session,
    company_id: int,
    lines: list[PastLine],
    settled: set[int],
    as_of: date,
    end: date,
) -> tuple[list[Flow], set[int], list[PastFlow]]:
    """The recurring flows to forecast — the confirmed items, and the series the history up
    to `as_of` shows that the owner neither confirmed nor dismissed (marked « détecté »),
    until the day a confirmed item takes over — and the bank lines they explain, which the
    usual activity leaves out (a series that stopped is not forecast; its lines are explained
    all the same). Last, what items declared for a whole category stood for in the past,
    when no line is theirs alone (« Salaires nets (4 personnes) »): taken off that
    category's usual activity."""
    start = as_of + timedelta(days=1)
    items = session.exec(
        select(t.RecurringItem, t.Category.name)
        .join(t.Category, t.Category.id == t.RecurringItem.category_id, isouter=True)
        .where(t.RecurringItem.company_id == company_id)
    ).all()
    confirmed = [(i, c) for i, c in items if i.status == RecurringStatus.CONFIRMED]
    dismissed = {item.match_key for item, _ in items if item.status == RecurringStatus.IGNORED}
    # An item that starts after `as_of` did not exist then (backtesting): its lines still
    # are the usual activity's, or a detected series'. An item's lines are those of its
    # counterparty (its match key's, else its label's).
    running = [(item, category) for item, category in confirmed if item.start_on <= start]
    names = {(i.match_key or "").split("|", 1)[0] or counterparty_key(i.label) for i, _ in running}
    line_keys = {line.id: counterparty_key(line.label, line.counterparty) for line in lines}
    explained = {line_id for line_id, key in line_keys.items() if key in names}
    flows = [
        Flow(on, item.amount_cents, item.label, item.category or UNCLASSIFIED, "récurrent")
        for item in recurring_items(session, company_id)  # the confirmed ones
        for on in occurrences(item, start, end)
    ]
    # A supplier billing every month is its bills' (open ones, and those to come): the lines
    # that `settled` a document are not a series of their own, else it is counted twice.
    free = [line for line in lines if line.id not in settled]
    detected = [f for f in detect(free, as_of) if f.match_key not in dismissed]
    owned = set(line_keys.values())
    # Declared for a whole category: no key, no line of its own, no detected series it is.
    wholesale = [
        (item, category)
        for item, category in confirmed
        if not item.match_key
        and counterparty_key(item.label) not in owned
        and not any(f.declared_by(item.label, item.frequency, item.amount_cents) for f in detected)
    ]
    mark = t_("recurring_detected")
    for found in detected:
        explained |= found.line_ids
        taken_over = [
            item.start_on
            for item, category in confirmed
            if item.match_key == found.match_key
            or (
                not item.match_key
                and found.declared_by(item.label, item.frequency, item.amount_cents)
            )
            or (
                (item, category) in wholesale
                and category == found.category
                and (item.amount_cents > 0) == (found.amount_cents > 0)
            )
        ]
        replaced = min(taken_over, default=date.max)
        label, category = f"{found.label} {mark}", found.category or UNCLASSIFIED
        flows += [
            Flow(on, found.amount_cents, label, category, "récurrent")
            for on in found.occurrences(start, end)
            if on < replaced
        ]
    first = min((line.booked_on for line in lines), default=as_of)
    apart = [
        PastFlow(on, item.amount_cents, category or UNCLASSIFIED)
        for item, category in wholesale
        if item.start_on <= start
        for on in occurrences(replace(as_recurrence(item, category), start_on=first), first, as_of)
    ]
    return flows, explained, apart


def _documents_to_come(
    session: Session,
    company_id: int,
    as_of: date,
    end: date,
    categories: tuple[str, str],
    announced: list[tuple[date, int]],
) -> list[Flow]:
    """The cash of the invoices the company will issue after `as_of` (less the accepted
    quotes `announced`, forecast on their own) and of the bills it will receive, from its
    history of documents: estimates like the usual activity (scaled by the revenue and
    expense knobs, varying in the band)."""
    client, supplier = categories
    invoices = _past_documents(session, company_id, as_of, t.Invoice, t.Payment.invoice_id)
    bills = _past_documents(session, company_id, as_of, t.Bill, t.Payment.bill_id)
    return [
        *(
            Flow(
                s.on, s.amount_cents, f"Factures à émettre — {client}", client, "habituel", s.spread
            )
            for s in expected_settlements(invoices, as_of, end, announced=announced)
        ),
        *(
            Flow(
                s.on,
                -s.amount_cents,
                f"Factures fournisseurs à venir — {supplier}",
                supplier,
                "habituel",
                s.spread,
            )
            for s in expected_settlements(bills, as_of, end)
        ),
    ]


def _past_documents(
    session: Session, company_id: int, as_of: date, table, paid_column
) -> list[PastDocument]:
    """Invoices (credit notes aside) or bills issued up to `as_of`, with their payments up
    to then; a document marked paid without any payment recorded was paid whole that day."""
    payments: dict[int, list[tuple[date, int]]] = defaultdict(list)
    rows = session.exec(
        select(paid_column, t.Payment.paid_on, t.Payment.amount_cents).where(
            t.Payment.company_id == company_id, paid_column.is_not(None), t.Payment.paid_on <= as_of
        )
    ).all()
    for document_id, on, cents in rows:
        payments[document_id].append((on, cents))
    query = select(table.id, table.issued_on, table.ttc_cents, table.paid_on).where(
        table.company_id == company_id, table.issued_on <= as_of
    )
    if table is t.Invoice:
        query = query.where(t.Invoice.kind != "avoir")
    documents = []
    for document_id, issued_on, ttc, paid_on in session.exec(query).all():
        paid = payments.get(document_id) or (
            [(paid_on, ttc)] if paid_on and paid_on <= as_of else []
        )
        documents.append(PastDocument(issued_on, ttc, tuple(paid)))
    return documents


def _settlement_categories(session: Session, company_id: int, as_of: date) -> tuple[str, str]:
    """The categories client payments and supplier payments are booked under: those of the
    bank lines that settled invoices and bills, else the biggest inflow / outflow one."""
    rows = session.exec(
        select(t.Allocation.invoice_id.is_not(None), t.Category.name)
        .join(t.BankTransaction, t.BankTransaction.id == t.Allocation.transaction_id)
        .join(t.Category, t.Category.id == t.BankTransaction.category_id, isouter=True)
        .where(t.Allocation.company_id == company_id, t.BankTransaction.booked_on <= as_of)
    ).all()
    clients = Counter(name or UNCLASSIFIED for is_invoice, name in rows if is_invoice)
    suppliers = Counter(name or UNCLASSIFIED for is_invoice, name in rows if not is_invoice)
    return (
        clients.most_common(1)[0][0] if clients else _biggest(session, company_id, as_of, 1),
        suppliers.most_common(1)[0][0] if suppliers else _biggest(session, company_id, as_of, -1),
    )


def _biggest(session: Session, company_id: int, as_of: date, sign: int) -> str:
    amount = t.BankTransaction.amount_cents
    row = session.exec(
        select(t.Category.name, func.sum(amount * sign).label("volume"))
        .join(t.Category, t.Category.id == t.BankTransaction.category_id, isouter=True)
        .where(
            t.BankTransaction.company_id == company_id,
            t.BankTransaction.booked_on <= as_of,
            amount * sign > 0,
            func.coalesce(t.Category.kind, "") != "neutre",
        )
        .group_by(t.Category.name)
        .order_by(func.sum(amount * sign).desc())
    ).first()
    return (row[0] or UNCLASSIFIED) if row else UNCLASSIFIED
