"""The demo is a company of its own: real statements never land in it unasked, and pages and
commands default to the owner's own company once it exists."""

from __future__ import annotations

import json

import pytest
from sqlmodel import func, select

from tests.readers.samples import ofx_sgml, ofx_transaction
from treso_app.cli import main
from treso_app.db import tables as t
from treso_app.db.session import read_only, transaction
from treso_app.domain.errors import ValidationError
from treso_app.services.companies import (
    create_company,
    current_company,
    default_company_id,
    resolve_company,
)
from treso_app.services.imports import Question, import_file
from treso_app.services.inbox import import_inbox

STATEMENT = ofx_sgml(ofx_transaction("20261123", "-12,50", "CB BOULANGERIE", "F1"), "500,00")


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):  # the statement above is of November 2026
    monkeypatch.setenv("TRESO_TODAY", "2026-11-30")


@pytest.fixture
def demo(db_url) -> int:
    """A company marked as the demo, as the generator marks it, and empty."""
    with transaction(db_url) as session:
        company = t.Company(name="Martin Plomberie Chauffage SARL", is_demo=True)
        session.add(company)
        session.flush()
        return company.id


def default(url: str) -> int | None:
    with read_only(url) as session:
        return default_company_id(session)


def rows(url: str, table, company_id: int) -> int:
    with read_only(url) as session:
        return session.exec(
            select(func.count()).select_from(table).where(table.company_id == company_id)
        ).one()


def test_the_default_company_is_the_owners_once_it_exists(db_url, demo):
    assert default(db_url) == demo
    own = create_company("  Plomberie   Dupont ", db_url)
    assert default(db_url) == own
    with read_only(db_url) as session:
        assert session.get(t.Company, own).name == "Plomberie Dupont"
        assert not session.get(t.Company, own).is_demo
    assert current_company(0, db_url) == own
    assert current_company(demo, db_url) == demo  # a page that shows the demo keeps it
    assert current_company(demo + 100, db_url) == own  # a company gone (a demo reset)


@pytest.mark.parametrize(
    ("name", "because"),
    [("  ", "Donnez le nom"), ("plomberie dupont", "existe déjà"), ("Démo", "démonstration")],
)
def test_a_company_name_must_be_new(db_url, name, because):
    create_company("Plomberie Dupont", db_url)
    with pytest.raises(ValidationError, match=because):
        create_company(name, db_url)


def test_a_statement_for_the_demo_asks_for_the_owners_company(db_url, demo):
    refused = import_file(demo, "releve.ofx", STATEMENT, url=db_url)
    assert not refused.imported and refused.question == Question.OWN_COMPANY
    assert "est l'entreprise de démonstration" in refused.message
    assert rows(db_url, t.ImportRun, demo) == rows(db_url, t.BankTransaction, demo) == 0
    own = create_company("Plomberie Dupont", db_url)
    assert import_file(own, "releve.ofx", STATEMENT, url=db_url).new == 1
    assert import_file(demo, "autre.ofx", STATEMENT, into_demo=True, url=db_url).imported


def test_the_command_line_never_imports_into_the_demo_unasked(
    db_url, demo, monkeypatch, capsys, tmp_path
):
    monkeypatch.setenv("DATABASE_URL", db_url)
    (tmp_path / "releve.ofx").write_bytes(STATEMENT)
    path = str(tmp_path / "releve.ofx")
    assert main(["import", path]) == 1
    err = capsys.readouterr().err
    assert "ne contient que l'entreprise de démonstration" in err
    assert "--company NOM" in err and "--company demo" in err
    assert rows(db_url, t.BankTransaction, demo) == 0

    assert main(["import", path, "--company", "Plomberie Dupont", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["new"] == 1
    own = resolve_company("Plomberie Dupont", db_url)
    assert rows(db_url, t.BankTransaction, own) == 1
    assert main(["import", path, "--company", "demo", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["new"] == 1
    assert rows(db_url, t.BankTransaction, demo) == 1
    assert main(["import", path]) == 0  # now the owner's company is the default: known line
    assert rows(db_url, t.BankTransaction, own) == 1


def test_the_inbox_refuses_files_while_only_the_demo_exists(db_url, demo, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "releve.ofx").write_bytes(STATEMENT)
    report = import_inbox(inbox, db_url)
    assert [r.status for r in report.results] == ["refused"]
    reason = (inbox / "failed" / "releve.ofx.motif.txt").read_text(encoding="utf-8")
    assert "seule l'entreprise de démonstration existe" in reason
    assert rows(db_url, t.BankTransaction, demo) == rows(db_url, t.BankAccount, demo) == 0

    own = create_company("Plomberie Dupont", db_url)
    (inbox / "releve.ofx").write_bytes(STATEMENT)
    assert import_inbox(inbox, db_url).results[0].imported
    assert rows(db_url, t.BankTransaction, own) == 1
    assert rows(db_url, t.BankTransaction, demo) == 0
