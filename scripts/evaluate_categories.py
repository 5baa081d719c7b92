"""How often imported bank lines land in the category the demo generator meant.

`categorisation_accuracy(url, truth)` is the measure (truth: transaction id → expected
category name; a line counts as right when its category, or else its learned suggestion,
has that name). Run alone, it builds the demo's lines, imports them as a new user would
(a French CSV per account, through `import_file`, so the bookkeeping step runs), and prints
the share and the most frequent misses.

    .venv/bin/python scripts/evaluate_categories.py [--today 2026-11-25]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import select

from treso_app.db import tables as t
from treso_app.db.migrate import upgrade
from treso_app.db.session import read_only
from treso_app.demo.generator import build
from treso_app.domain.categories import Default
from treso_app.services.accounts import resolve_account
from treso_app.services.companies import create_company
from treso_app.services.imports import import_file

IBANS = {"main": "FR7630004000031234567890143", "second": "FR1420041010050500013M02606"}
# The plumber's categories before the demo adopts the default tree (a stand-in until then):
# old name → default name, or a function of the label for the old catch-all ones.
OLD_NAMES = {
    "Ventes clients": Default.SALES,
    "Achats matériel": Default.PURCHASES,
    "Impôts": Default.TAXES,
    "Loyer": Default.RENT,
    "Véhicules": Default.VEHICLES,
    "Carburant": Default.VEHICLES,
    "Emprunt": Default.LOANS,
    "Dividendes": Default.OWNER_PAY,
}
GENERAL_COSTS = {"ORANGE": Default.TELECOM_IT, "EDF": Default.ENERGY, "FIDUCIAIRE": Default.FEES}


def intended(category: str, label: str) -> str:
    """The default tree's name for a generated line's category."""
    if category in {d.value for d in Default}:
        return category
    if category == "Frais généraux":
        return next((c for word, c in GENERAL_COSTS.items() if word in label), Default.OTHER)
    if category == "Repas et déplacements":
        return Default.VEHICLES if "PEAGE" in label else Default.OTHER
    return OLD_NAMES[category]


def categorisation_accuracy(url: str, truth: dict[int, str]) -> float:
    """Share of the lines of `truth` whose category (or, failing one, suggestion) is the
    expected one. 0.0 for an empty truth."""
    misses = _misses(url, truth)
    return 1 - len(misses) / len(truth) if truth else 0.0


def _misses(url: str, truth: dict[int, str]) -> list[tuple[str, str, str]]:
    """(label, expected, found) of the lines that missed."""
    with read_only(url) as session:
        names = dict(session.exec(select(t.Category.id, t.Category.name)).all())
        rows = session.exec(
            select(
                t.BankTransaction.id,
                t.BankTransaction.label,
                t.BankTransaction.category_id,
                t.BankTransaction.suggested_category_id,
            ).where(t.BankTransaction.id.in_(list(truth)))
        ).all()
    misses = []
    for line_id, label, category, suggestion in rows:
        found = names.get(category) or names.get(suggestion) or "—"
        if found != truth[line_id]:
            misses.append((label, truth[line_id], found))
    return misses + [("(absente)", truth[i], "—") for i in truth.keys() - {r[0] for r in rows}]


def _csv(lines) -> bytes:
    def amount(cents: int) -> str:
        sign = "-" if cents < 0 else ""
        return f"{sign}{abs(cents) // 100},{abs(cents) % 100:02d}"

    body = "".join(
        f"{ln.booked_on:%d/%m/%Y};{ln.label};{amount(ln.amount_cents)}\n" for ln in lines
    )
    return ("Date;Libellé;Montant\n" + body).encode()


def imported_demo(url: str, today: date) -> dict[int, str]:
    """The demo's lines imported into a new company from a CSV per account; the truth."""
    book = build(today)
    company = create_company("Évaluation des catégories", url=url)
    expected: dict[tuple, list[str]] = {}
    for line in book.lines:
        key = (line.account, line.booked_on, line.amount_cents, line.label)
        expected.setdefault(key, []).append(intended(line.category, line.label))
    accounts = {}
    for name, iban in IBANS.items():
        accounts[name] = resolve_account(company, iban, url)
        lines = [line for line in book.lines if line.account == name]
        result = import_file(
            company, f"{name}.csv", _csv(lines), account_id=accounts[name], url=url
        )
        assert result.imported, result.message
    by_id = {v: k for k, v in accounts.items()}
    truth = {}
    with read_only(url) as session:
        rows = session.exec(
            select(
                t.BankTransaction.id,
                t.BankTransaction.account_id,
                t.BankTransaction.booked_on,
                t.BankTransaction.amount_cents,
                t.BankTransaction.label,
            ).where(t.BankTransaction.company_id == company)
        ).all()
    for line_id, account_id, booked_on, cents, label in rows:
        truth[line_id] = expected[(by_id[account_id], booked_on, cents, label)].pop()
    return truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 25))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'evaluation.db'}"
        upgrade(url)
        truth = imported_demo(url, args.today)
        share = categorisation_accuracy(url, truth)
        misses = _misses(url, truth)
    print(f"{len(truth)} lignes importées, {share:.1%} dans la catégorie voulue")
    for (label, want, found), n in Counter(
        (" ".join(w for w in label.split() if not any(c.isdigit() for c in w)), want, found)
        for label, want, found in misses
    ).most_common(15):
        print(f"  {n:4} × {label[:50]:50} voulu {want} — trouvé {found}")


if __name__ == "__main__":
    main()
