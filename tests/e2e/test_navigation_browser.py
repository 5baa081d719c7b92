"""Every page and every tab within a thumb's reach: a phone (menu), both tablet
orientations (a row of links), and a French « page not found » inside the app."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTEFACTS, open_page

pytestmark = pytest.mark.browser

PAGES = [
    ("/", "Tableau de bord"),
    ("/factures", "Factures"),
    ("/fournisseurs", "Fournisseurs"),
    ("/previsions", "Prévisions"),
    ("/banque", "Banque"),
    ("/parametres", "Paramètres"),
]
TABS = {
    "/factures": ["Factures", "Devis", "Clients", "Relances", "Balance âgée"],
    "/fournisseurs": ["Factures", "Planning des paiements", "Fournisseurs"],
}


READY = {"/factures": "#kpi-receivable", "/fournisseurs": "#kpi-to-pay"}
NAVIGATION = 30_000  # a page's code loads on its first visit: slow on a busy test machine


def open_menu(page) -> None:
    """Taps « Menu » until it opens: a tap before the page has come alive does nothing."""
    for _ in range(30):
        page.locator("#nav-menu").tap()
        try:
            expect(page.get_by_role("menu")).to_be_visible(timeout=2_000)
            return
        except AssertionError:
            continue
    raise AssertionError("the menu never opened")


def shoot(page, name: str) -> None:
    ARTEFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(1500)  # let charts and lists settle before the picture
    page.screenshot(path=ARTEFACTS / f"{name}.png", full_page=True)


def within_screen(page, box) -> bool:
    return box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"] + 0.5


def test_a_phone_reaches_every_page_by_tapping_the_menu(browser, app_url):
    page = open_page(browser, app_url, "phone", "/")
    menu = page.locator("#nav-menu")
    expect(menu).to_have_text("Tableau de bord", timeout=60_000)
    expect(page.locator("#nav-links")).to_be_hidden()  # no row of links cut at the edge
    assert menu.bounding_box()["height"] >= 44
    for route, name in PAGES[1:] + PAGES[:1]:
        open_menu(page)
        item = page.get_by_role("menuitem", name=name)
        expect(item).to_have_count(1)
        box = item.bounding_box()
        assert box["height"] >= 44 and within_screen(page, box), name
        item.tap()
        expect(page).to_have_url(re.compile(re.escape(route) + "$"), timeout=NAVIGATION)
        expect(menu).to_have_text(name)
        shoot(page, f"nav-{route.strip('/') or 'accueil'}-phone")
    assert page.js_errors == []
    page.close()


@pytest.mark.parametrize("viewport", ["tablet-landscape", "tablet-portrait"])
def test_a_tablet_shows_every_page_as_a_link_on_one_row(browser, app_url, viewport):
    page = open_page(browser, app_url, viewport, "/")
    page.wait_for_selector("#total-balance:not(:empty)", timeout=60_000)
    expect(page.locator("#nav-menu")).to_be_hidden()
    links = [page.get_by_role("link", name=name, exact=True) for _, name in PAGES]
    boxes = [link.bounding_box() for link in links]
    assert all(box["height"] >= 44 and within_screen(page, box) for box in boxes)
    assert len({round(box["y"]) for box in boxes}) == 1  # one row, none pushed below
    for route, name in PAGES[1:]:
        page.get_by_role("link", name=name, exact=True).tap()
        expect(page).to_have_url(re.compile(re.escape(route) + "$"), timeout=NAVIGATION)
        expect(page.get_by_role("link", name=name, exact=True)).to_have_attribute(
            "aria-current", "page"
        )
        if viewport == "tablet-portrait":
            shoot(page, f"nav-{route.strip('/')}-{viewport}")
    page.close()


@pytest.mark.parametrize("route", list(TABS))
def test_every_tab_is_whole_and_tappable_on_a_phone(browser, app_url, route):
    page = open_page(browser, app_url, "phone", route)
    expect(page.locator(READY[route])).not_to_be_empty(timeout=60_000)
    for name in TABS[route]:
        tab = page.get_by_role("tab", name=name, exact=True)
        box = tab.bounding_box()
        assert within_screen(page, box) and box["height"] >= 44, name
        tab.tap()
        expect(tab).to_have_attribute("aria-selected", "true")
    if route == "/factures":  # the status filter wraps too
        page.get_by_role("tab", name="Factures", exact=True).tap()
        for name in ("À encaisser", "En retard", "Payées", "Litiges", "Toutes"):
            chip = page.locator("#invoice-filter").get_by_role("radio", name=name)
            assert within_screen(page, chip.bounding_box()), name
        page.locator("#invoice-filter").get_by_role("radio", name="Litiges").tap()
        expect(page.locator("#invoice-filter").get_by_role("radio", name="Litiges")).to_be_checked()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.close()


@pytest.mark.parametrize("viewport", ["phone", "tablet-portrait"])
def test_an_unknown_address_gets_a_french_page_with_the_navigation(browser, app_url, viewport):
    page = open_page(browser, app_url, viewport, "/nulle-part")
    expect(page.locator("#not-found")).to_have_text("Cette page n'existe pas", timeout=60_000)
    assert "Page not found" not in page.text_content("body")
    assert page.title() == "Tréso — Cette page n'existe pas"
    shoot(page, f"not-found-{viewport}")
    if viewport == "phone":
        open_menu(page)
        page.get_by_role("menuitem", name="Banque").tap()
        expect(page).to_have_url(re.compile("/banque$"), timeout=NAVIGATION)
    else:
        page.get_by_role("link", name="Revenir au tableau de bord").tap()
        expect(page).to_have_url(re.compile(r"/$"), timeout=NAVIGATION)
    page.close()


def test_the_owner_reads_plain_french_not_settings(browser, app_url):
    """No folder path, no SMTP variable, no `{variable}`: what the owner reads instead."""
    page = open_page(browser, app_url, "phone", "/banque")
    expect(page.locator("#inbox-hint")).to_have_text(
        "Les relevés déposés dans le dossier de dépôt sont importés toutes les 3 secondes.",
        timeout=60_000,
    )  # the tests' app reads its inbox every 0.05 minute
    page.goto(app_url + "/factures")
    expect(page.locator("#kpi-receivable")).not_to_be_empty(timeout=60_000)
    page.get_by_role("tab", name="Relances").tap()
    expect(page.get_by_text("Les e-mails ne sont pas encore configurés")).to_be_visible(
        timeout=60_000
    )
    assert "SMTP" not in page.text_content("body")
    page.goto(app_url + "/parametres")
    legend = page.locator("#fields-legend")
    expect(legend).to_contain_text("Montant dû", timeout=60_000)
    expect(legend).to_contain_text("ce qui reste à payer sur la facture")
    body = page.locator("textarea").first
    expect(body).to_have_value(re.compile(r"\[Numéro de facture\]"), timeout=60_000)
    assert "{" not in body.input_value()
    page.locator(".insert-field").first.tap()
    page.get_by_role("menuitem", name="Jours de retard").tap()
    expect(body).to_have_value(re.compile(r"\[Jours de retard\]$"))
    shoot(page, "parametres-fields-phone")
    page.close()
