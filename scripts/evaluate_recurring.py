"""How well recurring flows are found, against what the demo generator meant (not part of the
test run): prints figures.

The truth is the generator's recurring charges (demo/cast.py CHARGES, one salary per
employee on the last working day) with their period, day and amount, and the series it
writes at a regular date with an amount that varies (TVA CA3 on the 20th, dividends each
June 25th): those must be found with the right period and day, their amount is not judged.
A truth item is found when a running detected flow of its counterparty has its period, day
rule, day and amount; a detected flow that is no truth item is a false one.

`evaluate(url, truth)` works on any database (a company brought in from its own files, as
a new user would); without --url, the demo book is measured twice: its lines as generated
(less those paying an invoice or a bill, as the caller leaves them out), then loaded into a
fresh database.

    .venv/bin/python scripts/evaluate_recurring.py [--url sqlite:///x.db --company ID]
        [--as-of 2026-12-02] [--cuts 12]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from treso_app.db.migrate import upgrade
from treso_app.db.session import read_only
from treso_app.demo import cast
from treso_app.demo.generator import build
from treso_app.domain.calendar import add_months, today_paris
from treso_app.domain.labels import counterparty_key
from treso_app.domain.recurrence import DayRule
from treso_app.domain.recurring_detection import DetectedFlow, PastLine, detect
from treso_app.services.companies import resolve_company
from treso_app.services.demo import load_demo
from treso_app.services.recurring import past_lines

TODAY = date(2026, 12, 2)
TARGET_FOUND, TARGET_FALSE = 0.95, 0.05


@dataclass(frozen=True)
class Expected:
    """One recurring flow the generator meant; amount None: it varies, not judged."""

    label: str  # its bank label
    amount_cents: int | None
    frequency: str
    day: int  # of the month, 0 = the last working day
    day_rule: str = DayRule.DAY_OF_MONTH

    @property
    def key(self) -> str:
        return counterparty_key(self.label)


@dataclass(frozen=True)
class Score:
    expected: int
    found: int
    detected: int  # running detected flows
    false: list[str]  # their match keys
    missed: list[str]  # truth items not found right: label, and what was detected instead

    def found_share(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    def false_share(self) -> float:
        return len(self.false) / self.detected if self.detected else 0.0


def demo_truth(charges=cast.CHARGES, employees=cast.EMPLOYEES) -> list[Expected]:
    """The plumber demo's truth (another kind passes its own charges and employees)."""
    truth = [Expected(c.label, c.amount_cents, c.frequency, c.day) for c in charges]
    truth += [Expected(f"VIR SEPA SALAIRE {name}", -net, "mensuel", 0) for name, net in employees]
    truth.append(Expected("PRLV SEPA DGFIP TVA CA3", None, "mensuel", 20))
    truth.append(Expected("VIR SEPA DIVIDENDES J MARTIN", None, "annuel", 25))
    return truth


def score(flows: list[DetectedFlow], truth: list[Expected]) -> Score:
    running = [f for f in flows if f.still_running]
    right: set[str] = set()
    missed = []
    for item in truth:
        same = [f for f in running if f.match_key.split("|")[0] == item.key]
        hit = next((f for f in same if _matches(f, item)), None)
        if hit:
            right.add(hit.match_key)
        else:
            seen = ", ".join(f"{f.frequency} {f.day_rule} {f.day} {f.amount_cents}" for f in same)
            missed.append(f"{item.label} → {seen or 'rien'}")
    false = [f.match_key for f in running if f.match_key not in right]
    return Score(len(truth), len(truth) - len(missed), len(running), false, missed)


def _matches(flow: DetectedFlow, item: Expected) -> bool:
    return (
        (flow.frequency, flow.day_rule, flow.day) == (item.frequency, item.day_rule, item.day)
        and (item.amount_cents is None or flow.amount_cents == item.amount_cents)
        and (flow.amount_cents > 0) == ((item.amount_cents or -1) > 0)
    )


def evaluate(
    url: str, truth: list[Expected], company_id: int | None = None, as_of: date | None = None
) -> Score:
    """Detection on a company's database as the bookkeeping step sees it, scored."""
    company_id = company_id or resolve_company(url=url)
    with read_only(url) as session:
        lines = past_lines(session, company_id)
    return score(detect(lines, as_of or today_paris()), truth)


def evaluate_generated(today: date, truth: list[Expected], as_of: date | None = None) -> Score:
    """The demo book ending `today`, its history seen up to `as_of` (a backtest's cut)."""
    book = build(today)
    lines = [
        PastLine(i, line.booked_on, line.amount_cents, line.label, line.counterparty, None)
        for i, line in enumerate(book.lines)
        if not (line.invoice or line.bill or line.category == "Virements internes")
    ]
    return score(detect(lines, as_of or today), truth)


def month_starts(today: date, count: int) -> list[date]:
    """The last `count` month-starts up to `today`, as the forecast's backtest cuts."""
    return [add_months(today.replace(day=1), -k) for k in range(count - 1, -1, -1)]


def report(name: str, result: Score) -> None:
    found_ok = "OK" if result.found_share() >= TARGET_FOUND else "SOUS LA CIBLE"
    false_ok = "OK" if result.false_share() <= TARGET_FALSE else "AU-DESSUS DE LA CIBLE"
    print(f"{name} :")
    print(
        f"  trouvés justes : {result.found}/{result.expected} "
        f"({result.found_share():.1%}, {found_ok}, cible ≥ {TARGET_FOUND:.0%})"
    )
    print(
        f"  faux : {len(result.false)}/{result.detected} "
        f"({result.false_share():.1%}, {false_ok}, cible ≤ {TARGET_FALSE:.0%})"
    )
    for line in result.missed:
        print(f"  manqué : {line}")
    for key in result.false:
        print(f"  faux : {key}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a database to measure (default: the demo book)")
    parser.add_argument("--company", type=int, help="its company id")
    parser.add_argument("--as-of", type=date.fromisoformat, default=TODAY)
    parser.add_argument("--cuts", type=int, default=0, help="also the last N month-starts")
    args = parser.parse_args()
    truth = demo_truth()
    cuts = month_starts(args.as_of, args.cuts) if args.cuts else []
    if args.url:
        report(args.url, evaluate(args.url, truth, args.company, args.as_of))
        for cut in cuts:
            report(f"historique jusqu'au {cut}", evaluate(args.url, truth, args.company, cut))
        return
    report("lignes générées", evaluate_generated(args.as_of, truth))
    for cut in cuts:
        report(f"lignes générées jusqu'au {cut}", evaluate_generated(args.as_of, truth, cut))
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/treso.db"
        upgrade(url)
        company = load_demo(today=args.as_of, url=url)
        report("démo chargée en base", evaluate(url, truth, company, args.as_of))


if __name__ == "__main__":
    main()
