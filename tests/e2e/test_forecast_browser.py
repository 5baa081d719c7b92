"""The scenario planner in Chromium: sliders, one-off events, a tapped day, at every size."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.companies import remove_real_companies
from tests.e2e.conftest import ARTEFACTS, VIEWPORTS, open_page
from tests.readers.samples import cfonb_amount, cfonb_record, recent
from treso_app.domain.calendar import today_paris
from treso_app.domain.forecast import Scenario
from treso_app.domain.money import format_amount
from treso_app.services.companies import create_company
from treso_app.services.forecast import company_forecast
from treso_app.ui.states.forecast import horizon_days

pytestmark = pytest.mark.browser


def _open(browser, app_url, viewport: str):
    page = open_page(browser, app_url, viewport, "/previsions")
    expect(page.locator("#forecast-safe-until")).not_to_be_empty(timeout=60_000)
    page.wait_for_selector("#scenario-chart .main-svg", timeout=60_000)
    return page


# Slider moves to try, in order: (knob, key, presses, label shown, the engine's scenario).
MOVES = [
    ("delay", "ArrowRight", 60, "Clients : +60 jours de retard", Scenario(client_delay_days=60)),
    ("expenses", "ArrowLeft", 30, "Dépenses : -30 %", Scenario(expenses_pct=-30)),
    ("revenue", "ArrowRight", 30, "Chiffre d'affaires : +30 %", Scenario(revenue_pct=30)),
]


def _shown(result) -> tuple[str, str]:
    """Safe-until (or since when it is under the threshold) and lowest point as the page
    writes them."""
    safe = f"{result.safe_until:%d/%m/%Y}" if result.safe_until else "Sur tout l'horizon"
    if result.under_since:
        today = result.under_since == result.days[0]
        safe = "aujourd'hui" if today else f"{result.under_since:%d/%m/%Y}"
    return safe, format_amount(result.lowest_cents)


def test_moving_a_slider_on_a_tablet_changes_the_forecast(browser, app_url, app_database):
    def engine(scenario):
        days = horizon_days("6")
        return company_forecast(today_paris(), days, scenario, url=app_database).result

    base = engine(Scenario())
    # The first move that changes today's demo's safe-until date, else its lowest point:
    # bills and salaries already written can hold the date whatever the knobs.
    moves = sorted(MOVES, key=lambda m: _shown(engine(m[4]))[0] == _shown(base)[0])
    knob, key, presses, label, scenario = moves[0]
    moved = engine(scenario)
    assert _shown(moved) != _shown(base)
    page = _open(browser, app_url, "tablet-landscape")
    expect(page.locator("#forecast-safe-until")).to_have_text(_shown(base)[0])
    expect(page.locator("#forecast-lowest")).to_contain_text(_shown(base)[1])
    chart = page.inner_html("#scenario-chart")
    page.locator(f"#knob-{knob} [role=slider]").focus()
    for _ in range(presses):
        page.keyboard.press(key)
    # Each press is one event the backend answers in turn: on a loaded machine, 60 of them
    # take longer than the default 5 s.
    expect(page.locator(f"#label-{knob}")).to_have_text(label, timeout=30_000)
    expect(page.locator("#forecast-safe-until")).to_have_text(_shown(moved)[0], timeout=10_000)
    expect(page.locator("#forecast-lowest")).to_contain_text(_shown(moved)[1])
    assert page.inner_html("#scenario-chart") != chart
    assert page.js_errors == []
    page.close()


def test_a_one_off_investment_lands_on_its_day_and_in_the_plan(browser, app_url):
    page = _open(browser, app_url, "desktop")
    on = today_paris() + timedelta(days=20)
    page.fill("#event-label", "Achat camion")
    page.fill("#event-on", on.isoformat())
    page.fill("#event-amount", "35 000")
    page.click("#add-event")
    shown = f"{on:%d/%m/%Y} · Achat camion · -35\u202f000,00\u00a0€"
    expect(page.get_by_text(shown)).to_be_visible(timeout=10_000)
    expect(page.locator("#cash-plan")).to_contain_text("Événements ponctuels")
    # Tapping the chart on that day lists it.
    box = page.locator("#scenario-chart .nsewdrag").bounding_box()
    horizon = horizon_days("6")  # the x axis runs from today to the horizon
    page.mouse.click(box["x"] + box["width"] * 20 / horizon, box["y"] + box["height"] / 2)
    expect(page.locator("#day-events")).to_contain_text(f"{on:%d/%m/%Y}", timeout=10_000)
    expect(page.locator("#day-events")).to_contain_text("Achat camion")
    page.fill("#event-amount", "abc")
    page.fill("#event-label", "Erreur")
    page.click("#add-event")
    amount_error = page.locator("#event-amount").locator(  # right under the amount typed
        "xpath=ancestor::div[contains(@class, 'rt-Flex')][1]/*[contains(@class, 'field-error')]"
    )
    expect(amount_error).to_contain_text("n'est pas un montant")
    assert page.js_errors == []
    page.close()


def test_a_saved_scenario_is_deleted_only_once_confirmed(browser, app_url):
    page = _open(browser, app_url, "tablet-portrait")
    page.fill("#scenario-name", "Embauche d'un apprenti")
    page.click("#save-scenario")
    row = page.locator(".saved-scenario").filter(has_text="Embauche d'un apprenti")
    expect(row).to_have_count(1, timeout=30_000)
    dialog = page.locator("#delete-scenario-dialog")

    row.get_by_role("button", name="Supprimer").click()
    expect(dialog).to_contain_text("« Embauche d'un apprenti » et ses réglages seront supprimés")
    page.screenshot(path=str(ARTEFACTS / "delete-scenario-tablet.png"))
    dialog.get_by_role("button", name="Annuler").click()
    expect(dialog).to_have_count(0)
    expect(row).to_have_count(1)  # kept

    row.get_by_role("button", name="Supprimer").click()
    page.click("#confirm-delete-scenario")
    expect(row).to_have_count(0, timeout=30_000)
    expect(dialog).to_have_count(0)
    page.close()


def test_the_plan_downloads_as_an_excel_workbook(browser, app_url, tmp_path):
    page = _open(browser, app_url, "desktop")
    expect(page.locator("#cash-plan")).to_contain_text("Trésorerie fin de mois")
    with page.expect_download() as download:
        page.click("#export-xlsx")
    assert download.value.suggested_filename == "plan-de-tresorerie.xlsx"
    download.value.save_as(tmp_path / "plan.xlsx")
    sheet = load_workbook(tmp_path / "plan.xlsx").active
    assert sheet.cell(1, 1).value == "Catégorie"
    assert [row[0].value for row in sheet.iter_rows(min_row=2)][-1] == "Trésorerie fin de mois"
    page.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_planner_fits_every_screen(browser, app_url, viewport):
    page = _open(browser, app_url, viewport)
    # Forecast vs actual: the demo kept a forecast a month ago.
    expect(page.locator("#forecast-vs-actual")).to_contain_text("Tréso prévoyait")
    page.wait_for_selector("#versus-chart .main-svg", timeout=30_000)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow}px of horizontal scrolling at {viewport}"
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTEFACTS / f"previsions-{viewport}.png", full_page=True)
    assert page.js_errors == []
    page.close()


@pytest.fixture
def own_company(app_database):
    """The inbox imports into the owner's company, never into the demo: one for this test."""
    yield create_company("Plomberie Dupont", app_database)
    remove_real_companies(app_database)


def test_the_open_planner_starts_again_from_an_inbox_import(
    browser, app_url, app_inbox, app_database, own_company
):
    page = _open(browser, app_url, "desktop")
    before = company_forecast(today_paris(), horizon_days("6"), Scenario(), url=app_database)
    expect(page.locator("#forecast-lowest")).to_contain_text(_shown(before.result)[1])
    record = dict(bank="30003", branch="01000", account="0000987654P", date=recent(3, "%d%m%y"))
    lines = [
        cfonb_record("01", **record, amount=cfonb_amount(0)),
        cfonb_record("04", **record, label="VIR CLIENT", amount=cfonb_amount(4_321_00)),
        cfonb_record("07", **record, amount=cfonb_amount(4_321_00)),
    ]
    (app_inbox / "planner.cfonb").write_text("\n".join(lines) + "\n", encoding="cp1252")
    done = app_inbox / "done" / "planner.cfonb"
    for _ in range(40):  # the scheduler polls the inbox every 3 s
        if done.exists():
            break
        time.sleep(0.5)
    assert done.exists(), "the inbox file was not imported"
    after = company_forecast(today_paris(), horizon_days("6"), Scenario(), url=app_database)
    assert after.inputs.balance_cents == before.inputs.balance_cents + 4_321_00
    # The page checks for new bank data every 5 s and starts again from it.
    expect(page.locator("#forecast-lowest")).to_contain_text(
        _shown(after.result)[1], timeout=15_000
    )
    assert page.js_errors == []
    page.close()
