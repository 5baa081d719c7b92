"""Statements into the real app: upload on /banque, the inbox, and the live dashboard.

They go to the owner's own company, which these tests create next to the demo (with an
account and a few lines) and remove afterwards.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.companies import remove_real_companies
from tests.e2e.conftest import ARTEFACTS, VIEWPORTS, open_page
from tests.readers.samples import cfonb_amount, cfonb_record, ofx_sgml, ofx_transaction, recent
from treso_app.db import tables as t
from treso_app.db.session import transaction
from treso_app.domain.money import format_amount
from treso_app.services.accounts import resolve_account
from treso_app.services.companies import create_company
from treso_app.services.dashboard import load_dashboard
from treso_app.services.imports import import_file
from treso_app.services.spreadsheets import import_sheet

pytestmark = pytest.mark.browser
OWN_IBAN = "FR1420041010050500013M02606"


@pytest.fixture(autouse=True)
def own_company(app_database):
    """The owner's company, with an account and some history: statements never go into the
    demo. Made for each test (every browser test starts from the demo as loaded)."""
    company = create_company("Plomberie Dupont", app_database)
    account = resolve_account(company, OWN_IBAN, app_database)
    with transaction(app_database) as session:
        session.get(t.BankAccount, account).name = "Compte courant"
    history = "Date;Libellé;Montant\n" + "".join(
        f"{day:02d}/11/2026;CB FOURNITURES {day};-{day},50\n" for day in range(2, 20)
    )
    import_file(company, "historique.csv", history.encode(), account_id=account, url=app_database)
    yield company
    remove_real_companies(app_database)


def wait_for_bank_page(page) -> None:
    expect(page.locator("#last-sync")).not_to_be_empty(timeout=60_000)


def total_on_dashboard(page) -> str:
    page.wait_for_selector("#total-balance:not(:empty)", timeout=60_000)
    return page.inner_text("#total-balance")


def test_upload_on_a_tablet_shows_the_result_and_the_new_balance(
    browser, app_url, app_database, tmp_path
):
    before = load_dashboard(url=app_database).total_cents
    statement = tmp_path / "releve-novembre.ofx"
    statement.write_bytes(
        ofx_sgml(
            ofx_transaction(recent(8, "%Y%m%d"), "-12,50", "CB BOULANGERIE", "U1")
            + ofx_transaction(recent(7, "%Y%m%d"), "1 500,00", "VIR CLIENT DURAND", "U2"),
            balance="2 000,00",
            as_of=recent(7, "%Y%m%d"),
        )
    )
    page = open_page(browser, app_url, "tablet-portrait", "/banque")
    wait_for_bank_page(page)
    page.set_input_files("#statements input[type=file]", str(statement))
    card = page.locator(".import-result").filter(has_text="releve-novembre.ofx")
    expect(card).to_contain_text("Importé", timeout=30_000)
    expect(card).to_contain_text("2 nouvelles, 0 déjà connue")
    expect(card).to_contain_text("Solde vérifié : 2 000,00 €")
    expect(page.locator("#import-runs")).to_contain_text("releve-novembre.ofx")

    page.goto(app_url + "/")
    expected = format_amount(before + 200000)  # the new account holds the statement's balance
    expect(page.locator("#total-balance")).to_have_text(expected, timeout=30_000)
    assert load_dashboard(url=app_database).total_cents == before + 200000
    page.close()


def test_an_uploaded_payment_settles_its_invoice_once_the_result_is_shown(
    browser, app_url, app_database, own_company, tmp_path
):
    """The result card first, then the bookkeeping: the line finds its invoice by number."""
    sheet = (
        "numéro;client;date_facture;date_échéance;montant_ttc\n"
        "F2026-0042;Hôtel du Parc;01/10/2026;31/10/2026;1 200,00\n"
    )
    import_sheet(own_company, "invoices", "factures.csv", sheet.encode(), app_database)
    statement = tmp_path / "releve-hotel.ofx"
    statement.write_bytes(
        ofx_sgml(
            ofx_transaction(recent(6, "%Y%m%d"), "1 200,00", "VIR HOTEL DU PARC F2026-0042", "H1"),
            as_of=recent(6, "%Y%m%d"),
        )
    )
    page = open_page(browser, app_url, "tablet-landscape", "/banque")
    wait_for_bank_page(page)
    page.set_input_files("#statements input[type=file]", str(statement))
    card = page.locator(".import-result").filter(has_text="releve-hotel.ofx")
    expect(card).to_contain_text("1 nouvelle", timeout=30_000)
    expect(page.locator("#review-queue")).to_contain_text("Rien à vérifier", timeout=30_000)

    page.goto(app_url + "/factures?filtre=payees")
    row = page.locator(".invoice-row").filter(has_text="F2026-0042")
    expect(row).to_contain_text("Payée", timeout=60_000)
    page.close()


def test_a_refused_file_says_why(browser, app_url, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Liste des courses : pain, lait\n")
    page = open_page(browser, app_url, "phone", "/banque")
    wait_for_bank_page(page)
    page.set_input_files("#statements input[type=file]", str(notes))
    card = page.locator(".import-result").filter(has_text="notes.txt")
    expect(card).to_contain_text("Refusé", timeout=30_000)
    expect(card).to_contain_text("Tréso lit les relevés OFX/QFX, CSV, CAMT.053 et CFONB 120")
    page.close()


def test_an_unknown_csv_layout_is_confirmed_then_imported(browser, app_url, tmp_path):
    export = tmp_path / "export-banque.csv"
    export.write_text("Quand;Quoi;Combien\n20/11/2026;ACHAT OUTILLAGE;-89,90\n", encoding="utf-8")
    page = open_page(browser, app_url, "tablet-landscape", "/banque")
    wait_for_bank_page(page)
    page.click("#import-account")
    page.get_by_role("option", name=re.compile("Compte courant")).click()
    page.set_input_files("#statements input[type=file]", str(export))
    mapping = page.locator("#csv-mapping")
    expect(mapping).to_contain_text("export-banque.csv", timeout=30_000)
    page.click("#confirm-mapping")
    card = page.locator(".import-result").filter(has_text="export-banque.csv")
    expect(card).to_contain_text("Importé", timeout=30_000)
    expect(card).to_contain_text("1 nouvelle,")
    expect(page.locator("#transactions")).to_contain_text("ACHAT OUTILLAGE")
    page.close()


def test_the_open_dashboard_shows_an_inbox_import_without_a_reload(
    browser, app_url, app_database, app_inbox
):
    page = open_page(browser, app_url, "desktop", "/")
    before_text = total_on_dashboard(page)
    before = load_dashboard(url=app_database).total_cents
    assert before_text == format_amount(before)
    statement = "\n".join(
        [
            cfonb_record(
                "01",
                bank="30002",
                branch="00550",
                account="0000157845Z",
                amount=cfonb_amount(0),
                date=recent(3, "%d%m%y"),
            ),
            cfonb_record(
                "04",
                bank="30002",
                branch="00550",
                account="0000157845Z",
                date=recent(3, "%d%m%y"),
                label="VIR CLIENT",
                amount=cfonb_amount(4_200_00),
            ),
            cfonb_record(
                "07",
                bank="30002",
                branch="00550",
                account="0000157845Z",
                date=recent(3, "%d%m%y"),
                amount=cfonb_amount(4_200_00),
            ),
        ]
    )
    (app_inbox / "releve.cfonb").write_text(statement + "\n", encoding="cp1252")
    # The scheduler polls every 3 s and the page checks every 5 s: well within 10 s.
    expect(page.locator("#total-balance")).to_have_text(
        format_amount(before + 4_200_00), timeout=15_000
    )
    assert (app_inbox / "done" / "releve.cfonb").exists()
    page.goto(app_url + "/banque")
    expect(page.locator("#last-sync")).to_contain_text("Dernière synchronisation", timeout=30_000)
    page.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_bank_page_reads_well_at_every_size(browser, app_url, viewport):
    page = open_page(browser, app_url, viewport, "/banque")
    wait_for_bank_page(page)
    expect(page.locator(".transaction-row").first).to_be_visible(timeout=30_000)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTEFACTS / f"banque-{viewport}.png", full_page=True)
    page.close()


def test_a_file_too_big_is_refused_by_name(browser, app_url, tmp_path):
    huge = tmp_path / "export-10-ans.csv"
    with huge.open("wb") as output:
        output.truncate(51 * 1024 * 1024)
    page = open_page(browser, app_url, "desktop", "/banque")
    wait_for_bank_page(page)
    page.set_input_files("#statements input[type=file]", str(huge))
    card = page.locator(".import-result").filter(has_text="export-10-ans.csv")
    expect(card).to_contain_text(
        "« export-10-ans.csv » fait 51 Mo : la limite est de 50 Mo", timeout=30_000
    )
    page.close()
