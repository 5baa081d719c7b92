"""APScheduler inside the app process (DESIGN.md §8), started by the app's lifespan.

Jobs run in the scheduler's worker threads, never on the event loop. Each one goes
through `run_job`, which records its outcome: a failing job is visible and retried on
the next tick.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime

from apscheduler.schedulers.background import BackgroundScheduler

from treso_app.domain.calendar import PARIS, today_paris
from treso_app.services import inbox, reminders, snapshots
from treso_app.services.jobs import run_job
from treso_app.settings import load_settings

log = logging.getLogger(__name__)


def build_scheduler() -> BackgroundScheduler:
    settings = load_settings()
    scheduler = BackgroundScheduler(timezone=PARIS)
    scheduler.add_job(
        lambda: run_job(inbox.JOB_NAME, lambda: inbox.import_inbox().summary()),
        "interval",
        minutes=settings.inbox_minutes,
        next_run_time=datetime.now(PARIS),  # a first pass at start-up
        id=inbox.JOB_NAME,
        max_instances=1,
        coalesce=True,
    )
    scheduler.add_job(
        lambda: run_job(snapshots.JOB_NAME, lambda: snapshots.snapshot_all(today_paris())),
        "cron",
        hour=6,
        minute=0,
        next_run_time=datetime.now(PARIS),  # today's, if the app starts later in the day
        id=snapshots.JOB_NAME,
        max_instances=1,
        coalesce=True,
    )
    scheduler.add_job(  # auto-send companies get theirs sent; the others see them waiting
        lambda: run_job(reminders.JOB_NAME, lambda: reminders.job_summary(today_paris())),
        "cron",
        hour=8,
        minute=30,
        id=reminders.JOB_NAME,
        max_instances=1,
        coalesce=True,
    )
    return scheduler


@contextlib.asynccontextmanager
async def scheduler_lifespan():
    scheduler = build_scheduler()
    scheduler.start()
    log.info("Scheduler started: inbox %s", load_settings().inbox_dir)
    try:
        yield
    finally:
        scheduler.shutdown(wait=False)
