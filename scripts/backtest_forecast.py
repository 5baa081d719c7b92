"""Backtest of the forecast on the demo company (not part of the test run): for each of the
last 12 month-starts, forecast as if that day were today (nothing after it is seen), and
compare with what happened. Prints the mean absolute error of the balance at 30, 60 and 90
days as a % of the average monthly outflows, and the share of actual days inside P10–P90.

    .venv/bin/python scripts/backtest_forecast.py
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from treso_app.db.migrate import upgrade
from treso_app.db.session import read_only
from treso_app.domain.calendar import add_months, today_paris
from treso_app.domain.forecast import PRESETS
from treso_app.services.demo import load_demo
from treso_app.services.forecast import bank_balance, company_forecast

HORIZONS = (30, 60, 90)


def main() -> None:
    today = today_paris()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/backtest.db"
        upgrade(url)
        company = load_demo(today=today, url=url)
        first_of_month = date(today.year, today.month, 1)
        starts = [add_months(first_of_month, -k) for k in range(12 + 3, 3, -1)]
        errors = {h: [] for h in HORIZONS}
        inside, days = 0, 0
        with read_only(url) as session:
            outflows = _monthly_outflows(session, company, today)
        for start in starts:
            result = company_forecast(start, 90, PRESETS["realiste"], company, url).result
            with read_only(url) as session:
                actual = np.array(
                    [bank_balance(session, company, start + timedelta(days=k)) for k in range(91)]
                )
            for horizon in HORIZONS:
                errors[horizon].append(abs(int(result.realistic[horizon]) - int(actual[horizon])))
            inside += int(((result.p10 <= actual) & (actual <= result.p90))[1:].sum())
            days += 90
        print(f"Demo company, {len(starts)} month-starts from {starts[0]} to {starts[-1]}")
        print(f"Average monthly outflows: {outflows / 100:,.0f} €".replace(",", " "))
        for horizon in HORIZONS:
            mae = sum(errors[horizon]) / len(errors[horizon])
            print(
                f"  {horizon} days: mean absolute error {mae / 100:,.0f} € = "
                f"{100 * mae / outflows:.1f} % of monthly outflows".replace(",", " ")
            )
        print(f"Actual days inside the P10–P90 band: {100 * inside / days:.1f} % (target 70–90 %)")


def _monthly_outflows(session, company: int, today: date) -> int:
    from sqlmodel import func, select

    from treso_app.db import tables as t

    start = add_months(today, -12)
    total = session.exec(
        select(func.coalesce(func.sum(t.BankTransaction.amount_cents), 0))
        .join(t.Category, t.Category.id == t.BankTransaction.category_id, isouter=True)
        .where(
            t.BankTransaction.company_id == company,
            t.BankTransaction.amount_cents < 0,
            t.BankTransaction.booked_on > start,
            func.coalesce(t.Category.kind, "") != "neutre",
        )
    ).one()
    return -int(total) // 12


if __name__ == "__main__":
    main()
