"""The scenario planner in Chromium on a tablet: a slider moves the forecast."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTEFACTS, VIEWPORTS

pytestmark = pytest.mark.browser


def test_moving_a_slider_on_a_tablet_changes_the_forecast(browser, app_url):
    width, height = VIEWPORTS["tablet-landscape"]
    page = browser.new_page(viewport={"width": width, "height": height}, has_touch=True)
    page.goto(app_url + "/previsions")
    safe = page.locator("#forecast-safe-until")
    expect(safe).not_to_be_empty(timeout=60_000)
    page.wait_for_selector("#scenario-chart .main-svg", timeout=60_000)
    probability = page.inner_text("#forecast-probability")
    chart = page.inner_html("#scenario-chart")
    page.locator("#knob-unpaid [role=slider]").focus()
    for _ in range(30):
        page.keyboard.press("ArrowRight")
    expect(page.locator("#label-unpaid")).to_have_text("Factures jamais payées : 30 %")
    expect(page.locator("#forecast-probability")).not_to_have_text(probability, timeout=10_000)
    assert page.inner_html("#scenario-chart") != chart
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTEFACTS / "previsions-tablet-landscape.png", full_page=True)
    page.close()
