"""Forecast snapshots and forecast vs actual: every day the realistic forecast is kept, so
the owner can later see what Tréso expected, what happened, and why it differed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import func, select

from treso_app import i18n  # texts and plurals, shared by every layer
from treso_app.db import tables as t
from treso_app.db.session import read_only, transaction
from treso_app.domain.forecast import PRESETS
from treso_app.services.companies import default_company_id
from treso_app.services.forecast import UNCLASSIFIED, bank_balance, company_forecast

SNAPSHOT_DAYS = 90
JOB_NAME = "forecast-snapshot"


def take_snapshot(company_id: int, today: date, url: str | None = None) -> None:
    """Keeps today's realistic forecast (replacing one already taken today)."""
    found = company_forecast(today, SNAPSHOT_DAYS, PRESETS["realiste"], company_id, url)
    if found is None:
        return
    result = found.result
    series = [
        {
            "d": day.isoformat(),
            "b": int(balance),
            "c": _by_category(result.events.get(day, [])),
        }
        for day, balance in zip(result.days, result.realistic, strict=True)
    ]
    with transaction(url) as session:
        for old in session.exec(
            select(t.ForecastSnapshot).where(
                t.ForecastSnapshot.company_id == company_id, t.ForecastSnapshot.made_on == today
            )
        ):
            session.delete(old)
        session.add(t.ForecastSnapshot(company_id=company_id, made_on=today, series=series))


def snapshot_all(today: date, url: str | None = None) -> str:
    """The daily job: a snapshot per company; returns a one-line summary."""
    with read_only(url) as session:
        companies = session.exec(select(t.Company.id)).all()
    for company_id in companies:
        take_snapshot(company_id, today, url)
    return i18n.tn("snapshots_kept", len(companies))


@dataclass(frozen=True)
class Cause:
    category: str
    expected_cents: int
    actual_cents: int

    @property
    def gap_cents(self) -> int:
        return self.actual_cents - self.expected_cents


@dataclass(frozen=True)
class Comparison:
    made_on: date
    expected_cents: int  # what the snapshot expected for today
    actual_cents: int
    causes: list[Cause]  # the categories that explain most of the gap, biggest first
    days: list[tuple[date, int, int]]  # each day since the snapshot: expected, actual balance

    @property
    def gap_cents(self) -> int:
        return self.actual_cents - self.expected_cents


def forecast_vs_actual(
    today: date, days_ago: int = 30, company_id: int | None = None, url: str | None = None
) -> Comparison | None:
    """What the snapshot taken about `days_ago` days ago expected for today, against the
    real balance, with the categories that explain the difference."""
    with read_only(url) as session:
        company_id = company_id or default_company_id(session)
        if company_id is None:
            return None
        made_on = session.exec(
            select(func.max(t.ForecastSnapshot.made_on)).where(
                t.ForecastSnapshot.company_id == company_id,
                t.ForecastSnapshot.made_on <= today - timedelta(days=days_ago),
            )
        ).one()
        if made_on is None:
            return None
        snapshot = session.exec(
            select(t.ForecastSnapshot).where(
                t.ForecastSnapshot.company_id == company_id, t.ForecastSnapshot.made_on == made_on
            )
        ).first()
        rows = {row["d"]: row for row in snapshot.series}
        if today.isoformat() not in rows:
            return None
        expected: dict[str, int] = defaultdict(int)
        for row in snapshot.series:
            if made_on.isoformat() < row["d"] <= today.isoformat():
                for category, cents in row["c"].items():
                    expected[category] += cents
        actual = _actual_by_category(session, company_id, made_on, today)
        balance = bank_balance(session, company_id, today)
        actual_days = _daily_balances(session, company_id, made_on, today)
    causes = [
        Cause(category, expected.get(category, 0), actual.get(category, 0))
        for category in set(expected) | set(actual)
    ]
    causes = sorted((c for c in causes if c.gap_cents), key=lambda c: -abs(c.gap_cents))
    days = [
        (day, rows[day.isoformat()]["b"], actual_days[day])
        for day in sorted(actual_days)
        if day.isoformat() in rows
    ]
    return Comparison(made_on, rows[today.isoformat()]["b"], balance, causes[:3], days)


def _daily_balances(session, company_id: int, start: date, end: date) -> dict[date, int]:
    """The real end-of-day balance of every day from `start` to `end`."""
    balance = bank_balance(session, company_id, start)
    moved = dict(
        session.exec(
            select(t.BankTransaction.booked_on, func.sum(t.BankTransaction.amount_cents))
            .where(
                t.BankTransaction.company_id == company_id,
                t.BankTransaction.booked_on > start,
                t.BankTransaction.booked_on <= end,
            )
            .group_by(t.BankTransaction.booked_on)
        ).all()
    )
    balances = {}
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        balance += int(moved.get(day, 0))
        balances[day] = balance
    return balances


def _by_category(flows) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for flow in flows:
        totals[flow.category] += flow.amount_cents
    return dict(totals)


def _actual_by_category(session, company_id: int, after: date, until: date) -> dict[str, int]:
    rows = session.exec(
        select(t.Category.name, func.sum(t.BankTransaction.amount_cents))
        .join(t.Category, t.Category.id == t.BankTransaction.category_id, isouter=True)
        .where(
            t.BankTransaction.company_id == company_id,
            t.BankTransaction.booked_on > after,
            t.BankTransaction.booked_on <= until,
            func.coalesce(t.Category.kind, "") != "neutre",
        )
        .group_by(t.Category.name)
    ).all()
    return {name or UNCLASSIFIED: int(total) for name, total in rows}
