"""Runs of scheduled jobs: recorded whatever happens, so a failure is never silent."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

from treso_app.db import tables as t
from treso_app.db.session import read_only, transaction

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LastRun:
    status: str  # ok / error
    message: str
    finished_at: datetime


def run_job(name: str, job: Callable[[], str], url: str | None = None) -> str:
    """Run `job` (which returns a one-line French summary) and record its outcome.
    A failure is recorded and swallowed: the scheduler tries again on the next tick."""
    started = t.utc_now()
    try:
        status, message = "ok", job()
    except Exception as error:
        log.exception("Job %s failed", name)
        status = "error"
        message = getattr(error, "message", "") or "erreur inattendue (voir le journal)"
    try:
        with transaction(url) as session:
            session.add(
                t.JobRun(
                    name=name,
                    status=status,
                    message=message,
                    started_at=started,
                    finished_at=t.utc_now(),
                )
            )
    except Exception:
        log.exception("Could not record the run of job %s", name)
    return message


def last_run(name: str, url: str | None = None) -> LastRun | None:
    with read_only(url) as session:
        run = session.exec(
            select(t.JobRun).where(t.JobRun.name == name).order_by(t.JobRun.id.desc())
        ).first()
    if run is None or run.finished_at is None:
        return None
    return LastRun(run.status, run.message, run.finished_at)
