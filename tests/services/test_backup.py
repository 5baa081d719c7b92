"""`treso db backup`: a whole, checked, private copy of the embedded database — or nothing."""

from __future__ import annotations

import sqlite3
import stat
from datetime import datetime
from pathlib import Path

import pytest

from tests.readers.samples import ofx_sgml, ofx_transaction
from treso_app.cli import main
from treso_app.domain.calendar import PARIS
from treso_app.domain.errors import TresoError
from treso_app.services.backup import backup_database
from treso_app.services.companies import create_company
from treso_app.services.imports import import_file

STATEMENT = ofx_sgml(
    ofx_transaction("20261103", "1200,00", "VIR HOTEL DU PARC", "a")
    + ofx_transaction("20261104", "-80,00", "PRLV SEPA EDF", "b"),
    as_of="20261130",
)


@pytest.fixture
def company_db(db_url, monkeypatch) -> str:
    monkeypatch.setenv("TRESO_TODAY", "2026-12-02")
    company = create_company("Plomberie Martin", db_url)
    assert import_file(company, "releve.ofx", STATEMENT, url=db_url).imported
    return db_url


def lines_in(path: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(path) as copy:
        return copy.execute(
            "SELECT label, amount_cents FROM banktransaction ORDER BY booked_on"
        ).fetchall()


def test_the_copy_holds_the_companys_lines_and_only_its_owner_reads_it(company_db, tmp_path):
    noon = datetime(2026, 12, 2, 12, 30, 5, tzinfo=PARIS)
    backup = backup_database(url=company_db, now=noon)

    assert backup.path == tmp_path / "sauvegardes" / "treso-2026-12-02-123005.db"
    assert lines_in(backup.path) == [("VIR HOTEL DU PARC", 120000), ("PRLV SEPA EDF", -8000)]
    assert stat.S_IMODE(backup.path.stat().st_mode) == 0o600
    assert not list(backup.path.parent.glob("*.partiel"))
    assert backup.message.startswith(f"Sauvegarde écrite et vérifiée : {backup.path} (")


def test_an_existing_file_is_never_overwritten(company_db, tmp_path):
    kept = tmp_path / "ma-sauvegarde.db"
    kept.write_bytes(b"the owner's own file")
    with pytest.raises(TresoError, match="existe déjà : Tréso n'écrase pas un fichier"):
        backup_database(kept, url=company_db)
    assert kept.read_bytes() == b"the owner's own file"


def test_a_folder_takes_a_dated_file(company_db, tmp_path):
    folder = tmp_path / "cle-usb"
    folder.mkdir()
    backup = backup_database(folder, url=company_db)
    assert backup.path.parent == folder and backup.path.name.startswith("treso-")
    assert len(lines_in(backup.path)) == 2


def test_an_unwritable_place_says_so_and_leaves_nothing(company_db, tmp_path):
    blocker = tmp_path / "fichier"
    blocker.write_text("not a folder")
    with pytest.raises(TresoError, match=r"Sauvegarde impossible vers .* Rien n'a été écrit"):
        backup_database(blocker / "copie.db", url=company_db)
    assert blocker.read_text() == "not a folder"


def test_other_databases_are_pointed_to_their_own_tool(tmp_path):
    with pytest.raises(TresoError, match="pour PostgreSQL, utilisez pg_dump"):
        backup_database(url="postgresql+psycopg://treso@localhost/treso")
    with pytest.raises(TresoError, match="pas encore de base de données"):
        backup_database(url=f"sqlite:///{tmp_path / 'absente.db'}")


def test_the_command_prints_where_the_copy_is(company_db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", company_db)
    target = tmp_path / "copie.db"
    assert main(["db", "backup", str(target)]) == 0
    assert capsys.readouterr().out.startswith(f"Sauvegarde écrite et vérifiée : {target} (")
    assert len(lines_in(target)) == 2
    assert main(["db", "backup", str(target)]) == 1  # the same name again: refused
    assert "existe déjà" in capsys.readouterr().err
