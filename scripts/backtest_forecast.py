"""Backtest of the forecast (not part of the test run): for each of the last 12 month-starts
with 90 days of hindsight, forecast as if that day were today (nothing after it is seen) and
compare with what happened, beside two naive forecasts — *flat* (the balance stays as on the
cut-off day) and *seasonal* (the same daily movements as 52 weeks earlier, weekdays aligned).

Prints, per company and method: the mean absolute error of the balance over days 1–30 and
1–90 as a % of the average monthly outflows, the share of actual days inside P10–P90, and
how many days the « à l'abri jusqu'au » date is from the actual first crossing of the alert
threshold within 90 days (« — » when neither crosses); then the issue's targets.

By default: the demo company as loaded (the generator's written structure), then each demo
kind exported (`treso demo --export DIR --kind K`) and imported into an empty company as a
new user would (`services.onboarding.import_exported`). Or any database:

    .venv/bin/python scripts/backtest_forecast.py
    .venv/bin/python scripts/backtest_forecast.py --kinds commerce
    .venv/bin/python scripts/backtest_forecast.py --url sqlite:///data/treso.db --company 1
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import func, select

from treso_app.db import tables as t
from treso_app.db.migrate import upgrade
from treso_app.db.session import read_only
from treso_app.domain.calendar import add_months, today_paris
from treso_app.domain.categories import CategoryKind
from treso_app.domain.forecast import PRESETS
from treso_app.services.forecast import company_forecast

HORIZON = 90
CUTOFFS = 12
KINDS = ("plombier", "commerce", "agence")
SEASON_DAYS = 364  # 52 weeks: a year earlier, on the same weekday
METHODS = ("Tréso", "plat", "saisonnier")


@dataclass
class Score:
    mae30: list[float]
    mae90: list[float]
    inside: list[float]
    safe: list[int | None]  # per cut-off: |forecast crossing − actual crossing|, None: neither


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a database to measure (else a new one with the demos)")
    parser.add_argument("--company", type=int, help="with --url: the company's id")
    parser.add_argument("--kinds", default=",".join(KINDS), help="demo kinds to export/import")
    parser.add_argument("--no-loaded", action="store_true", help="skip the demo as loaded")
    args = parser.parse_args()
    today = today_paris()
    if args.url:
        companies = [(f"company {args.company}", args.company, False)]
        report(args.url, companies, today)
        return
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/backtest.db"
        upgrade(url)
        companies = []
        if not args.no_loaded:
            from treso_app.services.demo import load_demo

            companies.append(("démo chargée (plombier)", load_demo(today=today, url=url), False))
        for kind in filter(None, args.kinds.split(",")):
            company = _imported(kind, Path(folder), url)
            if company is not None:
                companies.append((f"{kind} (fichiers importés)", company, True))
        report(url, companies, today)


def _imported(kind: str, folder: Path, url: str) -> int | None:
    """The demo of `kind` exported to files, then imported as a new user would."""
    try:
        from treso_app.services.onboarding import import_exported
    except ImportError:
        print(f"{kind}: skipped (services.onboarding.import_exported is not available)")
        return None
    export = folder / kind
    treso = Path(sys.executable).parent / "treso"
    command = [str(treso), "demo", "--export", str(export), "--kind", kind]
    done = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy())
    if done.returncode:
        print(f"{kind}: export failed: {done.stderr.strip()[-300:]}")
        return None
    started = time.perf_counter()
    company = import_exported(export, f"Import {kind}", url)
    print(f"{kind}: exported and imported in {time.perf_counter() - started:.0f} s")
    return company


def report(url: str, companies: list[tuple[str, int, bool]], today: date) -> None:
    last = add_months(date(today.year, today.month, 1), -1)
    while last + timedelta(days=HORIZON) >= today:  # 90 days of hindsight
        last = add_months(last, -1)
    starts = [add_months(last, -k) for k in range(CUTOFFS - 1, -1, -1)]
    print(f"{len(starts)} month-starts from {starts[0]} to {starts[-1]}, horizon {HORIZON} days")
    rows, ratios = [], []
    for name, company, imported in companies:
        started = time.perf_counter()
        scores, outflows = measure(url, company, starts, today)
        elapsed = time.perf_counter() - started
        print(
            f"\n{name}: average monthly outflows {outflows / 100:,.0f} € ({elapsed:.0f} s)".replace(
                ",", " "
            )
        )
        print(f"  {'':11} {'j1–30':>7} {'j1–90':>7} {'P10–P90':>8} {'abri (j)':>9}")
        for method in METHODS:
            s = scores[method]
            band = f"{100 * np.mean(s.inside):.0f} %" if s.inside else "—"
            print(
                f"  {method:11} {_pct(s.mae30, outflows):>7} {_pct(s.mae90, outflows):>7} "
                f"{band:>8} {_safe(s.safe):>9}"
            )
        best30 = min(np.mean(scores[m].mae30) for m in METHODS[1:])
        best90 = min(np.mean(scores[m].mae90) for m in METHODS[1:])
        ratio = (
            np.mean(scores["Tréso"].mae30) / best30,
            np.mean(scores["Tréso"].mae90) / best90,
            np.mean(scores["Tréso"].inside),
        )
        print(
            f"  Tréso / best naive: j1–30 {ratio[0]:.2f}, j1–90 {ratio[1]:.2f}; "
            f"band {100 * ratio[2]:.0f} %"
        )
        rows.append((name, imported, ratio))
        ratios.append(ratio)
    _targets(rows)


def _targets(rows) -> None:
    imported = [r for _, is_imported, r in rows if is_imported]
    if not imported:
        return
    r30, r90, band = (np.array([r[k] for r in imported]) for k in range(3))
    print("\nTargets over the file-imported kinds:")
    print(f"  j1–30 mean ratio {r30.mean():.2f} (≤ 0.5) {'OK' if r30.mean() <= 0.5 else 'NON'}")
    print(f"  j1–30 worst ratio {r30.max():.2f} (≤ 0.7) {'OK' if r30.max() <= 0.7 else 'NON'}")
    print(f"  j1–90 mean ratio {r90.mean():.2f} (≤ 0.6) {'OK' if r90.mean() <= 0.6 else 'NON'}")
    ok = 0.7 <= band.mean() <= 0.9
    print(f"  band mean {100 * band.mean():.0f} % (70–90 %) {'OK' if ok else 'NON'}")
    ok = band.min() >= 0.6
    print(f"  band worst {100 * band.min():.0f} % (≥ 60 %) {'OK' if ok else 'NON'}")


def measure(url: str, company: int, starts: list[date], today: date):
    with read_only(url) as session:
        first, balances = _daily_balances(session, company, today)
        outflows = _monthly_outflows(session, company, today)
        threshold = session.get(t.Company, company).alert_threshold_cents

    scores = {m: Score([], [], [], []) for m in METHODS}
    for start in starts:
        actual = np.array([_at(balances, first, start + timedelta(days=k)) for k in range(91)])
        result = company_forecast(start, HORIZON, PRESETS["realiste"], company, url).result
        earlier = start - timedelta(days=SEASON_DAYS)
        seasonal = actual[0] + np.array(
            [
                _at(balances, first, earlier + timedelta(days=k)) - _at(balances, first, earlier)
                for k in range(91)
            ]
        )
        curves = {
            "Tréso": (np.asarray(result.realistic), result.p10, result.p90),
            "plat": (np.full(91, actual[0]), None, None),
            "saisonnier": (seasonal, None, None),
        }
        for method, (curve, p10, p90) in curves.items():
            error = np.abs(curve - actual)
            scores[method].mae30.append(float(error[1:31].mean()))
            scores[method].mae90.append(float(error[1:91].mean()))
            if p10 is not None:
                within = (p10 <= actual) & (actual <= p90)
                scores[method].inside.append(float(within[1:].mean()))
            scores[method].safe.append(_crossing_gap(curve, actual, threshold))
    return scores, outflows


def _crossing_gap(curve: np.ndarray, actual: np.ndarray, threshold: int) -> int | None:
    """Days between the forecast's and the actual first day under the threshold (days 1–90;
    a curve that does not cross counts as crossing on day 91); None when neither crosses."""

    def first_under(values: np.ndarray) -> int:
        under = np.flatnonzero(values[1:] < threshold)
        return int(under[0]) + 1 if under.size else HORIZON + 1

    forecast_day, actual_day = first_under(curve), first_under(actual)
    if forecast_day > HORIZON and actual_day > HORIZON:
        return None
    return abs(forecast_day - actual_day)


def _at(balances: np.ndarray, first: date, day: date) -> int:
    """The end-of-day balance on `day` (the opening balance before the history)."""
    offset = (day - first).days
    if offset < 0:
        return int(balances[0])
    return int(balances[min(offset, len(balances) - 1)])


def _daily_balances(session, company: int, today: date) -> tuple[date, np.ndarray]:
    """End-of-day balance of the active accounts, from the day before the first line."""
    opening = session.exec(
        select(func.coalesce(func.sum(t.BankAccount.opening_balance_cents), 0)).where(
            t.BankAccount.company_id == company, t.BankAccount.is_active
        )
    ).one()
    rows = session.exec(
        select(t.BankTransaction.booked_on, func.sum(t.BankTransaction.amount_cents))
        .join(t.BankAccount, t.BankAccount.id == t.BankTransaction.account_id)
        .where(t.BankTransaction.company_id == company, t.BankAccount.is_active)
        .group_by(t.BankTransaction.booked_on)
    ).all()
    first = min(day for day, _ in rows) - timedelta(days=1)
    moves = np.zeros((today - first).days + 1, dtype=np.int64)
    for day, cents in rows:
        if day <= today:
            moves[(day - first).days] += int(cents)
    return first, int(opening) + np.cumsum(moves)


def _monthly_outflows(session, company: int, today: date) -> int:
    """Average monthly money out over the last year, internal transfers aside."""
    total = session.exec(
        select(func.coalesce(func.sum(t.BankTransaction.amount_cents), 0))
        .join(t.Category, t.Category.id == t.BankTransaction.category_id, isouter=True)
        .where(
            t.BankTransaction.company_id == company,
            t.BankTransaction.amount_cents < 0,
            t.BankTransaction.booked_on > add_months(today, -12),
            func.coalesce(t.Category.kind, "") != CategoryKind.INTERNAL,
        )
    ).one()
    return max(-int(total) // 12, 1)


def _pct(errors: list[float], outflows: int) -> str:
    return f"{100 * np.mean(errors) / outflows:.1f} %"


def _safe(gaps: list[int | None]) -> str:
    known = [g for g in gaps if g is not None]
    return f"{np.mean(known):.0f}" if known else "—"


if __name__ == "__main__":
    main()
