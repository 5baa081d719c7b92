"""Reconciliation measured on known pairs: automatic-match precision (target ≥ 99,5 %) and
automatic + top-3 recall (target ≥ 95 %).

    .venv/bin/python scripts/evaluate_reconcile.py [--today 2026-11-25]

The demo is loaded (its generator knows which bank line pays which invoice or bill), its
links are dropped — allocations and the payments they carried — and `reconcile` runs as it
does after an import. `evaluate(url, company_id, truth)` is the core: any database and its
true pairs (line id, "invoice" | "bill", document id), e.g. an exported-then-imported demo.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import select

from treso_app.db import tables as t
from treso_app.db.migrate import upgrade
from treso_app.db.session import read_only, transaction
from treso_app.services.demo import load_demo
from treso_app.services.invoices import refresh_bill_status, refresh_status
from treso_app.services.reconcile import reconcile

Pair = tuple[int, str, int]  # bank line id, "invoice" | "bill", document id


@dataclass(frozen=True)
class Scores:
    truth: int
    automatic: int
    automatic_right: int
    found: int  # true pairs applied automatically or among a line's top three suggestions
    seconds: float

    @property
    def precision(self) -> float:
        return self.automatic_right / self.automatic if self.automatic else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.truth if self.truth else 1.0


def evaluate(url: str, company_id: int, truth: set[Pair]) -> Scores:
    """Run `reconcile` on the company and compare what it applied and proposed with `truth`."""
    started = time.perf_counter()
    reconcile(company_id, url)
    seconds = time.perf_counter() - started
    with read_only(url) as session:
        automatic = {
            (a.transaction_id, "invoice" if a.invoice_id else "bill", a.invoice_id or a.bill_id)
            for a in session.exec(
                select(t.Allocation).where(
                    t.Allocation.company_id == company_id, t.Allocation.method == "auto"
                )
            )
        }
        proposed = {
            (s.transaction_id, kind, d[f"{kind}_id"])
            for s in session.exec(
                select(t.MatchSuggestion).where(
                    t.MatchSuggestion.company_id == company_id,
                    t.MatchSuggestion.status == "proposée",
                )
            )
            for d in s.documents
            for kind in ("invoice", "bill")
            if f"{kind}_id" in d
        }
    return Scores(
        len(truth),
        len(automatic),
        len(automatic & truth),
        len(truth & (automatic | proposed)),
        seconds,
    )


def demo_without_links(url: str, today: date, keep_payments: bool = False) -> tuple[int, set[Pair]]:
    """The demo company with its generator's pairs taken out (kept as the truth); with
    `keep_payments`, the payments stay (one per bank line, as an owner records them by hand)
    and only their links to the bank lines go: each must be confirmed by its line."""
    company_id = load_demo(today=today, url=url)
    with transaction(url) as session:
        allocations = session.exec(
            select(t.Allocation).where(t.Allocation.company_id == company_id)
        ).all()
        truth = {
            (a.transaction_id, "invoice" if a.invoice_id else "bill", a.invoice_id or a.bill_id)
            for a in allocations
        }
        payments = [] if keep_payments else [a.payment_id for a in allocations]
        for allocation in allocations:
            session.delete(allocation)
        session.flush()
        for payment_id in payments:
            session.delete(session.get(t.Payment, payment_id))
        session.flush()
        for invoice in session.exec(select(t.Invoice).where(t.Invoice.company_id == company_id)):
            if invoice.kind != "avoir":
                refresh_status(session, invoice, today)
        for bill in session.exec(select(t.Bill).where(t.Bill.company_id == company_id)):
            refresh_bill_status(session, bill)
    return company_id, truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", default="2026-11-25", help="the demo's day (AAAA-MM-JJ)")
    args = parser.parse_args()
    for keep, what in ((False, "sans paiements"), (True, "paiements déjà notés")):
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'evaluate.db'}"
            upgrade(url)
            company_id, truth = demo_without_links(url, date.fromisoformat(args.today), keep)
            scores = evaluate(url, company_id, truth)
        print(
            f"Démo (plombier), {what}, {scores.truth} paires connues : "
            f"{scores.automatic} rapprochements automatiques, précision {scores.precision:.1%} "
            f"(objectif ≥ 99,5 %) ; automatiques + 3 suggestions : rappel {scores.recall:.1%} "
            f"(objectif ≥ 95 %) ; reconcile en {scores.seconds:.2f} s"
        )


if __name__ == "__main__":
    main()
