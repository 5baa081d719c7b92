"""Hostile invoices and bills spreadsheets (XLSX and CSV), generated here: each is refused
with its French message naming the file, the line and the column, and nothing is written."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import func, select

from treso_app import cli
from treso_app.db import tables as t
from treso_app.db.session import read_only
from treso_app.domain.errors import ValidationError
from treso_app.services.companies import resolve_company
from treso_app.services.spreadsheets import import_sheet

HEADER = ["numero", "client", "date_facture", "date_echeance", "montant_ttc", "payee_le"]
GOOD = ["F2026-0001", "Hôtel du Parc", "02/10/2026", "01/11/2026", "1 200,00", ""]
CSV_HEADER = ";".join(HEADER[:5]) + "\n"
CSV_GOOD = ";".join(GOOD[:5]) + "\n"
REFUSED = "« {} » non importé, rien n'a été enregistré"
MB = 1024 * 1024
ROOT = Path(__file__).resolve().parents[2]


def counts(url: str) -> tuple[int, ...]:
    with read_only(url) as session:
        return tuple(
            session.exec(select(func.count()).select_from(table)).one()
            for table in (t.Invoice, t.Bill, t.Counterparty, t.Payment)
        )


def refused(url: str, name: str, data: bytes, kind: str = "invoices") -> str:
    """The French message of a refusal; the database is as it was."""
    company = resolve_company(url=url)
    before = counts(url)
    with pytest.raises(ValidationError) as error:
        import_sheet(company, kind, name, data, url)
    assert counts(url) == before
    return error.value.message


def workbook(*rows: list) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    """The same XLSX with one of its parts replaced."""
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == name else source.read(info))
    return buffer.getvalue()


def sheet_xml(body: str, dimension: str = "A1:F2") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>'
    ).encode()


def inline_row(number: int, values: list[str]) -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
        for i, v in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


SHEET = "xl/worksheets/sheet1.xml"
PLAIN = workbook(HEADER, GOOD)


def test_a_zip_bomb_is_refused_before_it_is_inflated_in_memory(db_url, tmp_path):
    # one cell of 256 Mo squeezed into a few hundred Ko
    path = tmp_path / "bombe.xlsx"
    source = zipfile.ZipFile(io.BytesIO(PLAIN))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != SHEET:
                target.writestr(info.filename, source.read(info))
        with target.open(SHEET, "w", force_zip64=True) as part:
            head, tail = sheet_xml(inline_row(1, ["\x00"])).split(b"\x00")
            part.write(head)
            for _ in range(256):
                part.write(b"a" * MB)
            part.write(tail)
    assert path.stat().st_size < 2 * MB
    company = resolve_company(url=db_url)
    before = counts(db_url)
    script = textwrap.dedent(
        """
        import sys, time
        from tests.peak_memory import peak_mb
        from treso_app.domain.errors import TresoError
        from treso_app.services.spreadsheets import import_sheet
        data = open(sys.argv[1], "rb").read()
        start = time.perf_counter()
        try:
            import_sheet(int(sys.argv[3]), "invoices", "bombe.xlsx", data, sys.argv[2])
            print("importé")
        except TresoError as error:
            print(error.message)
        print(time.perf_counter() - start)
        print(int(peak_mb()))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path), db_url, str(company)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    *message, _seconds, peak_mb = done.stdout.strip().splitlines()
    assert "\n".join(message) == (
        "« bombe.xlsx » non importé, rien n'a été enregistré : le classeur dépasse 50 Mo une "
        "fois décompressé, ce n'est pas un tableau de factures (bombe ZIP ?)."
    ), done.stderr
    assert int(peak_mb) < 300  # (its time is a figure of scripts/bench_imports.py, not a test)
    assert counts(db_url) == before


def test_an_external_entity_in_a_sheet_is_refused(db_url):
    xml = sheet_xml(inline_row(1, HEADER) + inline_row(2, GOOD[:1]))
    doctype = b'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    data = with_part(PLAIN, SHEET, xml.replace(b"?>", b"?>" + doctype, 1))
    assert refused(db_url, "f.xlsx", data) == (
        f"{REFUSED.format('f.xlsx')} : le classeur contient une DTD ou des entités XML "
        "(xl/worksheets/sheet1.xml), ce qu'un classeur Excel n'a jamais : refusé."
    )


def test_a_billion_laughs_in_the_document_properties_is_refused(db_url):
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE cp:coreProperties [<!ENTITY a "hahaha">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        b'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        b"<dc:title>&c;</dc:title></cp:coreProperties>"
    )
    assert refused(db_url, "f.xlsx", with_part(PLAIN, "docProps/core.xml", laughs)) == (
        f"{REFUSED.format('f.xlsx')} : le classeur contient une DTD ou des entités XML "
        "(docProps/core.xml), ce qu'un classeur Excel n'a jamais : refusé."
    )


def test_deeply_nested_xml_is_refused(db_url):
    deep = "<is>" + "<r>" * 100_000 + "</r>" * 100_000 + "</is>"
    xml = sheet_xml(inline_row(1, HEADER) + f'<row r="2"><c r="A2" t="inlineStr">{deep}</c></row>')
    assert refused(db_url, "f.xlsx", with_part(PLAIN, SHEET, xml)) == (
        f"{REFUSED.format('f.xlsx')} : le classeur imbrique plus de 64 éléments XML "
        "(xl/worksheets/sheet1.xml) : refusé."
    )


def test_a_damaged_sheet_is_refused(db_url):
    source, buffer = zipfile.ZipFile(io.BytesIO(PLAIN)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
    data = bytearray(buffer.getvalue())
    at = data.index(b"<sheetData>")
    data[at + 1] = ord("S")  # stored, so the CRC no longer matches
    assert refused(db_url, "f.xlsx", bytes(data)) == (
        f"{REFUSED.format('f.xlsx')} : ce n'est pas un classeur Excel lisible, enregistrez-le "
        "à nouveau depuis Excel (.xlsx) ou en CSV (archive abîmée ou chiffrée)."
    )


def test_a_sheet_declaring_a_million_rows_and_16384_columns_is_refused(db_url):
    xml = sheet_xml(
        inline_row(1, HEADER)
        + inline_row(2, GOOD[:5])
        + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
        dimension="A1:XFD1048576",
    )
    assert refused(db_url, "f.xlsx", with_part(PLAIN, SHEET, xml)) == (
        f"{REFUSED.format('f.xlsx')} : plus de 50\u202f000 lignes, découpez le fichier (par année)."
    )


def test_a_row_of_too_many_columns_is_refused(db_url):
    wide = workbook(HEADER, GOOD, GOOD + ["x"] * 300)
    assert refused(db_url, "f.xlsx", wide) == (
        f"{REFUSED.format('f.xlsx')} : ligne 3 : plus de 200 colonnes."
    )
    csv = (CSV_HEADER + CSV_GOOD + CSV_GOOD.strip() + ";x" * 300 + "\n").encode()
    assert refused(db_url, "f.csv", csv) == (
        f"{REFUSED.format('f.csv')} : ligne 3 : plus de 200 colonnes."
    )


def test_a_1_mb_cell_in_a_workbook_names_its_line_and_column(db_url):
    rows = inline_row(1, HEADER) + inline_row(2, GOOD) + inline_row(3, ["F2", "x" * MB, *GOOD[2:]])
    data = with_part(PLAIN, SHEET, sheet_xml(rows))
    message = refused(db_url, "f.xlsx", data)
    assert message == (
        "« f.xlsx » non importé, rien n'a été enregistré. À corriger :\n"
        "ligne 3 : client : Le contenu est trop long : 1\u202f048\u202f576 caractères "
        "pour 120 au plus."
    )


def test_texts_longer_than_their_column_allows_are_refused(db_url):
    csv = (
        CSV_HEADER
        + CSV_GOOD
        + f"{'F' * 41};Hôtel du Parc;02/10/2026;01/11/2026;100\n"
        + f"F2;{'H' * 121};02/10/2026;01/11/2026;100\n"
        + f"F3;Hôtel du Parc;{'1' * 5000};01/11/2026;100\n"
    ).encode()
    assert refused(db_url, "f.csv", csv).splitlines()[1:] == [
        "ligne 3 : numero : Le contenu est trop long : 41 caractères pour 40 au plus.",
        "ligne 4 : client : Le contenu est trop long : 121 caractères pour 120 au plus.",
        "ligne 5 : date_facture : Le contenu est trop long : 5\u202f000 caractères "
        "pour 40 au plus.",
    ]


def test_a_1_mb_csv_cell_or_10_5_columns_exceed_a_line(db_url):
    big = (CSV_HEADER + CSV_GOOD + "F2;" + "x" * MB + ";02/10/2026;01/11/2026;100\n").encode()
    assert refused(db_url, "f.csv", big) == (
        f"{REFUSED.format('f.csv')} : ligne 3 : 1\u202f048\u202f605 caractères, "
        "65\u202f536 au plus par ligne."
    )
    wide = (CSV_HEADER + CSV_GOOD + ";" * 100_000 + "\n").encode()
    assert refused(db_url, "f.csv", wide) == (
        f"{REFUSED.format('f.csv')} : ligne 3 : 100\u202f000 caractères, "
        "65\u202f536 au plus par ligne."
    )


def test_nul_bytes_are_refused(db_url):
    data = (CSV_HEADER + CSV_GOOD + "F2;Hôtel\x00;02/10/2026;01/11/2026;100\n").encode()
    assert refused(db_url, "f.csv", data) == (
        f"{REFUSED.format('f.csv')} : ligne 3 : caractère nul, ce n'est pas un fichier texte. "
        "Enregistrez-le depuis Excel en .xlsx ou en « CSV UTF-8 »."
    )


def test_encodings(db_url):
    # Excel's « texte Unicode » is UTF-16 with tabs: imported
    unicode_text = (CSV_HEADER + CSV_GOOD).replace(";", "\t").encode("utf-16")
    company = resolve_company(url=db_url)
    assert import_sheet(company, "invoices", "f.txt", unicode_text, db_url).created == 1
    assert refused(db_url, "g.txt", b"\xff\xfe" + "numéro".encode("utf-16-le") + b"\x00") == (
        f"{REFUSED.format('g.txt')} : ce n'est pas un texte UTF-16 lisible."
    )
    assert refused(db_url, "old.xls", b"\xd0\xcf\x11\xe0" + bytes(600)).startswith(
        f"{REFUSED.format('old.xls')} : c'est un ancien classeur .xls ou un classeur protégé"
    )


def test_amounts_out_of_bounds_are_refused(db_url):
    csv = (
        CSV_HEADER
        + CSV_GOOD
        + "F2;Hôtel du Parc;02/10/2026;01/11/2026;-100,00\n"
        + "F3;Hôtel du Parc;02/10/2026;01/11/2026;12345678901234567890\n"
    ).encode()
    assert refused(db_url, "f.csv", csv).splitlines()[1:] == [
        "ligne 3 : montant_ttc : Le montant ne peut pas être négatif.",
        "ligne 4 : montant_ttc : Le montant dépasse la limite de "
        "999\u202f999\u202f999\u202f999 € : vérifiez le nombre de chiffres.",
    ]
    data = workbook(HEADER, GOOD, ["F2", "Hôtel du Parc", "02/10/2026", "01/11/2026", 1e300])
    assert refused(db_url, "f.xlsx", data).splitlines()[1:] == [
        "ligne 3 : montant_ttc : Le montant dépasse la limite de "
        "999\u202f999\u202f999\u202f999 € : vérifiez le nombre de chiffres.",
    ]


def test_dates_out_of_bounds_are_refused(db_url):
    csv = (CSV_HEADER + CSV_GOOD + "F2;Hôtel du Parc;31/12/9999;31/12/9999;100\n").encode()
    assert refused(db_url, "f.csv", csv).splitlines()[1:] == [
        "ligne 3 : date_facture : La date (31/12/9999) doit être entre le 01/01/1900 "
        "et le 31/12/2100.",
    ]
    bill = ["FB-1", "Frans Bonhomme", datetime(2026, 10, 1), datetime(2026, 11, 1), 99]
    header = ["numero", "fournisseur", *HEADER[2:]]
    data = workbook(header, [*bill, datetime(9999, 12, 31)])
    assert refused(db_url, "achats.xlsx", data, kind="bills").splitlines()[1:] == [
        "ligne 2 : payee_le : La date (31/12/9999) doit être entre le 01/01/1900 et le 31/12/2100.",
    ]


def test_more_invoices_than_a_spreadsheet_takes_are_refused(db_url):
    rows = "".join(f"F{n};Hôtel du Parc;02/10/2026;01/11/2026;100\n" for n in range(20_001))
    assert refused(db_url, "f.csv", (CSV_HEADER + rows).encode()) == (
        "« f.csv » : plus de 20\u202f000 lignes de factures, rien n'a été enregistré. "
        "Découpez le fichier (par année)."
    )


def test_the_cli_says_why_in_french(db_url, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", db_url)
    path = tmp_path / "factures.csv"
    path.write_bytes((CSV_HEADER + "F1;" + "x" * MB + "\n").encode())
    assert cli.main(["invoices", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "« factures.csv » non importé, rien n'a été enregistré : ligne 2 :" in err
    assert "Traceback" not in err


def test_invoice_numbers_that_would_move_the_numbering_off_are_refused(db_url):
    csv = (
        CSV_HEADER
        + CSV_GOOD
        + "F9999-0001;Hôtel du Parc;02/10/2026;01/11/2026;100\n"
        + "F2026-99999999999999999999;Hôtel du Parc;02/10/2026;01/11/2026;100\n"
    ).encode()
    lines = refused(db_url, "f.csv", csv).splitlines()[1:]
    assert [line.split(" : ")[:2] for line in lines] == [
        ["ligne 3", "numero"],
        ["ligne 4", "numero"],
    ]


def test_a_number_cell_keeps_its_digits_or_is_refused(db_url):
    header = ["numero", "client", "date_facture", "date_echeance", "montant_ttc", "siren"]
    row = ["F2026-0001", "Hôtel du Parc", "02/10/2026", "01/11/2026", 120.0, 12345678901234567890]
    assert refused(db_url, "f.xlsx", workbook(header, row)).splitlines()[1:] == [
        "ligne 2 : siren : ce nombre a plus de 15 chiffres et le tableur en a perdu : "
        "saisissez-le comme du texte (précédé d'une apostrophe).",
    ]
