"""What the Banque page reads: accounts, recent imports, transactions. Read-only."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_
from sqlalchemy.orm import aliased
from sqlmodel import select

from treso_app.db import tables as t
from treso_app.db.session import read_only
from treso_app.domain.dedup import normalise_label
from treso_app.services.accounts import AccountStatus, account_statuses
from treso_app.services.companies import current_company as current_company  # pages' import
from treso_app.services.companies import default_company_id

PAGE_SIZE = 50


@dataclass(frozen=True)
class AccountChoice:
    id: int
    name: str
    iban: str | None


@dataclass(frozen=True)
class RunRow:
    started_at: datetime
    file_name: str
    source: str
    format: str | None
    status: str
    read: int
    new: int
    duplicates: int
    error: str | None


@dataclass(frozen=True)
class TransactionRow:
    booked_on: date
    label: str
    account_name: str
    amount_cents: int
    id: int = 0
    counterparty: str | None = None
    category: str | None = None  # its category's name
    suggestion: str | None = None  # the learned suggestion's name, until confirmed
    suggestion_id: int | None = None


def account_list(company_id: int, today: date, url: str | None = None) -> list[AccountStatus]:
    """The accounts with their balances and the day each is known at."""
    with read_only(url) as session:
        return account_statuses(session, company_id, today)


def accounts(company_id: int, url: str | None = None) -> list[AccountChoice]:
    with read_only(url) as session:
        rows = session.exec(
            select(t.BankAccount)
            .where(t.BankAccount.company_id == company_id, t.BankAccount.is_active)
            .order_by(t.BankAccount.id)
        ).all()
    return [AccountChoice(a.id, a.name, a.iban) for a in rows]


def recent_runs(company_id: int, limit: int = 15, url: str | None = None) -> list[RunRow]:
    with read_only(url) as session:
        runs = session.exec(
            select(t.ImportRun)
            .where(t.ImportRun.company_id == company_id, t.ImportRun.source != "demo")
            .order_by(t.ImportRun.id.desc())
            .limit(limit)
        ).all()
    return [
        RunRow(
            r.started_at,
            r.file_name,
            r.source,
            r.format,
            r.status,
            r.read_count,
            r.new_count,
            r.duplicate_count,
            r.error,
        )
        for r in runs
    ]


def transactions(
    company_id: int,
    search: str = "",
    account_id: int | None = None,
    limit: int = PAGE_SIZE,
    url: str | None = None,
) -> tuple[list[TransactionRow], int]:
    """The latest transactions matching a search on label/counterparty, and how many match."""
    tx = t.BankTransaction
    conditions = [tx.company_id == company_id]
    if account_id:
        conditions.append(tx.account_id == account_id)
    for word in normalise_label(search).split():
        pattern = f"%{word}%"
        conditions.append(
            or_(
                func.upper(tx.label).like(pattern),
                func.upper(func.coalesce(tx.counterparty, "")).like(pattern),
            )
        )
    with read_only(url) as session:
        count = session.exec(select(func.count()).select_from(tx).where(*conditions)).one()
        chosen, suggested = aliased(t.Category), aliased(t.Category)
        rows = session.exec(
            select(
                tx.booked_on,
                tx.label,
                t.BankAccount.name,
                tx.amount_cents,
                tx.id,
                tx.counterparty,
                chosen.name,
                suggested.name,
                tx.suggested_category_id,
            )
            .join(t.BankAccount, t.BankAccount.id == tx.account_id)
            .outerjoin(chosen, chosen.id == tx.category_id)
            .outerjoin(suggested, suggested.id == tx.suggested_category_id)
            .where(*conditions)
            .order_by(tx.booked_on.desc(), tx.id.desc())
            .limit(limit)
        ).all()
    return [TransactionRow(*row) for row in rows], int(count)


def data_version(company_id: int | None, url: str | None = None) -> str:
    """Changes whenever bank data, invoices, quotes, bills, payments, payment dates or the
    alert settings change: open pages compare it to refresh themselves."""
    with read_only(url) as session:
        company_id = company_id or default_company_id(session)
        last_run = session.exec(
            select(func.max(t.ImportRun.id)).where(t.ImportRun.company_id == company_id)
        ).one()
        # How many lines, and which category each has: a recategorisation redraws the pages.
        lines = session.exec(
            select(
                func.count(),
                func.coalesce(func.sum(t.BankTransaction.id * t.BankTransaction.category_id), 0),
            ).where(t.BankTransaction.company_id == company_id)
        ).one()
        categories = session.exec(
            select(t.Category.id, t.Category.name, t.Category.kind)
            .where(t.Category.company_id == company_id)
            .order_by(t.Category.id)
        ).all()
        accounts_state = session.exec(
            select(func.coalesce(func.sum(t.BankAccount.opening_balance_cents), 0)).where(
                t.BankAccount.company_id == company_id
            )
        ).one()
        documents = [
            session.exec(select(func.max(table.id)).where(table.company_id == company_id)).one()
            for table in (t.Invoice, t.Bill, t.Payment, t.Quote, t.DocumentEvent)
        ]
        # Matches made or undone, suggestions written: the review queue and statuses follow.
        matching = [
            session.exec(
                select(func.count(t.Allocation.id)).where(t.Allocation.company_id == company_id)
            ).one(),
            session.exec(
                select(func.max(t.MatchSuggestion.id)).where(
                    t.MatchSuggestion.company_id == company_id
                )
            ).one(),
        ]
        accepted = session.exec(  # the forecast counts accepted quotes
            select(func.count(t.Quote.accepted_on)).where(t.Quote.company_id == company_id)
        ).one()
        scheduled = session.exec(
            select(func.count(t.Bill.scheduled_on), func.max(t.Bill.scheduled_on)).where(
                t.Bill.company_id == company_id
            )
        ).one()
        # Settings the pages judge by: a new threshold redraws the dashboard and the planner.
        settings = session.exec(
            select(t.Company.alert_threshold_cents, t.Company.reminder_min_age_days).where(
                t.Company.id == company_id
            )
        ).first()
        # Recurring items the planner uses: a confirmed or edited one redraws it.
        recurring = session.exec(
            select(
                t.RecurringItem.id,
                t.RecurringItem.status,
                t.RecurringItem.amount_cents,
                t.RecurringItem.frequency,
                t.RecurringItem.day_rule,
                t.RecurringItem.day,
            )
            .where(t.RecurringItem.company_id == company_id)
            .order_by(t.RecurringItem.id)
        ).all()
    return (
        f"{last_run or 0}:{tuple(lines)}:{accounts_state}:{documents}:{accepted}:{tuple(scheduled)}"
        f":{tuple(matching)}"
        f":{tuple(settings or ())}:{zlib.crc32(repr([tuple(r) for r in recurring]).encode())}"
        f":{zlib.crc32(repr([tuple(c) for c in categories]).encode())}"
    )
