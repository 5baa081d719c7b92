from __future__ import annotations

from datetime import date

import pytest

from treso_app.readers import StatementError, read_file

from .samples import FR_IBAN, ofx_sgml, ofx_transaction


def test_french_sgml_statement_with_cp1252_body_under_a_usascii_header():
    data = ofx_sgml(
        ofx_transaction("20261123", "-12,50", "CB CAFÉ DE LA GARE", "A1")
        + ofx_transaction("20261124", "1 500,00", "VIR SEPA CLIENT", "A2", memo="FACT F2026-0042")
    )
    parsed = read_file(data)
    statement = parsed.statements[0]
    assert parsed.format == "OFX"
    assert statement.account.iban == FR_IBAN  # rebuilt from BANKID/BRANCHID/ACCTID
    assert statement.currency == "EUR"
    assert [(line.booked_on, line.amount_cents) for line in statement.lines] == [
        (date(2026, 11, 23), -1250),
        (date(2026, 11, 24), 150000),
    ]
    assert statement.lines[0].label == "CB CAFÉ DE LA GARE"
    assert statement.lines[1].label == "VIR SEPA CLIENT FACT F2026-0042"
    assert statement.lines[1].external_id == "A2"
    assert statement.closing.cents == 123456 and statement.closing.on == date(2026, 11, 24)


@pytest.mark.parametrize("eol", ["\r\n", "\n", "\r"])
def test_any_line_ending(eol):
    data = ofx_sgml(ofx_transaction("20261123", "-1.00", "FRAIS"), eol=eol)
    assert read_file(data).line_count == 1


def test_utf8_body_under_a_1252_header_is_read_as_utf8():
    data = ofx_sgml(ofx_transaction("20261123", "-1.00", "PRÉLÈVEMENT")).decode("cp1252")
    parsed = read_file(data.encode("utf-8"))
    assert parsed.statements[0].lines[0].label == "PRÉLÈVEMENT"


def test_dates_are_taken_in_paris_not_utc():
    # 23:30 in New York on the 23rd is 05:30 on the 24th in Paris.
    data = ofx_sgml(ofx_transaction("20261123233000[-5:EST]", "-1.00", "X"))
    assert read_file(data).statements[0].lines[0].booked_on == date(2026, 11, 24)


def test_raw_ampersand_and_two_identical_coffees():
    coffee = ofx_transaction("20261123", "-2.10", "CAFÉ & CROISSANT")
    lines = read_file(ofx_sgml(coffee + coffee)).statements[0].lines
    assert len(lines) == 2 and lines[0] == lines[1]
    assert lines[0].label == "CAFÉ & CROISSANT"


def test_xml_ofx_v2():
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR</CURDEF>
<BANKACCTFROM><BANKID>30004</BANKID><BRANCHID>00003</BRANCHID><ACCTID>12345678901</ACCTID>
<ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM><BANKTRANLIST>
<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20261120</DTPOSTED><TRNAMT>-45.00</TRNAMT>
<FITID>9</FITID><NAME>LOYER</NAME></STMTTRN></BANKTRANLIST>
<LEDGERBAL><BALAMT>100.00</BALAMT><DTASOF>20261124</DTASOF></LEDGERBAL>
</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"""
    statement = read_file(data).statements[0]
    assert statement.lines[0].amount_cents == -4500
    assert statement.closing.cents == 10000


def test_an_empty_statement_still_gives_its_balance():
    statement = read_file(ofx_sgml("")).statements[0]
    assert statement.lines == [] and statement.closing.cents == 123456


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "<INVSTMTMSGSRSV1><INVSTMTTRNRS><INVSTMTRS></INVSTMTRS></INVSTMTTRNRS>"
            "</INVSTMTMSGSRSV1>",
            "aucun relevé de compte bancaire",
        ),
        (
            "<SIGNONMSGSRSV1><SONRS><STATUS><CODE>15500<SEVERITY>ERROR"
            "<MESSAGE>Mot de passe incorrect</STATUS></SONRS></SIGNONMSGSRSV1>",
            "Mot de passe incorrect",
        ),
    ],
)
def test_files_without_a_bank_statement_are_refused(body, expected):
    data = f"OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX>{body}</OFX>".encode()
    with pytest.raises(StatementError, match=expected):
        read_file(data)


def test_a_bad_amount_is_refused_with_its_line_number():
    data = ofx_sgml(ofx_transaction("20261123", "12 euros et des poussières", "X"), eol="\n")
    with pytest.raises(StatementError) as caught:
        read_file(data)
    assert caught.value.line == 18  # the line of the transaction
    assert "montant illisible" in caught.value.message


def test_a_transaction_without_a_date_is_refused():
    data = ofx_sgml("<STMTTRN><TRNTYPE>OTHER<TRNAMT>-1.00<NAME>X</STMTTRN>")
    with pytest.raises(StatementError, match="sans DTPOSTED"):
        read_file(data)
