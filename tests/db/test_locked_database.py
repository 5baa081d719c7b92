"""A database another process holds for writing: the owner is told so, in French, quickly."""

from __future__ import annotations

import sqlite3
import time

import pytest
from sqlmodel import select

from tests.readers.samples import ofx_sgml, ofx_transaction
from treso_app.db import tables as t
from treso_app.db.session import DatabaseBusy, read_only, transaction
from treso_app.domain.errors import TresoError
from treso_app.services.companies import create_company
from treso_app.services.imports import import_file
from treso_app.ui.errors import load_failure

BUSY = "Une autre opération est en cours, réessayez dans un instant."


@pytest.fixture
def held(db_url):
    """A second, real connection holding the write lock (as a long import would)."""
    other = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield other
    other.execute("ROLLBACK")
    other.close()


def test_a_write_blocked_by_another_says_so_after_a_few_seconds(db_url, held):
    started = time.monotonic()
    with pytest.raises(DatabaseBusy) as caught, transaction(db_url) as session:
        session.add(t.Company(name="Plomberie Dupont"))
    waited = time.monotonic() - started
    assert isinstance(caught.value, TresoError)
    assert caught.value.message == BUSY
    assert 4 < waited < 10  # the busy timeout (5 s), not 30 s of silence
    with read_only(db_url) as session:  # nothing was written by the refused one
        assert session.exec(select(t.Company.name)).all() == []


def test_reading_goes_on_while_another_writes(db_url, held):
    """WAL: the pages keep reading during an import; they see what was committed."""
    with read_only(db_url) as session:
        assert session.exec(select(t.Company.name)).all() == []


def test_an_import_meanwhile_is_refused_with_that_sentence(db_url):
    company_id = create_company("Plomberie Dupont", url=db_url)
    other = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        data = ofx_sgml(ofx_transaction("20261123", "-1,00", "X", "1"))
        result = import_file(company_id, "releve.ofx", data, url=db_url)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert (result.status, result.message) == ("refused", BUSY)


def test_pages_show_that_sentence_instead_of_the_generic_one():
    assert load_failure(DatabaseBusy("database is locked")) == BUSY
    assert load_failure(RuntimeError("bug")).startswith("Impossible de lire les données")
