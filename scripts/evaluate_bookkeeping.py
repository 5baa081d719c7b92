"""How well the bookkeeping steps explain a company's bank lines, measured against the demo
generator's truth, for each demo kind: (a) the demo as loaded, (b) exported then imported
into an empty database as a new user would (services/onboarding.import_exported).

Reads only the database (Allocation, MatchSuggestion, BankTransaction.category_id,
RecurringItem) so it works whatever the steps are called; a step that wrote nothing is
« n/a ». Imported lines are tied to the generator's by (account, date, amount, label).

    .venv/bin/python scripts/evaluate_bookkeeping.py [--kind K] [--today AAAA-MM-JJ]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import Session, select

from treso_app.db import tables as t
from treso_app.db.migrate import upgrade
from treso_app.db.queries import as_recurrence
from treso_app.db.session import get_engine
from treso_app.demo.export import export
from treso_app.demo.generator import KINDS, build
from treso_app.domain.categories import Default
from treso_app.domain.labels import counterparty_key, fold, name_similarity
from treso_app.domain.recurrence import Recurrence, occurrences

TARGETS = {"precision": 99.5, "recall": 95.0, "categories": 90.0, "recurring": 95.0,
           "false": 5.0}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kind", choices=sorted(KINDS), action="append")
    parser.add_argument("--today", help="AAAA-MM-JJ (par défaut : aujourd'hui)")
    args = parser.parse_args()
    if args.today:
        os.environ["TRESO_TODAY"] = args.today  # the app's clock reads it (spreadsheets)
    from treso_app.domain.calendar import today_paris

    today = today_paris()
    print(f"{'kind':9} {'case':9} {'auto prec.':>10} {'auto+top3':>10} {'categories':>10} "
          f"{'recurring':>10} {'false rec.':>10}")  # fmt: skip
    print(f"{'targets':19} {'≥99.5 %':>10} {'≥95 %':>10} {'≥90 %':>10} {'≥95 %':>10} "
          f"{'≤5 %':>10}")  # fmt: skip
    for kind in args.kind or sorted(KINDS):
        book = build(today, kind=kind)
        with tempfile.TemporaryDirectory() as work:
            for case in ("chargée", "importée"):
                url = f"sqlite:///{Path(work) / f'{case}.db'}"
                upgrade(url)
                company_id = _load(case, book, kind, today, Path(work), url)
                row = measure(book, company_id, url)
                print(f"{kind:9} {case:9} " + " ".join(f"{_pct(v):>10}" for v in row))
        pairs = sum(len(ln.invoice_parts()) + bool(ln.bill) for ln in book.lines)
        print(f"{'':19} ({len(book.lines)} lines, {pairs} line–document pairs, "
              f"{len(true_flows(book))} recurring flows)")  # fmt: skip
    return 0


def _load(case, book, kind, today, work: Path, url: str) -> int:
    if case == "chargée":
        from treso_app.services.demo import load_demo

        return load_demo(today=today, url=url, kind=kind)
    from treso_app.services.onboarding import import_exported

    export(book, work / "export")
    return import_exported(work / "export", f"Importée {kind}", url)


def measure(book, company_id: int, url: str) -> tuple:
    with Session(get_engine(url)) as session:
        lines = _tie_lines(session, company_id, book)
        pairs = _reconciliation(session, company_id, book, lines)
        categories = _categories(session, company_id, lines)
        recurring = _recurring(session, company_id, book)
    return (*pairs, categories, *recurring)


def _tie_lines(session: Session, company_id: int, book) -> dict[int, object]:
    """Bank transaction id → the generator's Line, by (account, date, amount, label) and
    order of appearance for identical ones."""
    keys = {a.iban: a.key for a in book.profile.accounts}
    accounts = {a.id: keys.get(a.iban) for a in session.exec(
        select(t.BankAccount).where(t.BankAccount.company_id == company_id))}  # fmt: skip
    truth = defaultdict(list)
    for line in book.lines:
        truth[(line.account, line.booked_on, line.amount_cents, line.label)].append(line)
    tied = {}
    rows = session.exec(
        select(t.BankTransaction).where(t.BankTransaction.company_id == company_id)
        .order_by(t.BankTransaction.id)
    ).all()  # fmt: skip
    for row in rows:
        found = truth.get((accounts[row.account_id], row.booked_on, row.amount_cents, row.label))
        if found:
            tied[row.id] = found.pop(0)
    return tied


def _reconciliation(session, company_id, book, lines) -> tuple:
    """(precision of automatic matches, recall of automatic + top-3 suggestions) over the
    generator's (bank line, document) pairs."""
    invoices = {i.id: ("invoice", i.number) for i in session.exec(
        select(t.Invoice).where(t.Invoice.company_id == company_id))}  # fmt: skip
    bills = {b.id: ("bill", b.number) for b in session.exec(
        select(t.Bill).where(t.Bill.company_id == company_id))}  # fmt: skip
    truth = set()
    for tx_id, line in lines.items():
        truth |= {(tx_id, ("invoice", n)) for n, _ in line.invoice_parts()}
        if line.bill:
            truth.add((tx_id, ("bill", line.bill)))

    def document(row) -> tuple | None:
        return invoices.get(row.get("invoice_id")) or bills.get(row.get("bill_id"))

    automatic = {
        (a.transaction_id, document({"invoice_id": a.invoice_id, "bill_id": a.bill_id}))
        for a in session.exec(select(t.Allocation).where(
            t.Allocation.company_id == company_id, t.Allocation.method == "auto"))
    }  # fmt: skip
    suggested = set()
    for s in session.exec(select(t.MatchSuggestion).where(
            t.MatchSuggestion.company_id == company_id, t.MatchSuggestion.rank <= 3,
            t.MatchSuggestion.status == "proposée")):  # fmt: skip
        suggested |= {(s.transaction_id, document(d)) for d in s.documents}
    precision = 100 * len(automatic & truth) / len(automatic) if automatic else None
    found = automatic | suggested
    recall = 100 * len(found & truth) / len(truth) if truth and found else None
    return precision, recall


def _categories(session, company_id, lines) -> float | None:
    names = {c.id: c.name for c in session.exec(
        select(t.Category).where(t.Category.company_id == company_id))}  # fmt: skip
    rows = session.exec(
        select(t.BankTransaction.id, t.BankTransaction.category_id).where(
            t.BankTransaction.company_id == company_id)
    ).all()  # fmt: skip
    if not any(category for _, category in rows):
        return None
    right = sum(1 for tx, category in rows if tx in lines and
                names.get(category) == str(lines[tx].category))  # fmt: skip
    return 100 * right / len(rows)


def _recurring(session, company_id, book) -> tuple:
    """(share of the true flows found with the right period, days and amount, share of the
    items found that stand for no true flow)."""
    items = session.exec(
        select(t.RecurringItem).where(
            t.RecurringItem.company_id == company_id, t.RecurringItem.status != "ignoré"
        )
    ).all()
    if not items:
        return None, None
    accounts = {a.id: a.iban for a in session.exec(
        select(t.BankAccount).where(t.BankAccount.company_id == company_id))}  # fmt: skip
    ibans = {a.key: a.iban for a in book.profile.accounts}
    flows = true_flows(book)
    used, right = set(), 0
    for flow in flows:
        who = counterparty_key(flow.label)
        candidates = [i for i in items if i.id not in used and _likeness(i, who) >= 0.85
                      and (i.account_id is None or accounts[i.account_id] == ibans[flow.account])
                      and (i.amount_cents > 0) == (flow.amount_cents > 0)]  # fmt: skip
        if not candidates:
            continue
        best = max(candidates, key=lambda i: (_exact(i, flow, book.today), _likeness(i, who)))
        used.add(best.id)
        right += _exact(best, flow, book.today)
    false = sum(1 for i in items if i.id not in used)
    return 100 * right / len(flows), 100 * false / len(items)


def true_flows(book) -> list:
    """The generator's flows a detection should find: not the transfers between the
    company's own accounts, which move no money in or out (detection leaves them out, and
    an item for one of them is a false one)."""
    return [f for f in book.flows if f.category != Default.INTERNAL_TRANSFERS]


def _likeness(item, who: str) -> float:
    """How surely an item is with the flow's counterparty, both read without the bank's
    words (« PRLV SEPA DGFIP CFE » and « … DGFIP TVA CA3 » are not the same flow)."""
    if not who:
        return 0.0
    if item.match_key and fold(item.match_key.split("|", 1)[0]) == who:
        return 1.0
    return name_similarity(counterparty_key(item.label) or item.label, who)


def _exact(item, flow, today: date) -> bool:
    """The right period, the same dates over the next year (a quarterly or yearly flow in
    its months too), and the right amount: within the flow's tolerance of its latest, or for
    an amount that follows the activity, within the range of its latest six."""
    if item.frequency != flow.frequency:
        return False
    size = abs(item.amount_cents)
    if flow.tolerance_pct is None:
        recent = [abs(cents) for cents in flow.recent_cents]
        if not min(recent) <= size <= max(recent):
            return False
    elif abs(item.amount_cents - flow.amount_cents) > max(
        abs(flow.amount_cents) * flow.tolerance_pct / 100, 1_00
    ):
        return False
    return _dates(as_recurrence(item), today) == _dates(_schedule(flow), today)


def _schedule(flow) -> Recurrence:
    return Recurrence(flow.label, flow.amount_cents, flow.frequency, flow.day,
                      flow.next_period(), day_rule=flow.day_rule)  # fmt: skip


def _dates(recurrence: Recurrence, today: date) -> list[date]:
    return list(occurrences(recurrence, today, today + timedelta(days=365)))


def _pct(value) -> str:
    return "n/a" if value is None else f"{value:.1f} %"


if __name__ == "__main__":
    raise SystemExit(main())
