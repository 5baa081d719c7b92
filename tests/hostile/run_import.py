"""Imports one file through the real service in this fresh process and prints, as JSON,
the result, this process's peak memory and what the database holds afterwards.

    python tests/hostile/run_import.py DB_URL FILE [--account]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from sqlmodel import func, select

from tests.peak_memory import peak_mb
from tests.readers.samples import FR_IBAN
from treso_app.db import tables as t
from treso_app.db.session import read_only
from treso_app.services.accounts import resolve_account
from treso_app.services.companies import resolve_company
from treso_app.services.imports import import_file


def counts(url: str) -> dict[str, int]:
    with read_only(url) as session:
        return {
            table.__name__: session.exec(select(func.count()).select_from(table)).one()
            for table in (t.BankAccount, t.BankTransaction, t.ImportRun)
        }


def main() -> None:
    url, path = sys.argv[1], Path(sys.argv[2])
    company = resolve_company(url=url)
    account = resolve_account(company, FR_IBAN, url) if "--account" in sys.argv else None
    before = counts(url)
    data = path.read_bytes()
    started = time.perf_counter()
    result = import_file(company, path.name, data, account_id=account, url=url)
    seconds = time.perf_counter() - started
    peak = peak_mb()
    with read_only(url) as session:
        run_statuses = [run.status for run in session.exec(select(t.ImportRun)).all()]
    report = {
        "status": result.status,
        "message": result.message,
        "seconds": seconds,
        "peak_mb": peak,
        "before": before,
        "after": counts(url),
        "runs": run_statuses,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
