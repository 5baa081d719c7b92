"""The real app in Chromium: what the owner sees each morning."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTEFACTS, VIEWPORTS
from tests.e2e.conftest import open_page as open_app_page
from treso_app.domain.money import format_amount
from treso_app.services.dashboard import load_dashboard

pytestmark = pytest.mark.browser


@pytest.fixture
def open_page(browser, app_url):
    pages = []

    def _open(viewport: str, path: str = "/"):
        page = open_app_page(browser, app_url, viewport, path)
        page.wait_for_selector("#total-balance:not(:empty)", timeout=60_000)
        page.wait_for_selector("#forecast-chart .main-svg", timeout=60_000)
        pages.append(page)
        return page

    yield _open
    for page in pages:
        page.close()


def test_total_balance_matches_the_database(open_page, app_database):
    page = open_page("desktop")
    board = load_dashboard(url=app_database)
    assert page.inner_text("#total-balance") == format_amount(board.total_cents)
    assert page.js_errors == []


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_dashboard_reads_well_at_every_size(open_page, viewport):
    page = open_page(viewport)
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTEFACTS / f"dashboard-{viewport}.png", full_page=True)
    # Nothing wider than the screen: no sideways scrolling on a tablet or a phone.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    text = page.text_content("body")  # the DOM text, before CSS upper-cases titles
    assert "À l'abri jusqu'au" in text or "Sous le seuil" in text
    for label in (
        "Trésorerie aujourd'hui",
        "Clients à encaisser",
        "Les 7 prochains jours",
        "Solde prévu sur 90 jours",
        "Délai moyen de paiement clients",
        "Besoin en fonds de roulement",
    ):
        assert label in text


def test_safe_until_and_agenda_come_from_the_forecast(open_page, app_database):
    page = open_page("tablet-landscape")
    board = load_dashboard(url=app_database)
    expected = (
        board.projection.safe_until.strftime("%d/%m/%Y")
        if board.projection.safe_until
        else "Plus de 12 mois"  # the dashboard looks 12 months ahead
    )
    since = board.projection.under_since
    if since:  # under the threshold today already: since when, never a future date
        expected = "aujourd'hui" if since == board.today else since.strftime("%d/%m/%Y")
    assert page.inner_text("#safe-until") == expected
    agenda = page.inner_text("#agenda")
    for event in board.agenda[:3]:
        assert event.label in agenda
        assert format_amount(event.amount_cents, signed=True) in agenda
    # The accountant's indicators, as the service computes them.
    assert page.inner_text("#indicator-dso") == f"{board.indicators.dso_days} jours"
    bfr = format_amount(board.indicators.working_capital_cents)
    assert page.inner_text("#indicator-bfr") == bfr


def test_navigation_is_touch_sized_on_a_tablet(open_page):
    page = open_page("tablet-portrait")
    box = page.get_by_role("link", name="Tableau de bord").bounding_box()
    assert box["height"] >= 44
