"""Several statements in one go (the CLI, the inbox, a folder of exports): each file's
result first, then one bookkeeping pass over all their new lines — and the invoice a
line pays is paid all the same."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.readers.samples import ofx_sgml, ofx_transaction
from treso_app.cli import main
from treso_app.db import tables as t
from treso_app.db.session import read_only
from treso_app.services import bookkeeping, inbox
from treso_app.services.companies import create_company
from treso_app.services.spreadsheets import import_sheet

SHEET = (
    "numéro;client;date_facture;date_échéance;montant_ttc\n"
    "F2026-0042;Hôtel du Parc;01/10/2026;31/10/2026;1 200,00\n"
)
# November's statement pays the invoice; December's is another month of the same account.
NOVEMBER = ofx_sgml(
    ofx_transaction("20261103", "1200,00", "VIR HOTEL DU PARC FACT F2026-0042", "n1"),
    as_of="20261130",
)
DECEMBER = ofx_sgml(ofx_transaction("20261201", "-80,00", "PRLV SEPA EDF", "d1"), as_of="20261201")


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setenv("TRESO_TODAY", "2026-12-02")


@pytest.fixture
def passes(monkeypatch) -> list[int]:
    """The companies each bookkeeping pass ran for, the real steps still running."""
    seen: list[int] = []
    real = bookkeeping._steps

    def counted():
        steps = real()
        first_name, first = steps[0]

        def first_step(company_id, url, first=first):
            seen.append(company_id)
            first(company_id, url)

        return [(first_name, first_step), *steps[1:]]

    monkeypatch.setattr(bookkeeping, "_steps", counted)
    return seen


def invoice_status(url: str) -> str:
    with read_only(url) as session:
        return session.exec(select(t.Invoice.status)).one()


def test_the_cli_books_two_statements_once_after_both(db_url, tmp_path, monkeypatch, passes):
    monkeypatch.setenv("DATABASE_URL", db_url)
    company = create_company("Plomberie Martin", db_url)
    import_sheet(company, "invoices", "factures.csv", SHEET.encode(), db_url)
    passes.clear()  # the spreadsheet's own pass
    for name, data in (("novembre.ofx", NOVEMBER), ("decembre.ofx", DECEMBER)):
        (tmp_path / name).write_bytes(data)

    code = main(["import", str(tmp_path / "novembre.ofx"), str(tmp_path / "decembre.ofx")])

    assert code == 0
    assert passes == [company]
    assert invoice_status(db_url) == "payée"


def test_the_cli_does_not_book_when_nothing_is_new(db_url, tmp_path, monkeypatch, passes):
    monkeypatch.setenv("DATABASE_URL", db_url)
    create_company("Plomberie Martin", db_url)
    (tmp_path / "novembre.ofx").write_bytes(NOVEMBER)
    assert main(["import", str(tmp_path / "novembre.ofx")]) == 0
    passes.clear()
    assert main(["import", str(tmp_path / "novembre.ofx")]) == 0  # the same file again
    assert passes == []


def test_the_inbox_books_its_run_once(db_url, tmp_path, passes):
    company = create_company("Plomberie Martin", db_url)
    import_sheet(company, "invoices", "factures.csv", SHEET.encode(), db_url)
    passes.clear()
    box = tmp_path / "inbox"
    box.mkdir()
    (box / "novembre.ofx").write_bytes(NOVEMBER)
    (box / "decembre.ofx").write_bytes(DECEMBER)

    report = inbox.import_inbox(box, db_url)

    assert [r.new for r in report.results] == [1, 1]
    assert passes == [company]
    assert invoice_status(db_url) == "payée"
