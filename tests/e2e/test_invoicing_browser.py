"""Invoicing in the real app: invoices, payments, quotes and reminders, on a tablet as in the
workshop (supplier planning and SEPA files: test_suppliers_browser.py)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTEFACTS, VIEWPORTS, open_page
from treso_app.domain.money import format_amount, parse_amount

pytestmark = pytest.mark.browser


def ready(page, selector: str = "#kpi-receivable") -> None:
    expect(page.locator(selector).first).not_to_be_empty(timeout=60_000)


def choose(page, trigger: str, option: str) -> None:
    page.locator(trigger).click()
    page.get_by_role("option", name=option, exact=True).click()


def dashboard_receivable(page, app_url) -> int:
    page.goto(app_url + "/")
    page.wait_for_selector("#receivable-total:not(:empty)", timeout=60_000)
    return parse_amount(page.inner_text("#receivable-total"))


def test_new_invoice_then_partial_payment_on_a_tablet(browser, app_url):
    page = open_page(browser, app_url, "tablet-portrait", "/")
    before = dashboard_receivable(page, app_url)
    page.goto(app_url + "/factures")
    ready(page)
    page.click("#new-invoice")
    page.click("#stay-in-demo")  # the demo's clients, not the owner's own company
    form = page.locator("#document-form")
    page.click("#save-document")  # nothing chosen yet: the client field says so
    expect(form.locator(".field-error")).to_have_text("Choisissez un client.")
    choose(page, "#form-client", "Hôtel du Parc")
    form.locator(".line-label input").first.fill("Remplacement mitigeur")
    form.locator(".line-quantity input").first.fill("2")
    form.locator(".line-price input").first.fill("85,50")
    ht, tva, ttc = (format_amount(c) for c in (171_00, 34_20, 205_20))
    expect(page.locator("#form-totals")).to_have_text(f"Total HT {ht} · TVA {tva} · TTC {ttc}")
    page.click("#save-document")
    expect(page.locator("#notice")).to_have_text(re.compile(r"Facture F\d{4}-\d{4} créée\."))
    number = re.search(r"F\d{4}-\d{4}", page.inner_text("#notice")).group(0)

    page.locator(".invoice-row").filter(has_text=number).click()
    detail = page.locator("#invoice-detail")
    expect(detail).to_contain_text("Remplacement mitigeur")
    page.fill("#pay-amount", "1 000,00")
    page.click("#save-payment")
    expect(detail.locator(".field-error")).to_contain_text("dépasse le reste dû")
    page.fill("#pay-amount", "105,20")
    choose(page, "#pay-means", "Chèque")
    page.click("#save-payment")
    expect(page.locator("#notice")).to_have_text(
        "Paiement enregistré : facture partiellement payée."
    )
    expect(detail).to_contain_text(format_amount(105_20))
    page.keyboard.press("Escape")
    page.goto(app_url + "/")  # the dashboard shows the new invoice less its payment at once
    expect(page.locator("#receivable-total")).to_have_text(format_amount(before + 100_00))
    assert page.js_errors == []
    page.close()


def test_accepted_quote_becomes_a_deposit_then_the_final_invoice(browser, app_url):
    page = open_page(browser, app_url, "tablet-landscape", "/factures")
    ready(page)
    page.click("#new-quote")
    page.click("#stay-in-demo")
    choose(page, "#form-client", "Clinique Saint-Joseph")
    form = page.locator("#document-form")
    form.locator(".line-label input").first.fill("Rénovation salle de soins")
    form.locator(".line-price input").first.fill("10 000")
    page.click("#save-document")
    expect(page.locator("#notice")).to_have_text(re.compile(r"Devis D\d{4}-\d{4} créé\."))
    number = re.search(r"D\d{4}-\d{4}", page.inner_text("#notice")).group(0)
    page.get_by_role("tab", name="Devis").click()
    row = page.locator(".quote-row").filter(has_text=number)
    row.get_by_role("button", name="Accepté").click()
    expect(row).to_contain_text("reste à facturer " + format_amount(12_000_00))
    expect(page.locator("#kpi-pipeline")).not_to_have_text(format_amount(0))
    row.locator(".quote-deposit").click()  # 30 % by default
    expect(row).to_contain_text("reste à facturer " + format_amount(8_400_00))
    row.locator(".quote-invoice").click()
    expect(row).to_contain_text("Facturé")
    page.get_by_role("tab", name="Factures").click()
    page.locator("#invoice-filter").get_by_role("radio", name="Toutes").click()
    expect(page.locator(".invoice-row").filter(has_text="Acompte").first).to_contain_text(
        format_amount(3_600_00)
    )
    page.close()


def test_client_card_refuses_a_wrong_siren_next_to_the_field(browser, app_url):
    page = open_page(browser, app_url, "phone", "/factures")
    ready(page)
    page.click("#new-client")
    page.fill("#cp-name", "Garage Martin")
    page.fill("#cp-siren", "123 456 789")
    page.click("#save-client")
    error = page.locator("#client-form .field-error")
    expect(error).to_contain_text("SIREN « 123 456 789 » invalide")
    page.fill("#cp-siren", "552 100 554")
    page.click("#save-client")
    expect(page.locator("#notice")).to_have_text("Fiche enregistrée.")
    page.get_by_role("tab", name="Clients").click()
    expect(page.locator(".client-row").filter(has_text="Garage Martin")).to_be_visible()
    page.close()


def test_todays_reminders_in_one_tap_without_smtp(browser, app_url):
    page = open_page(browser, app_url, "tablet-portrait", "/factures")
    ready(page)
    due = int(page.inner_text("#kpi-reminders"))
    assert due > 0  # the demo has late clients
    page.get_by_role("tab", name="Relances").click()
    first = page.locator(".due-reminder").first
    first.get_by_role("button", name="Voir le texte").click()
    expect(page.locator("#reminder-text")).to_contain_text("Cordialement")
    page.keyboard.press("Escape")
    page.click("#send-reminders")
    expect(page.locator("#notice")).to_have_text(f"0 envoyée, {due} à faire, 0 en échec.")
    expect(page.locator("#kpi-reminders")).to_have_text("0")
    todo = page.locator(".todo-reminder")
    expect(todo).to_have_count(due)
    todo.first.get_by_role("button", name="C'est fait").click()
    expect(todo).to_have_count(due - 1)
    page.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_invoicing_pages_at_every_size(browser, app_url, viewport):
    ARTEFACTS.mkdir(exist_ok=True)
    for path, name, selector in (
        ("/factures", "factures", "#kpi-receivable"),
        ("/fournisseurs", "fournisseurs", "#kpi-to-pay"),
        ("/parametres", "parametres", ".reminder-step"),
    ):
        page = open_page(browser, app_url, viewport, path)
        ready(page, selector)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= VIEWPORTS[viewport][0], f"{path} is wider than the {viewport} screen"
        page.screenshot(path=ARTEFACTS / f"{name}-{viewport}.png", full_page=True)
        assert page.js_errors == []
        page.close()
