"""Benchmark of the forecast (not part of the test run): prints figures, asserts nothing.

On a large company (the demo generator with 5 years and 12× the activity: ~58,000 bank
lines, ~10,000 invoices): the forecast computation (realistic curve + 1,000 Monte Carlo
paths over 365 days) with new dice, and again as a slider move recomputes it; then, in
Chromium against the production build, the time from a slider move to the updated chart
in the page (p50 / p95 over 100 moves), and the backend's memory.

    .venv/bin/python scripts/bench_forecast.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from treso_app.db.migrate import upgrade  # noqa: E402
from treso_app.db.session import read_only  # noqa: E402
from treso_app.domain.calendar import today_paris  # noqa: E402
from treso_app.domain.forecast import PRESETS, forecast  # noqa: E402
from treso_app.services.demo import load_demo  # noqa: E402
from treso_app.services.forecast import load_inputs  # noqa: E402

MOVES = 100
# Time from a key press on a slider to the next change of the chart, in the page itself.
MEASURE_JS = """async () => {
  const chart = document.querySelector('#scenario-chart');
  const thumb = document.querySelector('#knob-revenue [role=slider]');
  thumb.focus();
  const timings = [];
  for (let i = 0; i < %d; i++) {
    const changed = new Promise(resolve => {
      const observer = new MutationObserver(() => { observer.disconnect(); resolve(); });
      observer.observe(chart, {subtree: true, childList: true, attributes: true});
    });
    const key = i %% 20 < 10 ? 'ArrowRight' : 'ArrowLeft';
    const start = performance.now();
    thumb.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true}));
    await changed;
    timings.push(performance.now() - start);
    await new Promise(r => setTimeout(r, 200));
  }
  return timings;
}"""


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/large.db"
        upgrade(url)
        started = time.perf_counter()
        company = load_demo(url=url, years=5, scale=12)
        print(f"Large company loaded in {time.perf_counter() - started:.1f} s")
        with read_only(url) as session:
            from sqlmodel import func, select

            from treso_app.db import tables as t

            lines = session.exec(select(func.count()).select_from(t.BankTransaction)).one()
            invoices = session.exec(select(func.count()).select_from(t.Invoice)).one()
            started = time.perf_counter()
            inputs = load_inputs(session, company, today_paris(), 365)
            reading = time.perf_counter() - started
        print(f"{lines} bank lines, {invoices} invoices; reading the inputs: {reading:.2f} s")
        started = time.perf_counter()
        forecast(inputs, PRESETS["realiste"], paths=1000)
        first = 1000 * (time.perf_counter() - started)
        print(f"First forecast of these inputs (tables built once): {first:.0f} ms")
        timings = []
        for seed in range(20):
            started = time.perf_counter()
            forecast(inputs, PRESETS["realiste"], paths=1000, seed=seed)
            timings.append(time.perf_counter() - started)
        median, worst = 1000 * statistics.median(timings), 1000 * max(timings)
        print(
            f"Forecast, realistic + 1,000 paths × 365 days, {len(inputs.receivables)} open "
            f"invoices, {len(inputs.flows)} flows: median {median:.0f} ms, max {worst:.0f} ms "
            "(target ≤ 100 ms)"
        )
        moves = []
        for revenue in range(-10, 10):
            knobs = replace(PRESETS["realiste"], revenue_pct=revenue)
            started = time.perf_counter()
            forecast(inputs, knobs, paths=1000)
            moves.append(time.perf_counter() - started)
        print(
            f"A slider move (same inputs and dice, another revenue): median "
            f"{1000 * statistics.median(moves):.0f} ms, max {1000 * max(moves):.0f} ms"
        )
        _browser(url)


def _browser(url: str) -> None:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import running_app

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        with running_app(url, folder, folder / "app.log") as (app_url, app):
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium",
                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                          "--disable-component-update", "--disable-sync", "--no-first-run"],
                )  # fmt: skip
                page = browser.new_page(viewport={"width": 1024, "height": 768}, has_touch=True)
                page.goto(f"{app_url}/previsions")
                page.wait_for_selector("#scenario-chart .main-svg", timeout=300_000)
                timings = sorted(page.evaluate(MEASURE_JS % MOVES))
                browser.close()
            memory = _rss_mb(app.pid)
    p50, p95 = timings[len(timings) // 2], timings[int(len(timings) * 0.95) - 1]
    print(f"Slider move → chart updated in the page: p50 {p50:.0f} ms, p95 {p95:.0f} ms "
          f"over {MOVES} moves (target p95 ≤ 50 ms)")  # fmt: skip
    print(f"Backend memory (RSS of the app's processes): {memory:.0f} MB")


def _rss_mb(group: int) -> float:
    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
            if os.getpgid(int(status.parent.name)) != group:
                continue
        except (OSError, ProcessLookupError):
            continue
        for line in text.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


if __name__ == "__main__":
    main()
