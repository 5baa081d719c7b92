"""The morning check: everything the dashboard shows, read in one session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import select

from treso_app.db import queries
from treso_app.db import tables as t
from treso_app.db.session import read_only
from treso_app.domain.calendar import previous_bank_day, today_paris
from treso_app.domain.forecast import ESTIMATES, PRESETS, Forecast, Receivable
from treso_app.domain.indicators import SALES_WINDOW_DAYS, Indicators, indicators
from treso_app.domain.projection import (
    DOUBTFUL_AFTER_DAYS,
    CashEvent,
    DayBalance,
    Projection,
    events_between,
)
from treso_app.services.accounts import AccountStatus, account_statuses
from treso_app.services.companies import default_company_id
from treso_app.services.forecast import company_forecast
from treso_app.services.reminders import due_reminders

HORIZON_DAYS = 90  # the chart
LOOKOUT_DAYS = 365  # « à l'abri jusqu'au » and the lowest point look a year ahead
AGENDA_DAYS = 7


@dataclass(frozen=True)
class Dashboard:
    company_name: str
    today: date
    threshold_cents: int
    accounts: list[AccountStatus]  # each with the day its balance is known at
    total_cents: int
    last_day: date  # the previous bank day, whose flows are shown as "yesterday"
    last_day_in_cents: int
    last_day_out_cents: int
    receivable_cents: int
    receivable_count: int
    overdue_cents: int
    overdue_count: int
    doubtful_cents: int
    indicators: Indicators
    projection: Projection
    today_events: list[CashEvent]
    agenda: list[CashEvent]  # the next 7 days, today excluded


def load_dashboard(
    company_id: int | None = None, today: date | None = None, url: str | None = None
) -> Dashboard | None:
    """None when the database holds no company yet."""
    today = today or today_paris()
    with read_only(url) as session:
        company_id = company_id or default_company_id(session)
        if company_id is None:
            return None
        company = queries.company(session, company_id)
        accounts = account_statuses(session, company_id, today)
        last_day = previous_bank_day(today)
        money_in, money_out = queries.flows_on(session, company_id, last_day)
        invoices = queries.open_invoices(session, company_id)
        payable = queries.payable_cents(session, company_id)
        since = today - timedelta(days=SALES_WINDOW_DAYS - 1)
        sales = queries.sales_cents(session, company_id, since, today)

    total = sum(a.balance_cents for a in accounts)
    result = company_forecast(today, LOOKOUT_DAYS, PRESETS["realiste"], company_id, url).result
    # Échéances: what falls due on a day, and each open invoice on the day its client most
    # likely pays it; the usual activity and the invoices' probable shares are estimates.
    events = [
        CashEvent(day, flow.amount_cents, flow.label, flow.kind)
        for by_day in (result.events, result.expected)
        for day, flows in by_day.items()
        for flow in flows
        if flow.kind not in ESTIMATES
    ]
    doubtful = [i for i in invoices if (today - i.due_on).days > DOUBTFUL_AFTER_DAYS]
    overdue = [i for i in invoices if i.due_on < today]
    receivable = sum(i.remaining_cents for i in invoices)
    overdue_cents = sum(i.remaining_cents for i in overdue)
    return Dashboard(
        company_name=company.name,
        today=today,
        threshold_cents=company.alert_threshold_cents,
        accounts=accounts,
        total_cents=total,
        last_day=last_day,
        last_day_in_cents=money_in,
        last_day_out_cents=money_out,
        receivable_cents=receivable,
        receivable_count=len(invoices),
        overdue_cents=overdue_cents,
        overdue_count=len(overdue),
        doubtful_cents=sum(i.remaining_cents for i in doubtful),
        indicators=indicators(receivable, overdue_cents, payable, sales),
        projection=_projection(result),
        today_events=events_between(events, today, today),
        agenda=events_between(
            events, today + timedelta(days=1), today + timedelta(days=AGENDA_DAYS)
        ),
    )


def _projection(result: Forecast) -> Projection:
    """The realistic curve: 90 days for the chart, a year for the safe-until date and the
    lowest point."""
    curve = zip(result.days[: HORIZON_DAYS + 1], result.realistic, strict=False)
    days = tuple(DayBalance(day, int(cents)) for day, cents in curve)
    lowest = DayBalance(result.lowest_on, result.lowest_cents)
    return Projection(days, lowest, result.safe_until, result.under_since)


@dataclass(frozen=True)
class DocumentRef:
    """The invoice or bill behind an échéance of the agenda."""

    kind: str  # facture / fournisseur
    id: int


@dataclass(frozen=True)
class MorningTasks:
    """What the owner has to do this morning, and where each échéance leads."""

    reminders_count: int  # reminders due today (sent from /factures in one tap)
    reminders_cents: int  # what those invoices still owe
    documents: dict[str, DocumentRef]  # agenda label → its invoice or bill


def morning_tasks(company_id: int, today: date, url: str | None = None) -> MorningTasks:
    """Today's reminders, and the documents the agenda's rows open. The agenda comes from the
    forecast, whose events carry labels « client — number »: the same labels are rebuilt here
    from the open documents."""
    drafts = due_reminders(company_id, today, url)
    with read_only(url) as session:
        invoices = session.exec(
            select(t.Invoice.id, t.Invoice.number, t.Counterparty.name)
            .join(t.Counterparty, t.Counterparty.id == t.Invoice.client_id)
            .where(t.Invoice.company_id == company_id, t.Invoice.status != "payée")
        ).all()
        bills = session.exec(
            select(t.Bill.id, t.Bill.number, t.Counterparty.name)
            .join(t.Counterparty, t.Counterparty.id == t.Bill.supplier_id)
            .where(t.Bill.company_id == company_id, t.Bill.status != "payée")
        ).all()
    # The forecast's labels: Receivable.label for invoices, services.forecast._bills for
    # bills (tests/services/test_dashboard.py checks every agenda row finds its document).
    documents = {
        Receivable(number, today, 0, client=client).label: DocumentRef("facture", id_)
        for id_, number, client in invoices
    } | {
        f"{supplier} — {number}": DocumentRef("fournisseur", id_) for id_, number, supplier in bills
    }
    return MorningTasks(len(drafts), sum(d.remaining_cents for d in drafts), documents)
