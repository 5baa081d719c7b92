"""Paying suppliers in the real app: dates scheduled, shown before the download, one PmtInf
per execution date in the file, every file kept and downloadable again, and a bill put in a
second file only after a confirmation naming the first."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from decimal import Decimal

import defusedxml.ElementTree as ET
import pytest
from playwright.sync_api import expect
from sqlmodel import select

from tests.e2e.conftest import ARTEFACTS, open_page
from treso_app.db import tables as t
from treso_app.db.session import read_only
from treso_app.domain.calendar import next_bank_day, today_paris
from treso_app.domain.money import format_amount, parse_amount
from treso_app.services.bills import bill_rows
from treso_app.services.companies import current_company

pytestmark = pytest.mark.browser
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


def ready(page) -> None:
    expect(page.locator("#kpi-to-pay")).not_to_be_empty(timeout=60_000)


def payments(xml: bytes) -> dict[str, list[tuple[str, int]]]:
    """ReqdExctnDt of each PmtInf → its transfers (reference, cents)."""
    root = ET.fromstring(xml)
    return {
        block.find("p:ReqdExctnDt", NS).text: [
            (
                x.find("p:RmtInf/p:Ustrd", NS).text,
                int(Decimal(x.find("p:Amt/p:InstdAmt", NS).text) * 100),
            )
            for x in block.findall("p:CdtTrfTxInf", NS)
        ]
        for block in root.findall(".//p:PmtInf", NS)
    }


def download(page, selector: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=30_000) as info:
        page.click(selector)
    return info.value.suggested_filename, info.value.path().read_bytes()


def bill_row(page, label: str):
    supplier, number = label.split(" — ")
    return page.locator(".bill-row").filter(has_text=supplier).filter(has_text=f"{number} · ")


def test_scheduled_dates_reach_the_file_and_files_are_kept(browser, app_url):
    # Two bank days a month ahead, like the 30/12 and 31/12 of the report.
    first_day = next_bank_day(today_paris() + timedelta(days=29))
    second_day = next_bank_day(first_day + timedelta(days=1))
    page = open_page(browser, app_url, "tablet-landscape", "/fournisseurs")
    ready(page)
    page.get_by_role("tab", name="Planning des paiements").click()
    page.click("#propose-dates")
    proposals = page.locator(".proposal")
    expect(proposals.first).to_be_visible(timeout=30_000)
    chosen = []
    for index, day in enumerate((first_day, second_day)):
        proposal = proposals.nth(index)
        proposal.locator("input[type=date]").fill(day.isoformat())
        # label, "amount · échéance …", message
        lines = [line for line in proposal.inner_text().split("\n") if line.strip()]
        label, amount = lines[0], parse_amount(lines[1].split(" · ")[0])
        chosen.append((label, amount, day))
    page.click("#accept-dates")
    expect(page.locator("#notice")).to_contain_text("programmé", timeout=30_000)

    page.get_by_role("tab", name="Factures").click()
    for label, _, _ in chosen:
        bill_row(page, label).get_by_role("checkbox").click()
    planned = page.locator("#sepa-plan .sepa-planned")
    expect(planned).to_have_count(2, timeout=30_000)
    for row, (label, amount, day) in zip(planned.all(), chosen, strict=True):
        expect(row.locator(".planned-on")).to_have_text(day.strftime("%d/%m/%Y"))
        expect(row).to_contain_text(label)
        expect(row).to_contain_text(format_amount(amount))
    expect(page.locator("#sepa-date")).to_have_count(0)  # no single date for every bill

    name, xml = download(page, "#sepa-download")
    assert name.startswith("virements-") and name.endswith(".xml")
    assert payments(xml) == {
        day.isoformat(): [(f"Facture {label.split(' — ')[1]}", amount)]
        for label, amount, day in chosen
    }
    expect(page.locator("#notice")).to_contain_text(name)
    for label, _, _ in chosen:
        expect(bill_row(page, label)).to_contain_text("Virement émis")

    # The same bill again: the page names the earlier file and asks first.
    label, amount, day = chosen[0]
    bill_row(page, label).get_by_role("checkbox").click()
    expect(page.locator("#sepa-plan .earlier")).to_contain_text(name, timeout=30_000)
    page.click("#sepa-download")
    dialog = page.locator("#reissue-dialog")
    expect(dialog).to_contain_text(name)
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTEFACTS / "fournisseurs-reissue-tablet-landscape.png")
    again_name, again = download(page, "#confirm-reissue")
    assert again_name != name
    assert payments(again) == {day.isoformat(): [(f"Facture {label.split(' — ')[1]}", amount)]}

    # Both files are listed, newest first, and the first one comes back byte for byte.
    page.get_by_role("tab", name="Virements émis").click()
    files = page.locator(".transfer-file")
    expect(files.first).to_contain_text(again_name)
    earlier = files.filter(has_text=name)
    expect(earlier).to_contain_text("Factures : 2")
    with page.expect_download(timeout=30_000) as info:
        earlier.get_by_role("button").click()
    assert info.value.suggested_filename == name
    assert hashlib.sha256(info.value.path().read_bytes()).digest() == hashlib.sha256(xml).digest()
    assert page.js_errors == []
    page.close()


@pytest.mark.parametrize("viewport", ["tablet-landscape", "phone"])
def test_transfer_dates_and_files_fit_the_screen(browser, app_url, viewport):
    ARTEFACTS.mkdir(exist_ok=True)
    page = open_page(browser, app_url, viewport, "/fournisseurs")
    ready(page)
    rows = page.locator(".bill-row")
    for index in range(2):
        rows.nth(index).get_by_role("checkbox").click()
    expect(page.locator("#sepa-plan .sepa-planned")).to_have_count(2, timeout=30_000)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"/fournisseurs is wider than the {viewport}"
    page.screenshot(path=ARTEFACTS / f"fournisseurs-sepa-{viewport}.png", full_page=True)
    page.get_by_role("tab", name="Virements émis").click()
    expect(page.locator("#transfer-files")).to_be_visible()
    page.screenshot(path=ARTEFACTS / f"fournisseurs-virements-{viewport}.png", full_page=True)
    assert page.js_errors == []
    page.close()


def test_a_bill_payment_recorded_by_mistake_is_deleted_after_confirmation(
    browser, app_url, app_database
):
    company = current_company(0, app_database)
    bill = next(
        r
        for r in bill_rows(company, today_paris(), app_database)
        if r.status == "à_payer" and r.remaining_cents == r.ttc_cents
    )
    page = open_page(browser, app_url, "tablet-landscape", f"/fournisseurs?facture={bill.id}")
    ready(page)
    expect(page.locator("#bill-payment")).to_contain_text(bill.number, timeout=60_000)
    page.click("#save-bill-payment")  # the whole amount, today, by transfer: by mistake
    expect(page.locator("#bill-payment")).to_have_count(0, timeout=30_000)
    page.click("#bill-filter")
    page.get_by_role("option", name="Payées", exact=True).click()
    row = page.locator(".bill-row").filter(has_text=bill.number)
    expect(row).to_contain_text("Payée", timeout=30_000)
    row.locator(".bill-payments").click()
    listed = page.locator("#bill-payments .payment-row")
    expect(listed).to_have_count(1, timeout=30_000)
    expect(listed).to_contain_text(format_amount(bill.ttc_cents))
    listed.locator(".delete-payment").click()
    dialog = page.locator("#delete-payment-dialog")
    expect(dialog).to_contain_text(f"sera retiré de la facture {bill.number}")
    page.click("#confirm-delete-payment")
    expect(page.locator("#notice")).to_have_text("Paiement supprimé : facture à payer.")
    expect(listed).to_have_count(0)
    after = {r.id: r for r in bill_rows(company, today_paris(), app_database)}[bill.id]
    assert (after.status, after.remaining_cents) == ("à_payer", bill.ttc_cents)
    with read_only(app_database) as session:
        kinds = session.exec(
            select(t.DocumentEvent.kind).where(t.DocumentEvent.bill_id == bill.id)
        ).all()
    assert kinds == ["paiement_supprimé"]
    assert page.js_errors == []
    page.close()
