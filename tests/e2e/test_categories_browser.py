"""A bank line recategorised with a rule on a tablet: tap its chip, « Toujours classer
« LEROY MERLIN » ici », pick the category, apply to the past — every LEROY MERLIN line
changes. And the « Catégories et règles » card on /parametres shows the rule."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from tests.e2e.conftest import ARTEFACTS, open_page
from treso_app.db import tables as t
from treso_app.db.session import read_only

pytestmark = pytest.mark.browser


def categories_of(url: str, word: str) -> set[str]:
    with read_only(url) as session:
        rows = session.exec(
            select(t.Category.name)
            .join(t.BankTransaction, t.BankTransaction.category_id == t.Category.id)
            .where(t.BankTransaction.label.contains(word))
        ).all()
    return set(rows)


@pytest.mark.parametrize("viewport", ["tablet-landscape"])
def test_a_rule_from_a_line_recategorises_its_counterparty(
    browser, app_url, app_database, viewport
):
    assert categories_of(app_database, "LEROY MERLIN") == {"Achats et matières"}  # the demo's
    page = open_page(browser, app_url, viewport, "/banque")
    search = page.locator("#transaction-search")
    search.fill("leroy merlin")
    rows = page.locator(".transaction-row")
    expect(rows.first).to_contain_text("LEROY MERLIN", timeout=60_000)
    expect(page.locator("#transactions-count")).to_contain_text("opérations", timeout=30_000)
    count = rows.count()
    assert count > 3
    expect(rows.locator(".category-chip").first).to_contain_text("Achats et matières")
    ARTEFACTS.mkdir(exist_ok=True)
    search.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTEFACTS / f"categories-before-{viewport}.png"))

    rows.first.locator(".category-chip").click()
    page.screenshot(path=str(ARTEFACTS / f"categories-menu-{viewport}.png"))
    page.locator(".always-rule").click()
    page.locator(".always-menu").get_by_role("menuitem", name="Divers", exact=True).click()
    expect(page.get_by_role("alertdialog")).to_contain_text("LEROY MERLIN")
    page.screenshot(path=str(ARTEFACTS / f"categories-ask-past-{viewport}.png"))
    page.locator("#apply-past").click()

    expect(page.locator("#category-notice")).to_contain_text("reclassée", timeout=30_000)
    chips = page.locator(".transaction-row .category-chip")
    for index in range(count):
        expect(chips.nth(index)).to_have_text("Divers", timeout=30_000)
    page.screenshot(path=str(ARTEFACTS / f"categories-after-{viewport}.png"))
    assert categories_of(app_database, "LEROY MERLIN") == {"Divers"}  # every line, not 50
    assert page.js_errors == []

    settings = open_page(browser, app_url, viewport, "/parametres")
    card = settings.locator("#categories-card")
    expect(card.locator(".rule-row")).to_contain_text("LEROY MERLIN", timeout=60_000)
    expect(card.locator(".rule-row")).to_contain_text("Divers")
    card.scroll_into_view_if_needed()
    settings.screenshot(path=str(ARTEFACTS / f"categories-settings-{viewport}.png"))
    assert settings.js_errors == []


@pytest.mark.parametrize("viewport", ["phone"])
def test_chips_and_the_card_fit_a_phone(browser, app_url, viewport):
    page = open_page(browser, app_url, viewport, "/banque")
    chip = page.locator(".transaction-row .category-chip").first
    expect(chip).to_be_visible(timeout=60_000)
    chip.scroll_into_view_if_needed()
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"categories-bank-{viewport}.png"))
    chip.click()
    page.screenshot(path=str(ARTEFACTS / f"categories-menu-{viewport}.png"))
    settings = open_page(browser, app_url, viewport, "/parametres")
    card = settings.locator("#categories-card")
    expect(card.locator(".category-row").first).to_be_visible(timeout=60_000)
    card.scroll_into_view_if_needed()
    settings.screenshot(path=str(ARTEFACTS / f"categories-settings-{viewport}.png"))
    settings.locator("#rule-form").scroll_into_view_if_needed()
    settings.screenshot(path=str(ARTEFACTS / f"rule-form-{viewport}.png"))
    width = settings.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the screen
    assert page.js_errors == [] and settings.js_errors == []


def brico_lines(url: str) -> list[tuple[int, str]]:
    with read_only(url) as session:
        return session.exec(
            select(t.BankTransaction.amount_cents, t.Category.name)
            .join(t.Category, t.Category.id == t.BankTransaction.category_id)
            .where(t.BankTransaction.label.contains("BRICO DEPOT"))
        ).all()


@pytest.mark.parametrize("viewport", ["tablet-landscape"])
def test_an_amount_range_rule_typed_on_the_settings_page(browser, app_url, app_database, viewport):
    """« Le libellé contient brico depot », Sorties, from 100,00 € → Divers, applied to the
    past: the big BRICO DEPOT lines go to Divers, the small ones stay in their category."""
    assert {name for _, name in brico_lines(app_database)} == {"Achats et matières"}
    settings = open_page(browser, app_url, viewport, "/parametres")
    form = settings.locator("#rule-form")
    expect(form).to_be_visible(timeout=60_000)
    form.scroll_into_view_if_needed()
    settings.locator("#rule-pattern").fill("brico depot")
    settings.locator("#rule-direction").click()
    settings.get_by_role("option", name="Sorties", exact=True).click()
    settings.locator("#rule-min").fill("100,5")
    settings.locator("#rule-max").fill("12,345")
    settings.locator("#rule-category").click()
    settings.get_by_role("option", name="Divers", exact=True).click()
    settings.locator("#add-rule").click()
    expect(form.locator(".field-error")).to_contain_text("deux décimales", timeout=30_000)
    ARTEFACTS.mkdir(exist_ok=True)
    settings.screenshot(path=str(ARTEFACTS / f"rule-form-error-{viewport}.png"))
    settings.locator("#rule-max").fill("")
    settings.locator("#add-rule").click()
    expect(settings.locator("#rule-notice")).to_contain_text("reclass", timeout=30_000)
    rule = settings.locator(".rule-row", has_text="brico depot")
    expect(rule).to_contain_text("Divers")
    expect(rule).to_contain_text("décaissements · à partir de 100,50")
    settings.screenshot(path=str(ARTEFACTS / f"rule-form-made-{viewport}.png"))

    lines = brico_lines(app_database)
    assert {name for cents, name in lines if cents <= -100_50} == {"Divers"}
    assert {name for cents, name in lines if cents > -100_50} == {"Achats et matières"}
    page = open_page(browser, app_url, viewport, "/banque")
    page.locator("#transaction-search").fill("brico depot")
    chips = page.locator(".transaction-row .category-chip")
    expect(chips.filter(has_text="Divers").first).to_be_visible(timeout=60_000)
    chips.filter(has_text="Divers").first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTEFACTS / f"rule-form-bank-{viewport}.png"))
    assert settings.js_errors == [] and page.js_errors == []


def cedeo_lines(url: str) -> set[tuple[str, str | None]]:
    with read_only(url) as session:
        return set(
            session.exec(
                select(t.Category.name, t.BankTransaction.category_source)
                .join(t.Category, t.Category.id == t.BankTransaction.category_id)
                .where(t.BankTransaction.label.contains("CB CEDEO COMPTOIR"))
            ).all()
        )


@pytest.mark.parametrize("viewport", ["tablet-landscape", "phone"])
def test_the_menu_ticks_the_current_category_and_a_change_can_be_undone(
    browser, app_url, app_database, viewport
):
    before = cedeo_lines(app_database)
    page = open_page(browser, app_url, viewport, "/banque")
    page.locator("#transaction-search").fill("cb cedeo comptoir")
    chip = page.locator(".transaction-row .category-chip").first
    expect(chip).to_have_text("Achats et matières", timeout=60_000)
    chip.scroll_into_view_if_needed()
    chip.click()
    expect(page.locator(".category-menu .current-category")).to_have_text("Achats et matières")
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"category-menu-tick-{viewport}.png"))
    page.locator(".category-menu").get_by_role("menuitem", name="Divers", exact=True).click()
    expect(page.locator("#category-toast")).to_contain_text("Classée en Divers", timeout=30_000)
    expect(chip).to_have_text("Divers", timeout=30_000)
    page.screenshot(path=str(ARTEFACTS / f"category-toast-{viewport}.png"))
    page.locator("#undo-category").click()
    expect(chip).to_have_text("Achats et matières", timeout=30_000)
    expect(page.locator("#category-toast")).to_have_count(0)
    assert cedeo_lines(app_database) == before  # its source too: not « manuel »
    assert page.js_errors == []


def a_confirmed_flow_from_the_statements(url: str) -> str:
    with read_only(url) as session:
        return session.exec(
            select(t.RecurringItem.label).where(
                t.RecurringItem.status == "confirmé", t.RecurringItem.match_key.is_not(None)
            )
        ).first()


@pytest.mark.parametrize("viewport", ["tablet-landscape"])
def test_deleting_a_flow_asks_first_and_an_ignored_one_comes_back(
    browser, app_url, app_database, viewport
):
    """/parametres, the card below « Catégories et règles »: « Supprimer » says what it
    does; the flow then waits under « Échéances ignorées » until « Rétablir »."""
    label = a_confirmed_flow_from_the_statements(app_database)
    page = open_page(browser, app_url, viewport, "/parametres")
    row = page.locator(".recurring-confirmed", has_text=label).first
    expect(row).to_be_visible(timeout=60_000)
    row.scroll_into_view_if_needed()
    row.locator(".recurring-delete").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("ne sera plus prévu ni proposé")
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"recurring-delete-dialog-{viewport}.png"))
    dialog.locator(".recurring-delete-confirm").click()
    expect(page.locator(".recurring-confirmed", has_text=label)).to_have_count(0, timeout=30_000)
    page.locator("#recurring-ignored-toggle").click()
    ignored = page.locator(".recurring-ignored", has_text=label)
    ignored.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTEFACTS / f"recurring-ignored-{viewport}.png"))
    ignored.locator(".recurring-restore").click()
    expect(page.locator(".recurring-detected", has_text=label)).to_be_visible(timeout=30_000)
    assert page.js_errors == []
