"""Reconciliation measured on known pairs: automatic-match precision (target ≥ 99,5 %) and
automatic + top-3 recall (target ≥ 95 %).

    .venv/bin/python scripts/evaluate_reconcile.py [--today 2026-11-25]

The demo is loaded (its generator knows which bank line pays which invoice or bill), its
links are dropped — allocations and the payments they carried — and `reconcile` runs as it
does after an import. Then each demo kind is exported to files and imported into an empty
database as a new user would (`services.onboarding.import_exported`, which reconciles):
its true pairs are the generator's, found again by the OFX lines' FITID.
`evaluate(url, company_id, truth)` is the core: any database and its true pairs (line id,
"invoice" | "bill", document id).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from schwifty import IBAN
from sqlmodel import select

from treso_app.db import tables as t
from treso_app.db.migrate import upgrade
from treso_app.db.session import read_only, transaction
from treso_app.demo.export import account_lines, export, ofx_end
from treso_app.demo.generator import KINDS, build
from treso_app.services.demo import load_demo
from treso_app.services.invoices import refresh_bill_status, refresh_status
from treso_app.services.onboarding import import_exported
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


def imported_demo(url: str, kind: str, today: date, folder: Path) -> tuple[int, set[Pair]]:
    """The demo of `kind` exported and imported; the truth: each line the generator wrote
    for an invoice or a bill, found by its FITID in the OFX, or by its day, amount and
    label for the lines only the CSV export holds (it has no identifier)."""
    book = build(today, kind=kind)
    export(book, folder / kind)
    company_id = import_exported(folder / kind, f"Import {kind}", url)
    meant: dict[object, list[tuple[str, str]]] = {}
    for account in book.profile.accounts:
        code = IBAN(account.iban).account_code[-6:]
        in_ofx = len(account_lines(book, account, book.start, ofx_end(book, account)))
        for index, line in enumerate(account_lines(book, account, book.start, book.today)):
            parts = [("invoice", number) for number, _ in line.invoice_parts()]
            parts += [("bill", line.bill)] if line.bill else []
            if index < in_ofx:
                meant[f"{code}{line.booked_on:%y%m%d}{index + 1:06d}"] = parts
            else:
                meant[(line.booked_on, line.amount_cents, line.label)] = parts
    with read_only(url) as session:
        numbers = {
            (kind_, number): id_
            for table, kind_ in ((t.Invoice, "invoice"), (t.Bill, "bill"))
            for id_, number in session.exec(
                select(table.id, table.number).where(table.company_id == company_id)
            )
        }
        lines = session.exec(
            select(t.BankTransaction).where(t.BankTransaction.company_id == company_id)
        ).all()
    truth = {
        (line.id, kind_, numbers[(kind_, number)])
        for line in lines
        for kind_, number in meant.get(
            line.external_id or (line.booked_on, line.amount_cents, line.label), ()
        )
        if (kind_, number) in numbers
    }
    return company_id, truth


def _report(what: str, scores: Scores) -> None:
    print(
        f"{what}, {scores.truth} paires connues : "
        f"{scores.automatic} rapprochements automatiques, précision {scores.precision:.1%} "
        f"(objectif ≥ 99,5 %) ; automatiques + 3 suggestions : rappel {scores.recall:.1%} "
        f"(objectif ≥ 95 %) ; reconcile en {scores.seconds:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", default="2026-11-25", help="the demo's day (AAAA-MM-JJ)")
    args = parser.parse_args()
    for keep, what in ((False, "sans paiements"), (True, "paiements déjà notés")):
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'evaluate.db'}"
            upgrade(url)
            company_id, truth = demo_without_links(url, date.fromisoformat(args.today), keep)
            _report(f"Démo (plombier), {what}", evaluate(url, company_id, truth))
    for kind in KINDS:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'evaluate.db'}"
            upgrade(url)
            company_id, truth = imported_demo(
                url, kind, date.fromisoformat(args.today), Path(folder)
            )
            _report(f"Démo {kind} exportée puis importée", evaluate(url, company_id, truth))


if __name__ == "__main__":
    main()
