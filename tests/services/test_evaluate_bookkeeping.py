"""The bookkeeping evaluation's figures, on a loaded shop whose truth is known and changed
here by hand: one wrong match, a few detected recurring items."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from sqlmodel import Session, select

from tests.conftest import DEMO_TODAY
from treso_app.db import tables as t
from treso_app.db.session import get_engine
from treso_app.demo.generator import build
from treso_app.services.demo import load_demo

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "evaluate_bookkeeping.py"


@pytest.fixture(scope="module")
def harness():
    spec = importlib.util.spec_from_file_location("evaluate_bookkeeping", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_figures_follow_the_database(harness, db_url):
    book = build(DEMO_TODAY, kind="commerce")
    company_id = load_demo(today=DEMO_TODAY, url=db_url, kind="commerce")
    with Session(get_engine(db_url)) as session:
        allocations = session.exec(select(t.Allocation)).all()
        bills = session.exec(select(t.Bill)).all()
        # One bill payment tied to the wrong bill: 1 wrong automatic match, 1 pair missed.
        wrong = next(a for a in allocations if a.bill_id)
        wrong.bill_id = next(b.id for b in bills if b.id != wrong.bill_id)
        # The loaded demo's declared items go; detected ones come: rent, URSSAF and the VAT
        # return as they are (the VAT's amount is only an estimate), a flow that does not
        # exist, and the VAT again as monthly on the 15th — a DGFIP levy that is no CFE.
        for item in session.exec(select(t.RecurringItem)).all():
            session.delete(item)
        flows = {f.key: f for f in book.flows}
        for key, day, cents in (
            ("loyer", 5, 0),
            ("urssaf", 15, 0),
            ("tva", 19, -1_000_00),
            ("tva", 15, 0),
        ):
            flow = flows[key]
            session.add(
                t.RecurringItem(
                    company_id=company_id,
                    label=flow.label,
                    status="détecté",
                    amount_cents=cents or flow.amount_cents,
                    frequency="mensuel",
                    day=day,
                    start_on=DEMO_TODAY,
                )
            )
        session.add(t.RecurringItem(company_id=company_id, label="PRLV SEPA NETFLIX",
                                    amount_cents=-13_49, frequency="mensuel", day=7,
                                    status="détecté", start_on=DEMO_TODAY))  # fmt: skip
        # One card remittance left without a category.
        line = session.exec(
            select(t.BankTransaction).where(t.BankTransaction.label.startswith("REMISE CB"))
        ).first()
        line.category_id = None
        session.commit()
    precision, recall, categories, recurring, false = harness.measure(book, company_id, db_url)
    pairs = sum(len(ln.invoice_parts()) + bool(ln.bill) for ln in book.lines)
    automatic = len(allocations)
    assert automatic == pairs
    assert precision == pytest.approx(100 * (automatic - 1) / automatic)
    assert recall == pytest.approx(100 * (pairs - 1) / pairs)
    assert categories == pytest.approx(100 * (len(book.lines) - 1) / len(book.lines))
    assert recurring == pytest.approx(100 * 3 / len(book.flows))
    assert false == pytest.approx(100 * 2 / 5)  # the unknown one and the VAT on the 15th


def test_a_step_that_wrote_nothing_is_not_applicable(harness, db_url):
    from treso_app.services.companies import create_company

    company_id = create_company("Vide", db_url)
    book = build(DEMO_TODAY, kind="agence")
    assert harness.measure(book, company_id, db_url) == (None, None, None, None, None)


def test_a_yearly_item_in_the_wrong_month_is_wrong_and_a_transfer_is_no_flow(harness, db_url):
    """The loaded plumber declares its true flows (all right, none false). Its CFE moved to
    June (the 15th still) is no longer right; an item for the card account's monthly top-up
    stands for no flow: money between own accounts is neither in nor out."""
    book = build(DEMO_TODAY, kind="plombier")
    company_id = load_demo(today=DEMO_TODAY, url=db_url, kind="plombier")
    with Session(get_engine(db_url)) as session:
        items = session.exec(select(t.RecurringItem)).all()
        cfe = next(i for i in items if i.label == "DGFIP CFE")
        cfe.start_on = cfe.start_on.replace(month=6)
        session.add(t.RecurringItem(company_id=company_id, label="INTERNE ALIMENTATION COMPTE",
                                    amount_cents=-4_900_00, frequency="mensuel", day=2,
                                    status="détecté", start_on=DEMO_TODAY))  # fmt: skip
        session.commit()
        count = len(items)
    flows = [f for f in book.flows if f.category != "Virements internes"]
    *_, recurring, false = harness.measure(book, company_id, db_url)
    assert recurring == pytest.approx(100 * (len(flows) - 1) / len(flows))
    assert false == pytest.approx(100 * 1 / (count + 1))
