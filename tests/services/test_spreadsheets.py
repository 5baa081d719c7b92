"""Invoices and bills from CSV and XLSX spreadsheets: all or nothing, line-numbered errors."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from sqlmodel import select

from treso_app import cli
from treso_app.db import tables as t
from treso_app.db.session import read_only
from treso_app.domain.documents import Line
from treso_app.domain.errors import ValidationError
from treso_app.services import counterparties, invoices
from treso_app.services.companies import resolve_company
from treso_app.services.spreadsheets import import_sheet

INVOICES_CSV = (
    "Export de mes factures\n"
    "numéro;client;date_facture;date_échéance;montant_ttc;montant_ht;payée_le;montant_payé\n"
    "F2026-0040;Hôtel du Parc;02/10/2026;01/11/2026;1 200,00;1 000,00;;\n"
    "F2026-0041;SCI Les Tilleuls;15/10/26;14/11/26;2 400,00;;20/11/2026;1 000,00\n"
    "F2026-0042;Hôtel du Parc;03/11/2026;03/12/2026;600,00;;05/11/2026;\n"
).encode("cp1252")


def count(db_url, table):
    with read_only(db_url) as session:
        return len(session.exec(select(table)).all())


def test_csv_invoices_with_partial_and_full_payments(db_url):
    company = resolve_company(url=db_url)
    result = import_sheet(company, "invoices", "factures.csv", INVOICES_CSV, db_url)
    assert (result.created, result.skipped) == (3, 0)
    assert sorted(result.new_counterparties) == ["Hôtel du Parc", "SCI Les Tilleuls"]
    rows = {r.number: r for r in invoices.invoice_rows(company, date(2026, 11, 27), db_url)}
    assert rows["F2026-0040"].status == "en_retard"
    assert rows["F2026-0040"].remaining_cents == 1_200_00
    assert rows["F2026-0041"].status == "partielle"
    assert rows["F2026-0041"].remaining_cents == 1_400_00
    assert rows["F2026-0042"].status == "payée"
    # the next invoice Tréso issues follows the imported ones
    client = rows["F2026-0040"].client_id
    number = invoices.create_invoice(
        company, client, date(2026, 11, 27), [Line("x", 1000, 100, 2000)], url=db_url
    )
    assert number == "F2026-0043"


def test_importing_the_same_file_twice_adds_nothing(db_url):
    company = resolve_company(url=db_url)
    import_sheet(company, "invoices", "factures.csv", INVOICES_CSV, db_url)
    again = import_sheet(company, "invoices", "factures.csv", INVOICES_CSV, db_url)
    assert (again.created, again.skipped) == (0, 3)
    assert count(db_url, t.Invoice) == 3 and count(db_url, t.Payment) == 2


def test_errors_name_their_lines_and_nothing_is_written(db_url):
    company = resolve_company(url=db_url)
    data = (
        "numero;client;date_facture;date_echeance;montant_ttc\n"
        "F1;Hôtel du Parc;02/10/2026;01/11/2026;1 200,00\n"
        "F2;Hôtel du Parc;31/02/2026;01/11/2026;100\n"
        "F3;Hôtel du Parc;02/10/2026;01/09/2026;100\n"
        "F4;;02/10/2026;01/11/2026;douze\n"
    ).encode()
    with pytest.raises(ValidationError) as error:
        import_sheet(company, "invoices", "factures.csv", data, db_url)
    message = error.value.message
    assert "rien n'a été enregistré" in message
    assert "ligne 3 : date_facture" in message and "31/02/2026" in message
    assert "ligne 4 : la date d'échéance précède" in message
    assert "ligne 5 : montant_ttc" in message
    assert count(db_url, t.Invoice) == 0 and count(db_url, t.Counterparty) == 0


def test_a_conflicting_existing_number_refuses_the_whole_file(db_url):
    company = resolve_company(url=db_url)
    import_sheet(company, "invoices", "factures.csv", INVOICES_CSV, db_url)
    changed = INVOICES_CSV.replace(b"600,00", b"650,00").replace(b"F2026-0040", b"F2026-0050")
    with pytest.raises(ValidationError, match="F2026-0042 existe déjà avec un autre montant"):
        import_sheet(company, "invoices", "factures.csv", changed, db_url)
    assert count(db_url, t.Invoice) == 3  # F2026-0050 was not kept either


def test_missing_columns_are_listed(db_url):
    company = resolve_company(url=db_url)
    header = b"numero;client;date_facture;montant_ttc\n"
    with pytest.raises(ValidationError, match=r"« f\.csv » : colonne manquante : date_echeance\."):
        import_sheet(company, "invoices", "f.csv", header, db_url)


def test_xlsx_bills_with_real_dates_numbers_and_iban(db_url):
    company = resolve_company(url=db_url)
    fields = {"name": "CEDEO Villeurbanne"}
    counterparties.save_counterparty(company, "fournisseur", fields, url=db_url)
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "Numéro",
            "Fournisseur",
            "Date facture",
            "Date échéance",
            "Montant TTC",
            "IBAN",
            "Payée le",
        ]
    )
    sheet.append(
        [
            "CED-1",
            "cedeo villeurbanne",
            datetime(2026, 10, 31),
            datetime(2026, 12, 15),
            1234.5,
            None,
            None,
        ]
    )
    sheet.append(
        [
            "FB-7",
            "Frans Bonhomme",
            datetime(2026, 9, 30),
            datetime(2026, 10, 30),
            99,
            "FR7630004000031234567890143",
            datetime(2026, 10, 30),
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_sheet(company, "bills", "achats.xlsx", buffer.getvalue(), db_url)
    assert (result.created, result.new_counterparties) == (2, ["Frans Bonhomme"])
    with read_only(db_url) as session:
        found = {b.number: b for b in session.exec(select(t.Bill)).all()}
        frans = session.exec(
            select(t.Counterparty).where(t.Counterparty.name == "Frans Bonhomme")
        ).one()
    assert found["CED-1"].ttc_cents == 1_234_50 and found["CED-1"].status == "à_payer"
    assert found["FB-7"].status == "payée" and frans.iban == "FR7630004000031234567890143"


def test_cli_imports_a_file(db_url, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", db_url)
    path = tmp_path / "factures.csv"
    path.write_bytes(INVOICES_CSV)
    assert cli.main(["invoices", "import", str(path)]) == 0
    assert "3 factures importées" in capsys.readouterr().out
    path.write_bytes(b"numero;client\n")
    assert cli.main(["invoices", "import", str(path)]) == 1
    assert (
        "colonnes manquantes : date_facture, date_echeance, montant_ttc." in capsys.readouterr().err
    )
