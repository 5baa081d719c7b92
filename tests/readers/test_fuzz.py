"""Random and mutated statement files: a clear refusal or a clean import, never a crash."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import func, select

from treso_app.db import tables as t
from treso_app.db.session import read_only
from treso_app.readers import StatementError, read_file
from treso_app.services.companies import resolve_company
from treso_app.services.imports import import_file

from .samples import (
    camt053,
    camt_detail,
    camt_entry,
    cfonb_amount,
    cfonb_record,
    ofx_sgml,
    ofx_transaction,
)

SEEDS = {
    "ofx": ofx_sgml(
        ofx_transaction("20261123", "-12,50", "CB CAFÉ", "A1")
        + ofx_transaction("20261124", "1500,00", "VIR CLIENT", "A2")
    ),
    "csv": (
        "Date;Libellé;Débit;Crédit\n23/11/2026;CB CAFÉ;12,50;\n24/11/2026;VIR;;1 500,00\n"
    ).encode("cp1252"),
    "camt": camt053(
        camt_entry(
            "300.00",
            "CRDT",
            "<Dt>2026-11-24</Dt>",
            reference="R1",
            details=camt_detail("100.00", "A", "F1") + camt_detail("200.00", "B", "F2"),
        )
    ),
    "cfonb": "\n".join(
        [
            cfonb_record("01", amount=cfonb_amount(100000)),
            cfonb_record("04", label="PRLV", amount=cfonb_amount(-5000)),
            cfonb_record("05", qualifier="LIB", complement="CONTRAT"),
            cfonb_record("07", amount=cfonb_amount(95000)),
        ]
    ).encode(),
}


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(SEEDS[draw(st.sampled_from(sorted(SEEDS)))])
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["flip", "delete", "insert", "truncate", "duplicate"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if action == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif action == "insert":
            data[at:at] = draw(
                st.binary(min_size=1, max_size=20)
                | st.sampled_from(
                    [
                        b"<",
                        b">",
                        b"</STMTTRN>",
                        b"<STMTTRN>",
                        b";",
                        b"\n",
                        b'"',
                        b"&",
                        b"\xff",
                        b"04",
                    ]
                )
            )
        elif action == "truncate":
            del data[at:]
        else:
            end = at + draw(st.integers(1, 200))
            data[at:at] = data[at:end]
    return bytes(data)


def read_or_refuse(data: bytes) -> None:
    try:
        read_file(data)
    except StatementError as error:
        # "structure inattendue" is the safety net for reader bugs: fuzzing must not reach it.
        assert error.message and "structure inattendue" not in error.message, error.detail


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_crash_a_reader(data):
    read_or_refuse(data)


@settings(max_examples=600, deadline=None)
@given(mutated())
def test_mutated_statements_never_crash_a_reader(data):
    read_or_refuse(data)


def lines(url: str) -> int:
    with read_only(url) as session:
        return session.exec(select(func.count()).select_from(t.BankTransaction)).one()


@pytest.fixture
def company(db_url) -> int:
    return resolve_company(url=db_url)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=mutated())
def test_mutated_files_import_whole_or_not_at_all(db_url, company, data):
    before = lines(db_url)
    result = import_file(company, "fuzz", data, url=db_url)
    after = lines(db_url)
    if result.imported:
        assert after - before == result.new
        assert import_file(company, "fuzz", data, url=db_url).new == 0
    else:
        assert after == before and result.message
