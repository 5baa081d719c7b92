"""Recurring flows on a tablet: a flow found in the demo's bank history is confirmed on
/parametres in one tap, then lands on its day in the planner."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from tests.e2e.conftest import ARTEFACTS, open_page
from treso_app.db import tables as t
from treso_app.db.session import transaction
from treso_app.domain.calendar import today_paris
from treso_app.services import recurring
from treso_app.services.companies import resolve_company
from treso_app.ui.states.forecast import horizon_days

pytestmark = pytest.mark.browser


def _proposed(app_database):
    """The demo declares all its flows: two the owner has not declared yet (their items
    gone), found again by the bookkeeping step; the nearest flow it proposes ahead (the
    other stays to be edited)."""
    company = resolve_company(url=app_database)
    with transaction(app_database) as session:
        undeclared = t.RecurringItem.label.in_(["ORANGE PRO", "EDF ENTREPRISES"])
        for item in session.exec(select(t.RecurringItem).where(undeclared)).all():
            session.delete(item)
    recurring.detect_recurring(company, app_database)
    today = today_paris()
    return next(
        row
        for row in recurring.list_recurring(company, app_database).detected
        if today < row.next_on <= today + timedelta(days=150)
    )


def test_confirm_a_detected_item_and_see_it_in_the_planner(browser, app_url, app_database):
    item = _proposed(app_database)
    page = open_page(browser, app_url, "tablet-landscape", "/parametres")
    row = page.locator(".recurring-detected", has_text=item.label)
    expect(row).to_contain_text("détecté", timeout=60_000)
    expect(row).to_contain_text(f"prochaine le {item.next_on:%d/%m/%Y}")
    confirm = row.locator(".recurring-confirm")
    box = confirm.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44  # one tap with a thumb
    page.screenshot(path=str(ARTEFACTS / "recurring-tablet-landscape.png"), full_page=True)
    confirm.click()
    confirmed = page.locator(".recurring-confirmed", has_text=item.label)
    expect(confirmed).to_be_visible(timeout=10_000)
    expect(confirmed).not_to_contain_text("détecté")
    expect(page.locator(".recurring-detected", has_text=item.label)).to_have_count(0)
    phone = open_page(browser, app_url, "phone", "/parametres")
    expect(phone.locator("#recurring-card")).to_contain_text(item.label, timeout=60_000)
    phone.screenshot(path=str(ARTEFACTS / "recurring-phone.png"), full_page=True)
    # « Modifier » opens the item's form; a bad amount is named, nothing saved.
    phone.locator(".recurring-detected .recurring-edit").first.click()
    dialog = phone.locator("#recurring-dialog")
    expect(dialog).to_be_visible(timeout=10_000)
    dialog.locator("input").nth(1).fill("abc")
    phone.click("#recurring-save")
    expect(dialog).to_contain_text("abc", timeout=10_000)
    phone.screenshot(path=str(ARTEFACTS / "recurring-edit-phone.png"))
    assert page.js_errors == [] and phone.js_errors == []
    phone.close()

    page.goto(app_url + "/previsions")
    page.wait_for_selector("#scenario-chart .main-svg", timeout=60_000)
    chart = page.locator("#scenario-chart .nsewdrag").bounding_box()
    days = (item.next_on - today_paris()).days
    page.mouse.click(
        chart["x"] + chart["width"] * days / horizon_days("6"), chart["y"] + chart["height"] / 2
    )
    events = page.locator("#day-events")
    expect(events).to_contain_text(f"{item.next_on:%d/%m/%Y}", timeout=10_000)
    expect(events).to_contain_text(item.label)
    assert page.js_errors == []
    page.close()
