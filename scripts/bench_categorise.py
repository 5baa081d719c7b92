"""Benchmark of categorisation (not part of the test run): prints figures, asserts nothing.

The engine alone (a classifier built for the company, then 100,000 lines), and the whole
bookkeeping step `categorise` on a fresh SQLite database holding 100,000 lines without a
category (read, classify, pairs between the two accounts, suggestions, write). The lines
are the demo's, repeated; a few owner rules (contains, regex, counterparty) are added.

    .venv/bin/python scripts/bench_categorise.py [--lines 100000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import select

from treso_app.db import tables as t
from treso_app.db.migrate import upgrade
from treso_app.db.session import transaction
from treso_app.demo.generator import build
from treso_app.domain.categories import Default
from treso_app.domain.categorise import Classifier, Line, Match, Rule
from treso_app.services.categories import categorise
from treso_app.services.companies import create_company

OWNER_RULES = [
    (Match.CONTAINS, "BOULANGERIE DU MARCHE"),
    (Match.CONTAINS, "AMAZON PAYMENTS"),
    (Match.REGEX, r"^CB APRR"),
    (Match.COUNTERPARTY, "LEROY MERLIN"),
]


def demo_lines(count: int):
    book = build(date(2026, 11, 25))
    return (book.lines * (count // len(book.lines) + 1))[:count]


def bench_engine(lines) -> None:
    rules = [Rule(900 + i, match, pattern) for i, (match, pattern) in enumerate(OWNER_RULES)]
    started = time.perf_counter()
    classifier = Classifier(rules, {name: name.value for name in Default})
    built = time.perf_counter() - started
    items = [Line(line.label, line.amount_cents, line.counterparty) for line in lines]
    started = time.perf_counter()
    found = sum(classifier.classify(item) is not None for item in items)
    elapsed = time.perf_counter() - started
    print(
        f"engine   {len(items):>8_} lines  {elapsed:6.2f} s  ({len(items) / elapsed:>9_.0f} "
        f"lines/s; built in {built * 1000:.1f} ms; {found / len(items):.0%} classified)".replace(
            "_", " "
        )
    )


def bench_step(lines, folder: Path) -> None:
    url = f"sqlite:///{folder / 'bench.db'}"
    upgrade(url)
    company = create_company("Banc d'essai", url=url)
    with transaction(url) as session:
        accounts = {}
        for key in ("main", "second"):
            account = t.BankAccount(company_id=company, name=key, opening_on=date(2024, 1, 1))
            session.add(account)
            session.flush()
            accounts[key] = account.id
        names = {c.name: c.id for c in session.exec(select(t.Category)).all()}
        for i, (match, pattern) in enumerate(OWNER_RULES):
            session.add(
                t.CategoryRule(
                    company_id=company,
                    category_id=names[Default.OTHER],
                    match=match.value,
                    pattern=pattern,
                    priority=i,
                )
            )
        session.connection().exec_driver_sql(
            "INSERT INTO banktransaction (company_id, account_id, booked_on, amount_cents, label,"
            " counterparty, dedup_key) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    company,
                    accounts[line.account],
                    line.booked_on.isoformat(),
                    line.amount_cents,
                    line.label,
                    line.counterparty,
                    f"k{i}",
                )
                for i, line in enumerate(lines)
            ],
        )
    started = time.perf_counter()
    report = categorise(company, url)
    elapsed = time.perf_counter() - started
    print(
        f"step     {len(lines):>8_} lines  {elapsed:6.2f} s  ({len(lines) / elapsed:>9_.0f} "
        f"lines/s; {report.classified:_} classified, {report.suggested:_} suggested)".replace(
            "_", " "
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    args = parser.parse_args()
    lines = demo_lines(args.lines)
    bench_engine(lines)
    with tempfile.TemporaryDirectory() as folder:
        bench_step(lines, Path(folder))


if __name__ == "__main__":
    main()
