"""Files over their limit are refused whole at every entry point: upload, command line,
inbox, and the services themselves; never read as a prefix that is then imported."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import select

from tests.readers.samples import ofx_sgml, ofx_transaction
from treso_app import cli
from treso_app.db import tables as t
from treso_app.db.session import read_only
from treso_app.domain.limits import FileLimit, FileTooLarge
from treso_app.services.companies import resolve_company
from treso_app.services.files import read_file, read_upload
from treso_app.services.imports import import_file
from treso_app.services.inbox import import_inbox
from treso_app.services.spreadsheets import import_sheet

HEADER = "numéro;client;date_facture;date_échéance;montant_ttc\n"
ROW = "F2026-{:05d};Hôtel du Parc;02/10/2026;01/11/2026;9 876,54\n"


def invoices_csv(min_bytes: int) -> bytes:
    """A valid invoices spreadsheet of at least `min_bytes`: every row complete."""
    rows = [HEADER]
    size, number = len(HEADER.encode()), 0
    while size < min_bytes:
        rows.append(ROW.format(number + 1))  # (our numbering starts at 1)
        size += len(rows[-1].encode())
        number += 1
    return "".join(rows).encode()


class FakeUpload:
    """An upload as Reflex hands it over; `size` unknown, like a streamed request."""

    def __init__(self, data: bytes) -> None:
        self.data, self.size, self.asked = data, None, []

    async def read(self, size: int = -1) -> bytes:
        self.asked.append(size)
        return self.data if size < 0 else self.data[:size]


def run(coroutine):
    """Await in a thread of its own: the browser tests' Playwright keeps a loop running in
    this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def invoice_count(db_url) -> int:
    with read_only(db_url) as session:
        return len(session.exec(select(t.Invoice)).all())


def test_an_upload_over_the_limit_is_refused_not_cut_short():
    upload = FakeUpload(invoices_csv(FileLimit.SPREADSHEET + 10))
    with pytest.raises(FileTooLarge, match="la limite est de 20 Mo"):
        run(read_upload(upload, "factures.csv", FileLimit.SPREADSHEET))
    assert upload.asked == [FileLimit.SPREADSHEET + 1]  # never more than one byte past it


def test_an_upload_within_the_limit_is_read_whole():
    data = invoices_csv(1000)
    assert run(read_upload(FakeUpload(data), "f.csv", FileLimit.SPREADSHEET)) == data


def test_the_spreadsheet_service_refuses_a_file_over_the_limit(db_url):
    company = resolve_company(url=db_url)
    data = invoices_csv(FileLimit.SPREADSHEET + 1)
    with pytest.raises(FileTooLarge, match=r"factures\.csv"):
        import_sheet(company, "invoices", "factures.csv", data, db_url)
    assert invoice_count(db_url) == 0


def test_the_import_service_refuses_a_statement_over_the_limit_and_records_why(db_url):
    company = resolve_company(url=db_url)
    line = ofx_transaction("20261123", "-1,00", "CAFE", "1")
    data = ofx_sgml(line) + b" " * FileLimit.STATEMENT
    result = import_file(company, "releve.ofx", data, url=db_url)
    assert result.status == "refused"
    assert "la limite est de 50 Mo" in result.message
    with read_only(db_url) as session:
        assert session.exec(select(t.BankTransaction)).all() == []
        run = session.exec(select(t.ImportRun)).one()
    assert (run.status, run.file_name) == ("refused", "releve.ofx")


def test_read_file_checks_the_size_before_reading(tmp_path):
    path = tmp_path / "achats.csv"
    path.write_bytes(b"x" * (FileLimit.SPREADSHEET + 1))
    with pytest.raises(FileTooLarge, match=r"« achats\.csv » fait 20 Mo"):
        read_file(path, FileLimit.SPREADSHEET)


def test_the_command_line_refuses_a_spreadsheet_over_the_limit(
    db_url, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("DATABASE_URL", db_url)
    path = tmp_path / "factures.csv"
    path.write_bytes(invoices_csv(FileLimit.SPREADSHEET + 100))
    assert cli.main(["invoices", "import", str(path)]) == 1
    assert "la limite est de 20 Mo" in capsys.readouterr().err
    assert invoice_count(db_url) == 0


def test_the_inbox_moves_a_statement_over_the_limit_to_failed_with_the_reason(db_url, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    big = inbox / "releve.ofx"
    big.write_bytes(ofx_sgml(ofx_transaction("20261123", "-1,00", "CAFE", "1")))
    with big.open("ab") as stream:
        stream.truncate(FileLimit.STATEMENT + 1)
    resolve_company(url=db_url)
    import_inbox(inbox, url=db_url)
    assert (inbox / "failed" / "releve.ofx").exists()
    reason = next((inbox / "failed").glob("*.motif.txt")).read_text()
    assert "la limite est de 50 Mo" in reason


def test_the_invoices_page_upload_refuses_an_oversized_sheet_and_imports_a_small_one(
    db_url, monkeypatch
):
    from treso_app.ui.states.invoices import imported_sheet

    monkeypatch.setenv("DATABASE_URL", db_url)
    company = resolve_company(url=db_url)
    big = FakeUpload(invoices_csv(FileLimit.SPREADSHEET + 10))
    big.filename = "factures.csv"
    message, imported = run(imported_sheet(company, "invoices", [big]))
    assert not imported and "la limite est de 20 Mo" in message
    assert invoice_count(db_url) == 0
    small = FakeUpload(invoices_csv(200))
    small.filename = "factures.csv"
    message, imported = run(imported_sheet(company, "invoices", [small]))
    rows = invoices_csv(200).decode().count("\n") - 1
    assert imported and invoice_count(db_url) == rows
