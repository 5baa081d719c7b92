"""One client's big upload never stalls the others: the file is read and imported in a
worker thread of the real app, while other clients get their answers.

How the reader is held busy, honestly: a big but legal statement (180 000 OFX lines, about
18 MB), uploaded through the page like any other. No test hook in the app, no monkeypatching
(impossible across processes anyway); the test checks that the import did last long enough
for the measure to mean something, then that /ping and another client's /banque answered
quickly all along. Were the reading or the import done on the event loop, every /ping
during it would wait for the whole import.
"""

from __future__ import annotations

import time
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.e2e.companies import remove_real_companies
from tests.e2e.conftest import ARTEFACTS, open_page
from tests.readers.samples import ofx_sgml, ofx_transaction, recent
from treso_app.services.companies import create_company

pytestmark = pytest.mark.browser
LINES = 180_000


@pytest.fixture(autouse=True)
def own_company(app_database):
    """Statements go to the owner's company, never into the demo."""
    create_company("Plomberie Dupont", app_database)
    yield
    remove_real_companies(app_database)


def big_statement(path) -> None:
    path.write_bytes(
        ofx_sgml(
            "".join(
                ofx_transaction(
                    recent(1 + i % 60, "%Y%m%d"),
                    f"-{1 + i % 97},{i % 100:02d}",
                    f"CB ACHAT {i}",
                    f"B{i}",
                )
                for i in range(LINES)
            ),
            as_of=recent(1, "%Y%m%d"),
        )
    )


def ping(app_url: str) -> float:
    started = time.monotonic()
    with urllib.request.urlopen(app_url + "/ping", timeout=30) as response:
        assert response.status == 200
    return time.monotonic() - started


def test_other_clients_are_answered_while_a_big_statement_is_imported(browser, app_url, tmp_path):
    statement = tmp_path / "releve-annuel.ofx"
    big_statement(statement)
    page = open_page(browser, app_url, "tablet-landscape", "/banque")
    expect(page.locator("#last-sync")).not_to_be_empty(timeout=60_000)
    page.set_input_files("#statements input[type=file]", str(statement))
    progress = page.locator("#import-progress")
    expect(progress).to_be_visible(timeout=30_000)
    started = time.monotonic()
    pings, other_page = [], None
    while progress.is_visible() and time.monotonic() - started < 600:
        pings.append(ping(app_url))
        if other_page is None and len(pings) >= 5:  # then another client opens /banque
            opened = time.monotonic()
            other_page = open_page(browser, app_url, "desktop", "/banque")
            expect(other_page.locator("#last-sync")).not_to_be_empty(timeout=60_000)
            other_wait = time.monotonic() - opened
            other_served_during_import = progress.is_visible()
        time.sleep(0.2)
    card = page.locator(".import-result").filter(has_text="releve-annuel.ofx")
    expect(card).to_contain_text("Importé", timeout=600_000)
    assert other_page is not None and other_served_during_import, "import too short to measure"
    assert len(pings) >= 5 and max(pings) < 1.5, pings
    assert other_wait < 10
    other_page.close()
    page.close()


def test_a_hostile_upload_is_refused_in_french_and_reads_well(browser, app_url, tmp_path):
    hostile = tmp_path / "releve.ofx"
    hostile.write_bytes(b"OFXHEADER:100\n\x00\x00\x00" + b"\x00" * 200_000)
    page = open_page(browser, app_url, "tablet-landscape", "/banque")
    expect(page.locator("#last-sync")).not_to_be_empty(timeout=60_000)
    page.set_input_files("#statements input[type=file]", str(hostile))
    card = page.locator(".import-result").filter(has_text="releve.ofx")
    expect(card).to_contain_text("Refusé", timeout=60_000)
    expect(card).not_to_contain_text("Erreur inattendue")
    card.scroll_into_view_if_needed()
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTEFACTS / "bank-hostile-upload-1024x768.png")
    page.close()
