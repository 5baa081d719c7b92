"""Small statement files written by hand, shaped like the ones French banks send."""

from __future__ import annotations

FR_IBAN = "FR7630004000031234567890143"  # BNP Paribas test RIB 30004 00003 12345678901 43


def recent(days_ago: int, fmt: str) -> str:
    """A day shortly before the app's today, written as a statement writes it (`%Y%m%d` for
    OFX, `%d%m%y` for CFONB): a file given to the running app must not be an old statement,
    which would ask before it creates an account."""
    from datetime import timedelta

    from treso_app.domain.calendar import today_paris

    return (today_paris() - timedelta(days=days_ago)).strftime(fmt)


def ofx_sgml(
    transactions: str, balance: str = "1234,56", eol: str = "\r\n", as_of: str = "20261124"
) -> bytes:
    """OFX 1.02 SGML as French banks export it: USASCII header, cp1252 body, unclosed tags."""
    text = f"""OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX>
<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>
<DTSERVER>20261124120000<LANGUAGE>FRA</SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<STMTRS><CURDEF>EUR
<BANKACCTFROM><BANKID>30004<BRANCHID>00003<ACCTID>12345678901<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>20261101<DTEND>20261124
{transactions}
</BANKTRANLIST>
<LEDGERBAL><BALAMT>{balance}<DTASOF>{as_of}</LEDGERBAL>
</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
"""
    return text.replace("\n", eol).encode("cp1252")


def ofx_transaction(day: str, amount: str, name: str, fitid: str = "", memo: str = "") -> str:
    parts = [f"<STMTTRN><TRNTYPE>OTHER<DTPOSTED>{day}<TRNAMT>{amount}"]
    if fitid:
        parts.append(f"<FITID>{fitid}")
    parts.append(f"<NAME>{name}")
    if memo:
        parts.append(f"<MEMO>{memo}")
    return "".join(parts) + "</STMTTRN>"


def cfonb_record(code: str, **zones: str) -> str:
    """One 120-character CFONB record; zones by name, the rest blank (or the defaults)."""
    layout = {
        "bank": (2, 7, "30004"),
        "operation": (7, 11, "    "),
        "branch": (11, 16, "00003"),
        "currency": (16, 19, "EUR"),
        "decimals": (19, 20, "2"),
        "account": (21, 32, "12345678901"),
        "interbank": (32, 34, "  "),
        "date": (34, 40, "011126"),
        "value_date": (42, 48, "      "),
        "label": (48, 79, ""),
        "qualifier": (45, 48, ""),
        "complement": (48, 118, ""),
        "amount": (90, 104, ""),
    }
    record = [" "] * 120
    record[0:2] = code
    for name, (start, end, default) in layout.items():
        value = zones.get(name, default if name not in ("qualifier", "complement") else "")
        if not value:
            continue
        if code == "05" and name in ("label", "amount"):
            continue
        record[start:end] = value.ljust(end - start)[: end - start]
    return "".join(record)


def cfonb_amount(cents: int) -> str:
    """13 digits + the sign-bearing last character, as banks write amounts in CFONB."""
    digits = f"{abs(cents):014d}"
    last = int(digits[-1])
    sign_char = ("{ABCDEFGHI" if cents >= 0 else "}JKLMNOPQR")[last]
    return digits[:-1] + sign_char


def camt053(
    entries: str, version: str = "08", opening: str = "1000.00", closing: str = "1150.00"
) -> bytes:
    ns = f"urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="{ns}"><BkToCstmrStmt>
<GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-11-25T06:00:00+01:00</CreDtTm></GrpHdr>
<Stmt><Id>S1</Id>
<Acct><Id><IBAN>{FR_IBAN}</IBAN></Id><Ccy>EUR</Ccy>
<Svcr><FinInstnId><BICFI>BNPAFRPPXXX</BICFI></FinInstnId></Svcr></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{opening}</Amt>
<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-23</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{closing}</Amt>
<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-24</Dt></Dt></Bal>
{entries}
</Stmt></BkToCstmrStmt></Document>""".encode()


def camt_entry(
    amount: str,
    direction: str,
    day: str,
    reference: str = "",
    details: str = "",
    status: str = "<Sts><Cd>BOOK</Cd></Sts>",
    info: str = "",
) -> str:
    ref = f"<AcctSvcrRef>{reference}</AcctSvcrRef>" if reference else ""
    extra = f"<AddtlNtryInf>{info}</AddtlNtryInf>" if info else ""
    return (
        f'<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{direction}</CdtDbtInd>{status}'
        f"<BookgDt>{day}</BookgDt><ValDt><Dt>2026-11-24</Dt></ValDt>{ref}"
        f"<NtryDtls>{details}</NtryDtls>{extra}</Ntry>"
    )


def camt_detail(amount: str | None, party: str, remittance: str, incoming: bool = True) -> str:
    amt = f'<AmtDtls><TxAmt><Amt Ccy="EUR">{amount}</Amt></TxAmt></AmtDtls>' if amount else ""
    role = "Dbtr" if incoming else "Cdtr"
    return (
        f"<TxDtls>{amt}<RltdPties><{role}><Pty><Nm>{party}</Nm></Pty></{role}></RltdPties>"
        f"<RmtInf><Ustrd>{remittance}</Ustrd></RmtInf></TxDtls>"
    )
