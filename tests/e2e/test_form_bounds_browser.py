"""Out-of-bounds values typed in a form get the service's French message right under the
field they were typed in, on a tablet and on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTEFACTS, open_page

pytestmark = pytest.mark.browser

NNBSP = "\u202f"
TOO_BIG = (
    f"Le montant du paiement dépasse la limite de 999{NNBSP}999{NNBSP}999{NNBSP}999 € : "
    "vérifiez le nombre de chiffres."
)
YEAR_9999 = "La date du paiement (31/12/9999) doit être entre le 01/01/1900 et le 31/12/2100."


def error_under(page, field: str):
    """The error shown in the same labelled field (the nearest stack) as the input `field`."""
    return page.locator(f"#{field}").locator(
        "xpath=ancestor::div[contains(@class, 'rt-Flex')][1]/*[contains(@class, 'field-error')]"
    )


def assert_right_under(page, field: str) -> None:
    """The error's box starts just below the input, in its column."""
    box = page.locator(f"#{field}").bounding_box()
    error = error_under(page, field).bounding_box()
    assert abs(error["x"] - box["x"]) < 4
    assert 0 <= error["y"] - (box["y"] + box["height"]) < 16


@pytest.mark.parametrize("viewport", ["tablet-landscape", "phone"])
def test_a_20_digit_amount_and_a_year_9999_are_refused_next_to_their_field(
    browser, app_url, viewport
):
    page = open_page(browser, app_url, viewport, "/factures?filtre=retard")
    page.locator(".invoice-row").first.click()
    sheet = page.locator("#invoice-detail")
    expect(sheet.locator("#pay-amount")).to_be_visible(timeout=60_000)
    payments_before = sheet.locator(".payment-row").count()

    page.fill("#pay-amount", "12345678901234567890")
    page.click("#save-payment")
    expect(error_under(page, "pay-amount")).to_have_text(TOO_BIG)
    expect(error_under(page, "pay-date")).to_have_count(0)
    assert_right_under(page, "pay-amount")
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTEFACTS / f"payment-amount-bounds-{viewport}.png")

    page.fill("#pay-amount", "10,00")  # typing again clears that field's error
    expect(error_under(page, "pay-amount")).to_have_count(0)
    page.fill("#pay-date", "9999-12-31")
    page.click("#save-payment")
    expect(error_under(page, "pay-date")).to_have_text(YEAR_9999)
    expect(error_under(page, "pay-amount")).to_have_count(0)
    assert_right_under(page, "pay-date")
    error_under(page, "pay-date").scroll_into_view_if_needed()
    page.screenshot(path=ARTEFACTS / f"payment-bounds-{viewport}.png")

    expect(sheet.locator(".payment-row")).to_have_count(payments_before)  # nothing recorded
    expect(page.locator("#notice")).to_have_count(0)
    assert page.js_errors == []
    page.close()


def test_a_megabyte_pasted_in_a_field_is_cut_and_refused_without_losing_the_page(browser, app_url):
    """Sent whole, it would drop the page's connection and the next click would save what
    the page showed before (the attacker saw a wrong payment recorded)."""
    page = open_page(browser, app_url, "tablet-landscape", "/factures?filtre=retard")
    page.locator(".invoice-row").first.click()
    sheet = page.locator("#invoice-detail")
    expect(sheet.locator("#pay-amount")).to_be_visible(timeout=60_000)
    payments_before = sheet.locator(".payment-row").count()

    page.fill("#pay-amount", "1" * 1_000_000)
    assert len(page.input_value("#pay-amount")) == 2000
    page.click("#save-payment")
    expect(error_under(page, "pay-amount")).to_have_text(
        f"Ce montant fait 2{NNBSP}000 caractères : un montant en compte 40 au plus."
    )
    expect(sheet.locator(".payment-row")).to_have_count(payments_before)  # nothing recorded
    assert page.js_errors == []
    page.close()
