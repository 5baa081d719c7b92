"""Benchmark of the recurring-flow detection (not part of the test run): prints figures.

The demo generator's large company (more jobs and card spending, the same team and
charges) over three years, cut to 50,000 bank lines, every line given to `detect` as the
forecast would give its history: the time of a first run in a fresh process (nothing
cached) and of a second one.

    .venv/bin/python scripts/bench_recurring.py [--lines 50000]
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from treso_app.demo.generator import build
from treso_app.domain.recurring_detection import PastLine, detect

TODAY = date(2026, 12, 2)
TARGET_SECONDS = 1.0


def history(count: int) -> list[PastLine]:
    scale = 1
    while True:
        book = build(TODAY, years=3, scale=scale)
        if len(book.lines) >= count:
            break
        scale *= 2
    return [
        PastLine(i, line.booked_on, line.amount_cents, line.label, line.counterparty, None)
        for i, line in enumerate(book.lines[-count:])
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=50_000)
    args = parser.parse_args()
    lines = history(args.lines)
    timings = []
    for _ in range(2):
        started = time.perf_counter()
        flows = detect(lines, TODAY)
        timings.append(time.perf_counter() - started)
    verdict = "OK" if timings[0] <= TARGET_SECONDS else "TOO SLOW"
    print(f"{len(lines)} lignes, {len(flows)} flux récurrents détectés")
    print(f"première détection : {timings[0]:.3f} s ({verdict}, cible ≤ {TARGET_SECONDS} s)")
    print(f"seconde détection  : {timings[1]:.3f} s")


if __name__ == "__main__":
    main()
