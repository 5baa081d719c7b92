"""`treso import` as a script uses it: JSON lines and exit codes."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from tests.readers.samples import FR_IBAN, ofx_sgml, ofx_transaction
from treso_app.cli import main
from treso_app.db import tables as t
from treso_app.db.session import read_only


@pytest.fixture
def cli(db_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", db_url)

    def run(*args: str) -> tuple[int, list[dict]]:
        code = main(list(args))
        out = capsys.readouterr().out
        return code, [json.loads(line) for line in out.splitlines() if line.startswith("{")]

    return run


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """The statements here are of November 2026: not old, whatever day the suite runs."""
    monkeypatch.setenv("TRESO_TODAY", "2026-11-30")


def test_json_per_file_and_exit_code_one_when_any_file_is_refused(cli, tmp_path, db_url):
    good = tmp_path / "releve.ofx"
    good.write_bytes(ofx_sgml(ofx_transaction("20261123", "-1,00", "X", "1")))
    bad = tmp_path / "notes.txt"
    bad.write_text("rien à voir")
    code, rows = cli("import", str(good), str(bad), "--json")
    assert code == 1
    assert [(r["status"], r["format"], r["read"], r["new"], r["duplicates"]) for r in rows] == [
        ("imported", "OFX", 1, 1, 0),
        ("refused", None, 0, 0, 0),
    ]
    assert "format non reconnu" in rows[1]["message"].lower()
    assert rows[0]["file"] == str(good)
    with read_only(db_url) as session:
        assert [c.name for c in session.exec(select(t.Company)).all()] == ["Mon entreprise"]

    code, rows = cli("import", str(good), "--json")
    assert code == 0 and (rows[0]["new"], rows[0]["duplicates"]) == (0, 1)


def test_account_option_creates_the_account_from_a_new_iban(cli, tmp_path, db_url):
    csv_file = tmp_path / "ca.csv"
    csv_file.write_bytes("Date;Libellé;Montant\n24/11/2026;CB;-3,20\n".encode())
    code, rows = cli(
        "import", str(csv_file), "--account", "FR76 3000 4000 0312 3456 7890 143", "--json"
    )
    assert code == 0 and rows[0]["new"] == 1
    with read_only(db_url) as session:
        assert session.exec(select(t.BankAccount.iban)).all() == [FR_IBAN]


def test_an_invalid_iban_is_an_error(cli, tmp_path, capsys):
    csv_file = tmp_path / "ca.csv"
    csv_file.write_text("Date;Libellé;Montant\n24/11/2026;CB;-3,20\n")
    assert main(["import", str(csv_file), "--account", "FR00 1234"]) == 1
    assert "n'est pas un IBAN valide" in capsys.readouterr().err


def test_several_companies_need_company(cli, tmp_path, db_url, capsys):
    from treso_app.db.session import transaction

    with transaction(db_url) as session:
        session.add_all([t.Company(name="Plomberie Martin"), t.Company(name="Boulangerie")])
    data = tmp_path / "r.ofx"
    data.write_bytes(ofx_sgml(ofx_transaction("20261123", "-1,00", "X")))
    assert main(["import", str(data)]) == 1
    assert "précisez --company" in capsys.readouterr().err
    code, rows = cli("import", str(data), "--company", "boulangerie", "--json")
    assert code == 0 and rows[0]["new"] == 1
