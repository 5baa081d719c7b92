"""The review queue of /banque on a tablet: a suggestion accepted in one tap pays the invoice,
and the dashboard's receivables shrink by its amount."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.companies import remove_real_companies
from tests.e2e.conftest import ARTEFACTS, open_page
from treso_app.services.accounts import resolve_account
from treso_app.services.companies import create_company
from treso_app.services.imports import import_file
from treso_app.services.spreadsheets import import_sheet

pytestmark = pytest.mark.browser
OWN_IBAN = "FR1420041010050500013M02606"
SHEET = (
    "numéro;client;date_facture;date_échéance;montant_ttc\n"
    "F2026-0060;Martin Plomberie;01/10/2026;31/10/2026;500,00\n"
    "F2026-0061;Martin Plomberie;03/10/2026;02/11/2026;500,00\n"
)


@pytest.fixture
def own_company(app_database):
    """Two invoices of one client with the same amount and a transfer naming neither: the
    match waits for the owner."""
    company = create_company("Plomberie Dupont", app_database)
    account = resolve_account(company, OWN_IBAN, app_database)
    import_sheet(company, "invoices", "factures.csv", SHEET.encode(), app_database)
    statement = "Date;Libellé;Montant\n06/11/2026;VIR SEPA MARTIN PLOMBERIE;500,00\n"
    import_file(company, "releve.csv", statement.encode(), account_id=account, url=app_database)
    yield company
    remove_real_companies(app_database)


def test_accepting_a_suggestion_pays_the_invoice_and_shrinks_receivables(
    browser, app_url, own_company
):
    page = open_page(browser, app_url, "tablet-landscape", "/")
    expect(page.locator("#receivable-total")).to_have_text("1 000,00\u00a0€", timeout=60_000)

    page.goto(app_url + "/banque")
    queue = page.locator("#review-queue")
    expect(queue).to_contain_text("VIR SEPA MARTIN PLOMBERIE", timeout=60_000)
    expect(queue).to_contain_text("1 ligne à vérifier")
    suggestion = queue.locator(".suggestion").filter(has_text="F2026-0061")
    expect(suggestion).to_contain_text("montant exact · nom proche de « Martin Plomberie »")
    accept = suggestion.locator(".accept-suggestion")
    assert accept.bounding_box()["height"] >= 44
    page.screenshot(path=str(ARTEFACTS / "reconcile-queue-tablet.png"), full_page=True)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.screenshot(path=str(ARTEFACTS / "reconcile-queue-desktop.png"))
    page.set_viewport_size({"width": 1024, "height": 768})
    accept.click()
    expect(queue).to_contain_text("Rapprochement enregistré", timeout=30_000)
    expect(queue).to_contain_text("Rien à vérifier")

    page.goto(app_url + "/factures?filtre=payees")
    row = page.locator(".invoice-row").filter(has_text="F2026-0061")
    expect(row).to_contain_text("Payée", timeout=60_000)

    page.goto(app_url + "/")
    expect(page.locator("#receivable-total")).to_have_text("500,00\u00a0€", timeout=60_000)
    page.close()


def test_on_a_phone_a_line_is_matched_by_hand_and_an_automatic_match_undone(
    browser, app_url, app_database, own_company
):
    account = resolve_account(own_company, OWN_IBAN, app_database)
    sheet = "numéro;client;date_facture;date_échéance;montant_ttc\n"
    sheet += "F2026-0070;Hôtel du Parc;01/10/2026;31/10/2026;1 200,00\n"
    import_sheet(own_company, "invoices", "hotel.csv", sheet.encode(), app_database)
    statement = "Date;Libellé;Montant\n12/11/2026;VIR HOTEL DU PARC FACT F2026-0070;1200,00\n"
    import_file(own_company, "r2.csv", statement.encode(), account_id=account, url=app_database)

    page = open_page(browser, app_url, "phone", "/banque")
    queue = page.locator("#review-queue")
    expect(queue).to_contain_text("VIR SEPA MARTIN PLOMBERIE", timeout=60_000)
    expect(queue).to_contain_text("Rapprochés automatiquement")
    queue.locator(".match-by-hand").first.click()
    page.fill("#picker-search", "0060")
    choice = page.locator(".choose-document")
    expect(choice).to_have_count(1, timeout=30_000)
    page.screenshot(path=str(ARTEFACTS / "reconcile-picker-phone.png"))
    choice.click()
    expect(queue).to_contain_text("Rapprochement enregistré", timeout=30_000)
    expect(queue).not_to_contain_text("VIR SEPA MARTIN PLOMBERIE")

    matched = queue.locator(".undo-match")
    expect(matched).to_have_count(1)
    matched.click()
    expect(queue).to_contain_text("Rapprochement annulé", timeout=30_000)
    expect(queue).not_to_contain_text("Rapprochés automatiquement")
    expect(queue.locator(".waiting-line")).to_contain_text("VIR HOTEL DU PARC FACT F2026-0070")
    page.screenshot(path=str(ARTEFACTS / "reconcile-queue-phone.png"), full_page=True)
    page.close()
