"""The demo is named so on every page, and a first real import does not go into it: the
owner names their company, confirms that a 2022 statement creates accounts, and every page
then shows their company, each account with the day its balance is known at."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlmodel import func, select

from tests.e2e.companies import remove_real_companies
from tests.e2e.conftest import ARTEFACTS, open_page
from treso_app.db import tables as t
from treso_app.db.session import read_only
from treso_app.domain.money import format_amount

pytestmark = pytest.mark.browser
STATEMENT = (
    Path(__file__).resolve().parents[3]
    / "shared/fixtures/ofx/gpaulissen__ofxstatement-french/BPACA_OP_20220802.ofx"
)
SIZES = {"tablet": (1024, 768), "phone": (390, 844)}


def lines_by_company(url: str) -> dict[bool, int]:
    """Bank lines of the demo (True) and of the other companies (False)."""
    with read_only(url) as session:
        rows = session.exec(
            select(t.Company.is_demo, func.count(t.BankTransaction.id))
            .join(t.BankTransaction, t.BankTransaction.company_id == t.Company.id)
            .group_by(t.Company.is_demo)
        ).all()
    return dict(rows)


def shoot(page, name: str) -> None:
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} at {size} scrolls sideways"
        page.screenshot(path=ARTEFACTS / f"{name}-{size}.png", full_page=True)


@pytest.fixture
def only_the_demo(app_database):
    remove_real_companies(app_database)
    yield
    remove_real_companies(app_database)


@pytest.mark.skipif(not STATEMENT.exists(), reason="no shared fixtures")
def test_a_first_import_creates_the_owners_company_instead_of_filling_the_demo(
    browser, app_url, app_database, only_the_demo
):
    ARTEFACTS.mkdir(exist_ok=True)
    demo_lines = lines_by_company(app_database)[True]
    page = open_page(browser, app_url, "tablet-landscape", "/")
    tag = page.locator("#company-tag")
    expect(tag).to_contain_text("Martin Plomberie", timeout=60_000)
    expect(tag).to_contain_text("Démo")
    page.wait_for_selector("#forecast-chart .main-svg", timeout=60_000)
    expect(page.locator(".dashboard-account").first).to_contain_text("solde au")
    shoot(page, "demo-dashboard")

    page.goto(app_url + "/banque")
    expect(page.locator("#last-sync")).not_to_be_empty(timeout=60_000)
    expect(page.locator("#company-tag")).to_contain_text("Démo")
    page.set_input_files("#statements input[type=file]", str(STATEMENT))
    page.fill("#own-company-name", "Plomberie Dupont")
    page.screenshot(path=ARTEFACTS / "own-company-dialog.png")
    page.click("#create-own-company")
    # The statement ends on 02/08/2022 and creates two accounts: asked first.
    expect(page.get_by_role("alertdialog")).to_contain_text("s'arrête au 02/08/2022")
    page.screenshot(path=ARTEFACTS / "old-statement-dialog.png")
    page.click("#confirm-old")
    card = page.locator(".import-result").filter(has_text="BPACA_OP_20220802.ofx")
    expect(card).to_contain_text("Importé", timeout=30_000)
    expect(page.locator("#company-tag")).to_have_text("Plomberie Dupont")
    accounts = page.locator("#bank-accounts")
    expect(accounts).to_contain_text(format_amount(345254))
    expect(accounts).to_contain_text("solde au 02/08/2022")
    expect(accounts.locator(".bank-account").first).to_contain_text("Ancien")
    shoot(page, "owner-banque")
    assert lines_by_company(app_database) == {True: demo_lines, False: 38}

    page.goto(app_url + "/")
    expect(page.locator("#total-balance")).to_have_text(  # 3 452,54 + 9 556,42
        format_amount(1300896), timeout=60_000
    )
    expect(page.locator("#company-tag")).not_to_contain_text("Démo")
    expect(page.locator("#alerts")).to_contain_text("date du 02/08/2022")
    page.wait_for_selector("#forecast-chart .main-svg", timeout=60_000)
    shoot(page, "owner-dashboard")
    assert page.js_errors == []
    page.close()


def test_a_first_invoice_in_the_demo_asks_for_the_owners_company(
    browser, app_url, app_database, only_the_demo
):
    with read_only(app_database) as session:
        demo_invoices = session.exec(select(func.count()).select_from(t.Invoice)).one()
    page = open_page(browser, app_url, "tablet-landscape", "/factures")
    expect(page.locator("#kpi-receivable").first).not_to_be_empty(timeout=60_000)
    page.click("#new-invoice")
    expect(page.locator("#stay-in-demo")).to_be_visible()
    page.fill("#own-company-name", "Atelier Martin")
    page.screenshot(path=ARTEFACTS / "own-company-invoice.png")
    page.click("#create-own-company")
    expect(page.locator("#document-form")).to_be_visible(timeout=30_000)
    expect(page.locator("#company-tag")).to_have_text("Atelier Martin")
    page.click("#save-document")  # the new company has no client yet: none of the demo's
    expect(page.locator("#document-form .field-error")).to_have_text("Choisissez un client.")
    with read_only(app_database) as session:
        assert session.exec(select(func.count()).select_from(t.Invoice)).one() == demo_invoices
        names = session.exec(select(t.Company.name).where(t.Company.is_demo.is_(False))).all()
    assert names == ["Atelier Martin"]
    page.close()
