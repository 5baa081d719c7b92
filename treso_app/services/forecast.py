"""The forecast of a company from its database, as of any day (backtesting: nothing dated
after `as_of` is seen — no bank line, payment, invoice or bill)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from treso_app.db import tables as t
from treso_app.db.queries import (
    paid_bills,
    recurring_items,
    settled_invoices,
)
from treso_app.db.session import read_only
from treso_app.domain.baseline import Baseline, KnownFlow, PastFlow, baseline_flows
from treso_app.domain.errors import PaymentTermsError
from treso_app.domain.forecast import (
    Flow,
    Forecast,
    ForecastInput,
    Receivable,
    Scenario,
    expected_receipt,
    forecast,
)
from treso_app.domain.payment_plan import execution_date
from treso_app.domain.projection import DOUBTFUL_AFTER_DAYS
from treso_app.domain.recurrence import occurrences
from treso_app.domain.terms import EndOfMonthReading, parse_terms, payable_by
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
    receivables += _accepted_quotes(session, company, as_of, client_category, receivables)
    bills = [
        Flow(on, -cents, label, supplier_category, "fournisseur")
        for on, cents, label in _bills(session, company_id, as_of)
    ]
    recurring = [
        Flow(on, item.amount_cents, item.label, item.category or UNCLASSIFIED, "récurrent")
        for item in recurring_items(session, company_id)
        for on in occurrences(item, as_of + timedelta(days=1), end)
    ]
    history, since = _history(session, company_id, as_of)
    baseline = Baseline(history, as_of, since)
    known = [KnownFlow(f.on, f.amount_cents, f.category) for f in (*bills, *recurring)]
    delays = [d for r in receivables for d in r.delays]
    company_delay = sum(delays) / len(delays) if delays else None
    known += [
        KnownFlow(expected_receipt(r, as_of, company_delay), r.amount_cents, client_category)
        for r in receivables
    ]
    usual = [
        Flow(
            flow.on,
            flow.amount_cents,
            f"Activité habituelle — {flow.category}",
            flow.category,
            "habituel",
            flow.spread,
        )
        for flow in baseline_flows(baseline, end, known)
    ]
    balance = bank_balance(session, company_id, as_of)
    threshold = company.alert_threshold_cents
    return ForecastInput(
        as_of=as_of,
        horizon_days=horizon_days,
        balance_cents=balance,
        threshold_cents=threshold,
        receivables=tuple(receivables),
        flows=tuple(bills + recurring + usual),
        company_delay_days=company_delay,
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
    delays: dict[int, list[int]] = defaultdict(list)
    for invoice, _ in invoices:
        if invoice.paid_on and invoice.paid_on <= as_of:
            delays[invoice.client_id].append((invoice.paid_on - invoice.due_on).days)
    open_ones = []
    for invoice, client in invoices:
        remaining = invoice.ttc_cents - paid.get(invoice.id, 0)
        if remaining <= 0 or (as_of - invoice.due_on).days > DOUBTFUL_AFTER_DAYS:
            continue
        open_ones.append(
            Receivable(
                invoice.number,
                invoice.due_on,
                remaining,
                tuple(delays[invoice.client_id]),
                category,
                client,
            )
        )
    return open_ones


def _accepted_quotes(
    session: Session,
    company: t.Company,
    as_of: date,
    category: str,
    receivables: list[Receivable],
) -> list[Receivable]:
    """Accepted quotes not invoiced yet, as invoices to come: issued `quote_conversion_days`
    after acceptance (at the earliest tomorrow), due after the client's terms, then paid with
    the client's delays like its invoices. Deposits already invoiced are left out."""
    delays = {r.client: r.delays for r in receivables}
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
        client_delays = delays.get(client.name, ())
        found.append(Receivable(number, due, left, client_delays, category, client.name))
    return found


def _bills(session: Session, company_id: int, as_of: date) -> list[tuple[date, int, str]]:
    paid = paid_bills(session, company_id, as_of)
    bills = session.exec(
        select(t.Bill, t.Counterparty.name)
        .join(t.Counterparty, t.Counterparty.id == t.Bill.supplier_id)
        .where(t.Bill.company_id == company_id, t.Bill.issued_on <= as_of)
    ).all()
    return [
        (
            # The day its transfer is asked for: the forecast and the SEPA file agree.
            execution_date(bill.scheduled_on, bill.due_on, as_of),
            remaining,
            f"{supplier} — {bill.number}",
        )
        for bill, supplier in bills
        if (remaining := bill.ttc_cents - paid.get(bill.id, 0)) > 0
    ]


def _history(session: Session, company_id: int, as_of: date) -> tuple[list[PastFlow], date]:
    rows = session.exec(
        select(t.BankTransaction.booked_on, t.BankTransaction.amount_cents, t.Category.name)
        .join(t.Category, t.Category.id == t.BankTransaction.category_id, isouter=True)
        .where(
            t.BankTransaction.company_id == company_id,
            t.BankTransaction.booked_on <= as_of,
            func.coalesce(t.Category.kind, "") != "neutre",
        )
    ).all()
    since = session.exec(
        select(func.min(t.BankAccount.opening_on)).where(t.BankAccount.company_id == company_id)
    ).one()
    flows = [PastFlow(day, cents, name or UNCLASSIFIED) for day, cents, name in rows]
    return flows, since or as_of


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
