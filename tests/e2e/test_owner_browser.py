"""The owner's five minutes in the real app: today's reminders and the links of the dashboard,
a payment deleted after confirmation, the alert threshold changed in /parametres."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTEFACTS, open_page
from treso_app.domain.calendar import today_paris
from treso_app.domain.documents import Line
from treso_app.domain.money import format_amount
from treso_app.services import bills, counterparties, invoices
from treso_app.services.bank import current_company
from treso_app.services.invoicing_settings import save_alert_threshold

pytestmark = pytest.mark.browser
WORK = [Line("Désembouage plancher chauffant", 1000, 1_000_00, 2000)]  # 1 200,00 € TTC


def ready(page) -> None:
    """The dashboard drawn, chart included: nothing re-renders under the next tap."""
    page.wait_for_selector("#total-balance:not(:empty)", timeout=60_000)
    page.wait_for_selector("#forecast-chart .main-svg", timeout=60_000)


def late_invoice(url: str) -> tuple[int, str]:
    """An invoice of a new client, 40 days late: a reminder is due today whatever ran before."""
    company = current_company(0, url)
    client = counterparties.save_counterparty(
        company, "client", {"name": f"Client e2e {uuid.uuid4().hex[:8]}"}, url=url
    )
    number = invoices.create_invoice(
        company, client, today_paris() - timedelta(days=70), WORK, url=url
    )
    found = [r for r in invoices.invoice_rows(company, today_paris(), url) if r.number == number]
    return found[0].id, number


def test_todays_reminders_and_every_row_lead_somewhere(browser, app_url, app_database):
    late_invoice(app_database)
    page = open_page(browser, app_url, "tablet-landscape", "/")
    ready(page)
    line = page.locator("#today-reminders")
    expect(line).to_have_text(re.compile(r"^\d+ relances? à envoyer \(.+€\)$"))
    count = int(line.inner_text().split()[0])
    line.click()
    # The first visit of /factures loads its code: give a busy machine time.
    expect(page).to_have_url(re.compile(r"/factures\?onglet=relances$"), timeout=60_000)
    expect(page.locator("#kpi-reminders")).to_have_text(str(count), timeout=60_000)
    expect(page.locator(".due-reminder")).to_have_count(count)

    page.goto(app_url + "/")
    ready(page)
    row = page.locator('#agenda .agenda-row[href^="/factures?facture="]').first
    label = row.inner_text().splitlines()[1]  # « Client — F2026-0123 »
    row.click()
    expect(page).to_have_url(re.compile(r"/factures\?facture=\d+$"), timeout=60_000)
    expect(page.locator("#invoice-detail")).to_contain_text(label.split(" — ")[-1], timeout=60_000)
    page.keyboard.press("Escape")

    page.goto(app_url + "/")
    ready(page)
    bill_rows = page.locator('#agenda .agenda-row[href^="/fournisseurs?facture="]')
    if bill_rows.count():  # the demo's week usually has a supplier bill
        supplier = bill_rows.first.inner_text().splitlines()[1].split(" — ")[0]
        bill_rows.first.click()
        expect(page.locator("#bill-payment")).to_contain_text(supplier, timeout=60_000)
        page.goto(app_url + "/")
        ready(page)
    page.locator(".alert-link").filter(has_text="à relancer").click()
    expect(page).to_have_url(re.compile(r"filtre=retard"), timeout=60_000)
    late_chip = page.locator("#invoice-filter").get_by_role("radio", name="En retard")
    expect(late_chip).to_be_checked(timeout=60_000)
    assert page.js_errors == []
    page.close()


def test_a_payment_is_deleted_after_confirmation_and_stays_in_the_history(
    browser, app_url, app_database
):
    invoice_id, number = late_invoice(app_database)
    page = open_page(browser, app_url, "tablet-landscape", f"/factures?facture={invoice_id}")
    sheet = page.locator("#invoice-detail")
    expect(sheet).to_contain_text(number, timeout=60_000)
    issued = today_paris() - timedelta(days=70)
    expect(page.locator("#sheet-issued")).to_have_text(f"Émise le {issued:%d/%m/%Y}")
    expect(page.locator("#sheet-terms")).to_have_text("Conditions : 30 jours")
    late = next(
        r.days_late
        for r in invoices.invoice_rows(
            current_company(0, app_database), today_paris(), app_database
        )
        if r.id == invoice_id
    )
    expect(page.locator("#sheet-late")).to_have_text(f"en retard de {late} jours")

    page.fill("#pay-amount", "200,00")
    page.locator("#pay-means").click()
    page.get_by_role("option", name="Chèque", exact=True).click()
    page.fill("#pay-reference", "CHQ 1234567")
    page.click("#save-payment")
    expect(page.locator("#notice")).to_have_text(
        "Paiement enregistré : facture partiellement payée."
    )
    # The form is blank again: what is left, by transfer, no reference.
    expect(page.locator("#pay-reference")).to_have_value("")
    expect(page.locator("#pay-amount")).to_have_value("1000,00")
    expect(page.locator("#pay-means")).to_have_text("Virement")
    payment = sheet.locator(".payment-row").filter(has_text="CHQ 1234567")
    expect(payment).to_contain_text(format_amount(200_00))
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTEFACTS / "factures-sheet-tablet-landscape.png")

    payment.locator(".delete-payment").click()  # asked first, and cancelled
    dialog = page.locator("#delete-payment-dialog")
    expect(dialog).to_contain_text(f"de {format_amount(200_00)} sera retiré de la facture {number}")
    dialog.get_by_role("button", name="Annuler").click()
    expect(dialog).to_have_count(0)
    expect(payment).to_have_count(1)

    payment.locator(".delete-payment").click()
    page.click("#confirm-delete-payment")
    expect(page.locator("#notice")).to_have_text("Paiement supprimé : facture en retard.")
    expect(sheet.locator(".payment-row")).to_have_count(0)
    history = page.locator("#invoice-history")
    expect(history).to_contain_text("paiement supprimé : ")
    expect(history).to_contain_text("chèque · CHQ 1234567")
    expect(page.locator("#pay-amount")).to_have_value("1200,00")
    assert page.js_errors == []
    page.close()


def test_the_alert_threshold_is_changed_and_used_at_once(browser, app_url, app_database):
    company = current_company(0, app_database)
    before = bills.alert_threshold(company, app_database)
    dashboard = open_page(browser, app_url, "tablet-landscape", "/")
    ready(dashboard)
    expect(dashboard.locator("#threshold")).to_have_text(format_amount(before))
    settings = open_page(browser, app_url, "phone", "/parametres")
    field = settings.locator("#alert-threshold")
    expect(field).to_have_value(re.compile(r"^-?\d+,\d\d$"), timeout=60_000)
    try:
        for typed, error in (
            ("vingt mille", "« vingt mille » n'est pas un montant"),
            ("200 000 000", "Le seuil d'alerte va de"),
            ("", "Indiquez un seuil d'alerte"),
        ):
            field.fill(typed)
            settings.click("#save-threshold")
            expect(settings.locator("#threshold-card .field-error")).to_contain_text(error)
        assert bills.alert_threshold(company, app_database) == before  # nothing written
        field.fill("1 000 000")
        settings.click("#save-threshold")
        expect(settings.locator("#threshold-notice")).to_contain_text("Seuil d'alerte enregistré")
        expect(field).to_have_value("1000000,00")
        # The open dashboard redraws by itself (it polls the data version), now at risk.
        expect(dashboard.locator("#threshold")).to_have_text(
            format_amount(1_000_000_00), timeout=90_000
        )
        # Under 1 000 000 € already: since when, or today — never a future date for today.
        expect(dashboard.locator("#safe-until")).to_have_text(
            re.compile(r"^(aujourd'hui|\d\d/\d\d/\d{4})$")
        )
        expect(dashboard.locator("#alerts")).to_contain_text(format_amount(1_000_000_00))
        suppliers = open_page(browser, app_url, "tablet-landscape", "/fournisseurs")
        suppliers.get_by_role("tab", name="Planning des paiements").click()
        expect(suppliers.get_by_text(format_amount(1_000_000_00), exact=False).first).to_be_visible(
            timeout=60_000
        )
        ARTEFACTS.mkdir(exist_ok=True)
        settings.screenshot(path=ARTEFACTS / "parametres-threshold-phone.png", full_page=True)
        assert dashboard.js_errors == [] and settings.js_errors == []
        suppliers.close()
    finally:
        save_alert_threshold(company, before, app_database)
        dashboard.close()
        settings.close()


@pytest.mark.parametrize("viewport", ["tablet-landscape", "phone"])
def test_owner_pages_screenshots(browser, app_url, app_database, viewport):
    ARTEFACTS.mkdir(exist_ok=True)
    invoice_id, _ = late_invoice(app_database)
    for path, name, selector, whole in (
        ("/", "owner-dashboard", "#forecast-chart .main-svg", True),
        # The sheet is a dialog over the list: the screen as the owner sees it.
        (f"/factures?facture={invoice_id}", "owner-factures-sheet", "#invoice-detail", False),
        ("/parametres", "owner-parametres", "#threshold-card", True),
    ):
        page = open_page(browser, app_url, viewport, path)
        page.wait_for_selector(selector, timeout=60_000)
        page.wait_for_timeout(1_000)
        expect(page.locator(selector).first).to_be_visible()  # still there: nothing closed it
        width = page.evaluate(
            f"Math.max(document.documentElement.scrollWidth, "
            f"document.querySelector('{selector}').getBoundingClientRect().right)"
        )
        assert width <= page.viewport_size["width"], f"{path} is wider than the screen"
        inner = page.evaluate(
            f"(e => e.scrollWidth - e.clientWidth)(document.querySelector('{selector}'))"
        )
        assert inner <= 0, f"{path}: {selector} scrolls sideways"
        page.screenshot(path=ARTEFACTS / f"{name}-{viewport}.png", full_page=whole)
        assert page.js_errors == []
        page.close()
