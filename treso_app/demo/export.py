"""A demo book written as the files its owner would have on that day: one OFX statement per
account, the latest weeks of the current account as a French bank's CSV export, the invoices
spreadsheet (XLSX) and the bills spreadsheet (CSV), with what was paid when.

Nothing else: no categories, no links between lines and documents, no recurring items —
what the bookkeeping steps must find by themselves. Pure writing: no database.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from schwifty import IBAN

from .book import Account, DemoBook, Line

# The current account's OFX was downloaded a month ago; its CSV export covers the last six
# weeks, overlapping it by two (an import adds only the new lines).
OFX_ENDS_DAYS_AGO = 31
CSV_DAYS = 45
OFX_NAME_MAX = 32  # banks cut NAME there and put the rest of the label in MEMO
INVOICE_HEADERS = ("numéro", "client", "date_facture", "date_échéance", "montant_ht", "tva",
                   "montant_ttc", "siren", "email", "payée_le", "montant_payé")  # fmt: skip
BILL_HEADERS = ("numéro", "fournisseur", "date_facture", "date_échéance", "montant_ttc", "iban",
                "payée_le")  # fmt: skip


def export(book: DemoBook, folder: Path) -> list[Path]:
    """Writes the files into `folder` (created); returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for account in book.profile.accounts:
        ends = ofx_end(book, account)
        path = folder / f"releve-{_slug(account.name)}.ofx"
        path.write_bytes(ofx(book, account, ends))
        written.append(path)
    main = book.profile.accounts[0]
    # A CSV names no account: like the inbox, it sits in a folder named after its IBAN.
    csv_path = folder / main.iban / f"export-{_slug(main.name)}.csv"
    csv_path.parent.mkdir(exist_ok=True)
    csv_path.write_bytes(bank_csv(book, main, book.today - timedelta(days=CSV_DAYS)))
    invoices, bills = folder / "factures-clients.xlsx", folder / "factures-fournisseurs.csv"
    invoices.write_bytes(invoices_xlsx(book))
    bills.write_bytes(bills_csv(book))
    return [*written, csv_path, invoices, bills]


def ofx_end(book: DemoBook, account: Account) -> date:
    """The last day the account's OFX covers: a month ago for the current account (the CSV
    brings the rest), yesterday for the others."""
    if account is book.profile.accounts[0]:
        return book.today - timedelta(days=OFX_ENDS_DAYS_AGO)
    return book.today - timedelta(days=1)


def account_lines(book: DemoBook, account: Account, first: date, last: date) -> list[Line]:
    return [
        line
        for line in book.lines
        if line.account == account.key and first <= line.booked_on <= last
    ]


def ofx(book: DemoBook, account: Account, last: date) -> bytes:
    """OFX 1.02 SGML as French banks export it: the RIB split over BANKID/BRANCHID/ACCTID,
    one FITID per line, NAME cut at 32 characters and the rest in MEMO, the ledger balance."""
    iban = IBAN(account.iban)
    lines = account_lines(book, account, book.start, last)
    balance = book.opening_cents[account.key] + sum(line.amount_cents for line in lines)
    body = []
    for index, line in enumerate(lines, start=1):
        name, memo = _name_and_memo(line.label)
        body.append(
            f"<STMTTRN><TRNTYPE>{'CREDIT' if line.amount_cents > 0 else 'DEBIT'}"
            f"<DTPOSTED>{line.booked_on:%Y%m%d}<TRNAMT>{_french(line.amount_cents)}"
            f"<FITID>{iban.account_code[-6:]}{line.booked_on:%y%m%d}{index:06d}"
            f"<NAME>{_escape(name)}" + (f"<MEMO>{_escape(memo)}" if memo else "") + "</STMTTRN>"
        )
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
<DTSERVER>{last:%Y%m%d}235959<LANGUAGE>FRA</SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>{last:%Y%m%d}<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<STMTRS><CURDEF>EUR
<BANKACCTFROM><BANKID>{iban.bank_code}<BRANCHID>{iban.branch_code}<ACCTID>{iban.account_code}<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>{book.start:%Y%m%d}<DTEND>{last:%Y%m%d}
{chr(10).join(body)}
</BANKTRANLIST>
<LEDGERBAL><BALAMT>{_french(balance)}<DTASOF>{last:%Y%m%d}</LEDGERBAL>
</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
"""
    return text.replace("\n", "\r\n").encode("cp1252")


def bank_csv(book: DemoBook, account: Account, first: date) -> bytes:
    """Crédit Agricole's CSV export: a few lines about the account, then
    Date;Libellé;Débit euros;Crédit euros with unsigned French amounts, cp1252."""
    last = book.today - timedelta(days=1)
    lines = account_lines(book, account, first, last)
    balance = book.opening_cents[account.key] + sum(
        line.amount_cents for line in book.lines
        if line.account == account.key and line.booked_on <= last
    )  # fmt: skip
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([f"Téléchargement du {book.today:%d/%m/%Y}"])
    writer.writerow([book.profile.name])
    writer.writerow([f"{account.name} n° {IBAN(account.iban).account_code}"])
    writer.writerow([f"Solde au {last:%d/%m/%Y}", _french(balance) + " €"])
    writer.writerow([])
    writer.writerow([f"Liste des opérations du compte entre le {first:%d/%m/%Y} et le "
                     f"{last:%d/%m/%Y}"])  # fmt: skip
    writer.writerow([])
    writer.writerow(["Date", "Libellé", "Débit euros", "Crédit euros", ""])
    for line in reversed(lines):  # newest first, as the bank shows them
        debit = _french(-line.amount_cents) if line.amount_cents < 0 else ""
        credit = _french(line.amount_cents) if line.amount_cents > 0 else ""
        writer.writerow([f"{line.booked_on:%d/%m/%Y}", line.label, debit, credit, ""])
    return out.getvalue().encode("cp1252")


def invoices_xlsx(book: DemoBook) -> bytes:
    """The invoices as an owner's Excel sheet: dates as dates, amounts as numbers; what was
    paid so far and the day of the latest payment."""
    clients = {party.name: party for party in book.profile.clients}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Factures"
    sheet.append(list(INVOICE_HEADERS))
    for invoice in book.invoices:
        client = clients[invoice.client]
        paid = invoice.paid_cents
        sheet.append([
            invoice.number, invoice.client, invoice.issued_on, invoice.due_on,
            _euros(invoice.ht_cents), _euros(invoice.tva_cents), _euros(invoice.ttc_cents),
            client.siren or "", client.email or "",
            max(on for on, _ in invoice.payments) if paid else None,
            _euros(paid) if paid else None,
        ])  # fmt: skip
    for row in sheet.iter_rows(min_row=2):
        for cell in (row[2], row[3], row[9]):
            cell.number_format = "DD/MM/YYYY"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def bills_csv(book: DemoBook) -> bytes:
    """The bills as a CSV saved from Excel in France: `;`, dd/mm/yyyy, decimal comma."""
    suppliers = {party.name: party for party in book.profile.suppliers}
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(BILL_HEADERS)
    for bill in book.bills:
        writer.writerow([
            bill.number, bill.supplier, f"{bill.issued_on:%d/%m/%Y}", f"{bill.due_on:%d/%m/%Y}",
            _french(bill.ttc_cents), suppliers[bill.supplier].iban or "",
            f"{bill.paid_on:%d/%m/%Y}" if bill.paid_on else "",
        ])  # fmt: skip
    return out.getvalue().encode("cp1252")


def _name_and_memo(label: str) -> tuple[str, str]:
    if len(label) <= OFX_NAME_MAX:
        return label, ""
    cut = label.rfind(" ", 0, OFX_NAME_MAX + 1)
    name, memo = label[:cut], label[cut + 1 :]
    return (label, "") if cut <= 0 or memo in name else (name, memo)


def _french(cents: int) -> str:
    """1234,56 — French banks' OFX and CSV files both write a decimal comma."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100},{abs(cents) % 100:02d}"


def _euros(cents: int) -> Decimal:
    return Decimal(cents) / 100


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
