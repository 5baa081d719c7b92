"""Shared fixtures: real databases built by the alembic migrations."""

from __future__ import annotations

from datetime import date

import pytest

from treso_app.db.migrate import upgrade
from treso_app.services.demo import load_demo

DEMO_TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def inbox_settles_at_once(monkeypatch):
    """Files a test drops in the inbox are complete: no waiting for them to settle
    (tests/services/test_inbox_safety.py sets its own settle time)."""
    monkeypatch.setenv("TRESO_INBOX_SETTLE_SECONDS", "0")


@pytest.fixture
def db_url(tmp_path) -> str:
    """An empty database at the latest migration."""
    url = f"sqlite:///{tmp_path / 'treso.db'}"
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory) -> str:
    """A database holding the demo company as of DEMO_TODAY (read-only for tests)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'treso.db'}"
    upgrade(url)
    load_demo(today=DEMO_TODAY, url=url)
    return url
