"""SEPA transfer files: each bill on its own execution date, every file recorded, a bill put in
a second file only when confirmed. Expected dates worked out by hand on the TARGET2 calendar."""

from __future__ import annotations

import hashlib
from datetime import date

import defusedxml.ElementTree as ET
import pytest
from sqlmodel import select

from tests.services.test_bills import bill, company, supplier  # noqa: F401 (fixture)
from treso_app.db import tables as t
from treso_app.db.session import read_only
from treso_app.domain.errors import ValidationError
from treso_app.services import bills, counterparties, transfers
from treso_app.services.forecast import load_inputs
from treso_app.services.transfers import AlreadyInTransferFile

TODAY = date(2026, 12, 1)  # a Tuesday
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
BROSSETTE_IBAN = "FR7030002005500000157845Z02"


def blocks(xml: bytes) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Each PmtInf: its ReqdExctnDt, its CtrlSum and its transfers (reference, amount)."""
    root = ET.fromstring(xml)
    return [
        (
            block.find("p:ReqdExctnDt", NS).text,
            block.find("p:CtrlSum", NS).text,
            [
                (x.find("p:RmtInf/p:Ustrd", NS).text, x.find("p:Amt/p:InstdAmt", NS).text)
                for x in block.findall("p:CdtTrfTxInf", NS)
            ],
        )
        for block in root.findall(".//p:PmtInf", NS)
    ]


@pytest.fixture
def five_bills(company, db_url):  # noqa: F811
    """Two scheduled on 30/12, one on 31/12 (« Programmer ces dates »), one unscheduled due
    on Sunday 27/12, one unscheduled and already late."""
    cedeo = supplier(company, db_url)
    brossette = supplier(company, db_url, name="Brossette", iban=BROSSETTE_IBAN)
    ids = {
        "FA-1": bill(company, db_url, cedeo, "FA-1", "1 234,56", due_on="31/12/2026"),
        "FA-2": bill(company, db_url, cedeo, "FA-2", "100,00", due_on="31/12/2026"),
        "B-7": bill(company, db_url, brossette, "B-7", "500,00", due_on="31/12/2026"),
        "P-3": bill(company, db_url, brossette, "P-3", "250,00", due_on="27/12/2026"),
        "FA-0": bill(company, db_url, cedeo, "FA-0", "80,00", due_on="15/11/2026"),
    }
    days = {ids["FA-1"]: date(2026, 12, 30), ids["B-7"]: date(2026, 12, 30)}
    bills.schedule(company, days | {ids["FA-2"]: date(2026, 12, 31)}, TODAY, db_url)
    return ids


def test_each_bill_is_paid_on_its_own_date_one_block_per_date(company, db_url, five_bills):  # noqa: F811
    info, xml = transfers.issue_transfer_file(company, five_bills.values(), TODAY, url=db_url)
    assert blocks(xml) == [
        ("2026-12-01", "80.00", [("Facture FA-0", "80.00")]),  # late: today, never before
        ("2026-12-24", "250.00", [("Facture P-3", "250.00")]),  # Sunday 27 → Thursday 24
        ("2026-12-30", "1734.56", [("Facture B-7", "500.00"), ("Facture FA-1", "1234.56")]),
        ("2026-12-31", "100.00", [("Facture FA-2", "100.00")]),
    ]
    root = ET.fromstring(xml)
    assert root.find(".//p:GrpHdr/p:NbOfTxs", NS).text == "5"
    assert root.find(".//p:GrpHdr/p:CtrlSum", NS).text == "2164.56"
    assert root.find(".//p:DbtrAcct/p:Id/p:IBAN", NS).text == "FR7617806002100412345678963"
    assert info.total_cents == 2_164_56 and info.bill_count == 5
    assert info.file_name.startswith("virements-") and info.file_name.endswith(".xml")


def test_the_page_sees_the_dates_before_the_download(company, db_url, five_bills):  # noqa: F811
    plan = transfers.plan_transfers(company, five_bills.values(), TODAY, db_url)
    assert [(p.number, p.execution_on, p.amount_cents) for p in plan] == [
        ("FA-0", date(2026, 12, 1), 80_00),
        ("P-3", date(2026, 12, 24), 250_00),
        ("B-7", date(2026, 12, 30), 500_00),
        ("FA-1", date(2026, 12, 30), 1_234_56),
        ("FA-2", date(2026, 12, 31), 100_00),
    ]
    with read_only(db_url) as session:
        assert session.exec(select(t.TransferFile)).all() == []  # looking writes nothing


def test_a_file_is_recorded_and_its_bills_wait_for_the_payment(company, db_url, five_bills):  # noqa: F811
    p3, fa1 = five_bills["P-3"], five_bills["FA-1"]
    info, xml = transfers.issue_transfer_file(company, [p3, fa1], TODAY, url=db_url)
    [listed] = transfers.transfer_files(company, db_url)
    assert (listed.file_name, listed.bill_count, listed.total_cents) == (
        info.file_name,
        2,
        1_484_56,
    )
    assert listed.sha256 == hashlib.sha256(xml).hexdigest()
    assert transfers.transfer_file_content(company, listed.id, db_url) == (info.file_name, xml)
    with read_only(db_url) as session:
        lines = session.exec(select(t.TransferFileBill).order_by(t.TransferFileBill.bill_id))
        assert [(x.bill_id, x.amount_cents, x.execution_on) for x in lines] == [
            (fa1, 1_234_56, date(2026, 12, 30)),
            (p3, 250_00, date(2026, 12, 24)),
        ]
        events = session.exec(select(t.DocumentEvent).order_by(t.DocumentEvent.bill_id)).all()
        assert [(e.bill_id, e.kind) for e in events] == [
            (fa1, "virement_émis"),
            (p3, "virement_émis"),
        ]
        assert info.file_name in events[0].detail and "30/12/2026" in events[0].detail
        # The forecast pays P-3 on the file's day, not on the day after its Sunday due date.
        flows = load_inputs(session, company, TODAY, 60).flows
        assert [(f.on, f.amount_cents) for f in flows if f.label.endswith("P-3")] == [
            (date(2026, 12, 24), -250_00)
        ]
    status = {r.number: r.status for r in bills.bill_rows(company, TODAY, db_url)}
    assert status["P-3"] == status["FA-1"] == "virement_émis" and status["FA-2"] == "programmée"
    assert bills.record_bill_payment(company, p3, date(2026, 12, 24), 250_00, "virement", db_url)
    status = {r.number: r.status for r in bills.bill_rows(company, TODAY, db_url)}
    assert status["P-3"] == "payée"


def test_a_bill_in_an_issued_file_goes_into_another_only_when_confirmed(
    company,  # noqa: F811
    db_url,
    five_bills,
):
    fa1 = five_bills["FA-1"]
    first, _ = transfers.issue_transfer_file(company, [fa1], TODAY, url=db_url)
    with pytest.raises(AlreadyInTransferFile) as refused:
        transfers.issue_transfer_file(company, [fa1, five_bills["FA-2"]], TODAY, url=db_url)
    assert first.file_name in refused.value.message
    assert f"du {first.created_at:%d/%m/%Y}" in refused.value.message
    assert len(transfers.transfer_files(company, db_url)) == 1  # nothing written
    [planned] = transfers.plan_transfers(company, [fa1], TODAY, db_url)
    assert [f.file_name for f in planned.earlier] == [first.file_name]
    second, xml = transfers.issue_transfer_file(company, [fa1], TODAY, confirmed=True, url=db_url)
    assert blocks(xml) == [("2026-12-30", "1234.56", [("Facture FA-1", "1234.56")])]
    assert [f.id for f in transfers.transfer_files(company, db_url)] == [second.id, first.id]


def test_a_past_schedule_becomes_the_next_bank_day(company, db_url):  # noqa: F811
    bill_id = bill(company, db_url, supplier(company, db_url), due_on="31/12/2026")
    bills.schedule(company, {bill_id: date(2026, 11, 27)}, date(2026, 11, 27), db_url)
    saturday = date(2026, 11, 28)
    _, xml = transfers.issue_transfer_file(company, [bill_id], saturday, url=db_url)
    assert blocks(xml)[0][0] == "2026-11-30"  # Monday


def test_refused_whole_when_a_supplier_has_no_iban(company, db_url):  # noqa: F811
    with_iban = bill(company, db_url, supplier(company, db_url))
    missing = bill(company, db_url, supplier(company, db_url, name="Plâtrerie Dupont", iban=""))
    with pytest.raises(ValidationError, match="IBAN manquant ou invalide pour : Plâtrerie Dupont"):
        transfers.issue_transfer_file(company, [with_iban, missing], TODAY, url=db_url)
    assert transfers.transfer_files(company, db_url) == []
    assert {r.status for r in bills.bill_rows(company, TODAY, db_url)} == {"à_payer"}


def test_an_issued_bill_keeps_the_file_date_when_planning(company, db_url, five_bills):  # noqa: F811
    transfers.issue_transfer_file(company, [five_bills["FA-1"]], TODAY, url=db_url)
    proposed = {p.key for p in bills.proposals(company, TODAY, db_url)}
    assert five_bills["FA-1"] not in proposed and five_bills["FA-2"] in proposed
    with pytest.raises(ValidationError, match="déjà émis"):
        bills.schedule(company, {five_bills["FA-1"]: date(2026, 12, 15)}, TODAY, db_url)


def test_nothing_chosen_or_already_paid_is_refused(company, db_url):  # noqa: F811
    bill_id = bill(company, db_url, supplier(company, db_url))
    with pytest.raises(ValidationError, match="au moins une facture"):
        transfers.plan_transfers(company, [], TODAY, db_url)
    bills.record_bill_payment(company, bill_id, TODAY, 1_234_56, "virement", db_url)
    with pytest.raises(ValidationError, match="déjà payée"):
        transfers.issue_transfer_file(company, [bill_id], TODAY, url=db_url)


def test_an_unscheduled_bill_due_on_a_sunday_is_forecast_on_the_day_its_transfer_asks(
    company,  # noqa: F811
    db_url,
):
    """Due Sunday 31/01/2027: the file asks Friday 29/01, and the list and the forecast
    count it that Friday too, not on Monday after its due date."""
    fields = {"name": "Brossette", "payment_terms": "30 jours", "iban": BROSSETTE_IBAN}
    supplier = counterparties.save_counterparty(company, "fournisseur", fields, url=db_url)
    bill_id = bills.save_bill(
        company,
        {
            "supplier_id": supplier,
            "number": "BR-31",
            "issued_on": "01/01/2027",
            "due_on": "31/01/2027",
            "ttc": "300",
        },
        url=db_url,
    )
    today = date(2027, 1, 4)
    [row] = [r for r in bills.bill_rows(company, today, db_url) if r.id == bill_id]
    assert row.planned_on == date(2027, 1, 29)
    [planned] = transfers.plan_transfers(company, [bill_id], today, db_url)
    assert planned.execution_on == date(2027, 1, 29)
