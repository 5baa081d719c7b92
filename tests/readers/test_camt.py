from __future__ import annotations

from datetime import date

import pytest

from treso_app.readers import StatementError, read_file

from .samples import FR_IBAN, camt053, camt_detail, camt_entry


def test_a_batch_entry_becomes_one_line_per_payment():
    batch = camt_entry(
        "300.00",
        "CRDT",
        "<Dt>2026-11-24</Dt>",
        reference="REF1",
        details=camt_detail("100.00", "BOULANGERIE LEFÈVRE", "F2026-0101")
        + camt_detail("200.00", "CABINET GIRARD", "F2026-0102"),
    )
    fee = camt_entry(
        "150.00",
        "DBIT",
        "<DtTm>2026-11-23T23:30:00Z</DtTm>",
        reference="REF2",
        info="FRAIS TENUE DE COMPTE",
    )
    pending = camt_entry("999.00", "DBIT", "<Dt>2026-11-24</Dt>", status="<Sts><Cd>PDNG</Cd></Sts>")
    statement = read_file(camt053(batch + fee + pending)).statements[0]
    assert statement.account.iban == FR_IBAN
    assert statement.opening.cents == 100000 and statement.closing.cents == 115000
    amounts = [(line.amount_cents, line.external_id) for line in statement.lines]
    assert amounts == [(10000, "REF1/1"), (20000, "REF1/2"), (-15000, "REF2")]
    assert statement.lines[0].label == "BOULANGERIE LEFÈVRE F2026-0101"
    assert statement.lines[0].counterparty == "BOULANGERIE LEFÈVRE"
    # 23:30 UTC on the 23rd is already the 24th in Paris.
    assert statement.lines[2].booked_on == date(2026, 11, 24)
    assert statement.lines[2].label == "FRAIS TENUE DE COMPTE"


def test_details_without_amounts_stay_one_line_with_every_name():
    entry = camt_entry(
        "300.00",
        "CRDT",
        "<Dt>2026-11-24</Dt>",
        details=camt_detail(None, "A", "F1") + camt_detail(None, "B", "F2"),
    )
    lines = read_file(camt053(entry, version="02")).statements[0].lines
    assert len(lines) == 1 and lines[0].amount_cents == 30000
    assert lines[0].label == "A F1 / B F2"


@pytest.mark.parametrize("kind", ["052", "054"])
def test_intraday_reports_are_refused(kind):
    data = camt053("").replace(b"camt.053.001.08", f"camt.{kind}.001.08".encode())
    with pytest.raises(StatementError, match="pas un relevé de fin de journée"):
        read_file(data)


def test_entities_are_refused():
    data = b"""<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "boom">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>&x;
</BkToCstmrStmt></Document>"""
    with pytest.raises(StatementError, match="entités"):
        read_file(data)


def test_truncated_xml_is_refused_with_its_line():
    with pytest.raises(StatementError, match="XML mal formé") as caught:
        read_file(camt053(camt_entry("1.00", "CRDT", "<Dt>2026-11-24</Dt>"))[:-40])
    assert caught.value.line is not None
