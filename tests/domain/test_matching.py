"""The matcher on the cases that fool a naive one (expectations worked out by hand)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from treso_app.domain.matching import (
    BankLine,
    DocumentKind,
    OpenDocument,
    plan,
    reference_keys,
)

INV, BILL = DocumentKind.INVOICE, DocumentKind.BILL


def doc(id_, number, party, cents, kind=INV, due=date(2026, 3, 31), issued=date(2026, 3, 1)):
    return OpenDocument(kind, id_, number, party, issued, due, cents)


def line(id_, cents, label, counterparty=None, on=date(2026, 4, 2), open_cents=None):
    return BankLine(
        id_, on, cents, label, counterparty, abs(cents) if open_cents is None else open_cents
    )


def applied(result):
    """{line id: [(document id, settles, cash)]} of the automatic matches."""
    out = defaultdict(list)
    for match in result.applied:
        out[match.line_id] += [(p.document.id, p.settles_cents, p.cash_cents) for p in match.parts]
    return {line_id: sorted(parts) for line_id, parts in out.items()}


@pytest.mark.parametrize(
    "label",
    [
        "VIR SEPA RECU FACT F2026-0042",
        "VIR F20260042",
        "VIR FA2026-00042 MERCI",
        "PAIEMENT FACTURE F 2026 42",
    ],
)
def test_a_number_spelled_several_ways_reads_the_same(label):
    assert "2026/42" in reference_keys(label)


def test_a_date_in_a_label_is_not_read_as_an_invoice_number():
    assert "2026/11" not in reference_keys("VIR SEPA 2026 11 05")


# (case, documents, lines, expected automatic matches, line ids left for review)
CASES = [
    (
        "exact amount and reference: automatic",
        [
            doc(1, "F2026-0042", "Hôtel du Parc", 1200_00),
            doc(2, "F2026-0043", "Hôtel du Parc", 900_00),
        ],
        [line(10, 1200_00, "VIR SEPA HOTEL DU PARC FACT F2026-0042")],
        {10: [(1, 1200_00, 1200_00)]},
        set(),
    ),
    (
        "two invoices of one client, same amount, no reference: both suggested, none applied",
        [
            doc(1, "F2026-0042", "Hôtel du Parc", 500_00),
            doc(2, "F2026-0050", "Hôtel du Parc", 500_00),
        ],
        [line(10, 500_00, "VIR SEPA HOTEL DU PARC")],
        {},
        {10},
    ),
    (
        "grouped transfer of two invoices of one client",
        [
            doc(1, "F2026-0042", "Hôtel du Parc", 1200_00),
            doc(2, "F2026-0043", "Hôtel du Parc", 800_00),
            doc(3, "F2026-0044", "Hôtel du Parc", 5000_00),
        ],
        [line(10, 2000_00, "VIR HOTEL DU PARC FACT F2026-0042 F2026-0043")],
        {10: [(1, 1200_00, 1200_00), (2, 800_00, 800_00)]},
        set(),
    ),
    (
        "a partial payment naming its invoice, then the balance",
        [doc(1, "F2026-0042", "Hôtel du Parc", 3000_00)],
        [
            line(10, 1200_00, "VIR HOTEL DU PARC ACOMPTE FACT F2026-0042"),
            line(11, 1800_00, "VIR HOTEL DU PARC SOLDE FACT F2026-0042", on=date(2026, 4, 30)),
        ],
        {10: [(1, 1200_00, 1200_00)], 11: [(1, 1800_00, 1800_00)]},
        set(),
    ),
    (
        "a bank fee deducted: the invoice is settled whole, the line's amount is used",
        [doc(1, "F2026-0042", "Hôtel du Parc", 1200_00)],
        [line(10, 1197_50, "VIR HOTEL DU PARC FACT F2026-0042")],
        {10: [(1, 1200_00, 1197_50)]},
        set(),
    ),
    (
        "two clients with similar names: the one named wins",
        [
            doc(1, "F2026-0042", "Martin Plomberie", 700_00),
            doc(2, "F2026-0043", "Martin Chauffage", 700_00),
        ],
        [line(10, 700_00, "VIR SEPA MARTIN CHAUFFAGE SARL")],
        {10: [(2, 700_00, 700_00)]},
        set(),
    ),
    (
        "money out settles bills, never invoices",
        [
            doc(1, "F2026-0042", "Leroy Merlin", 300_00),
            doc(2, "LM-881", "Leroy Merlin", 300_00, kind=BILL),
        ],
        [line(10, -300_00, "PRLV LEROY MERLIN FACT LM-881")],
        {10: [(2, 300_00, 300_00)]},
        set(),
    ),
    (
        "a line booked long before the invoice is not its payment",
        [
            doc(
                1,
                "F2026-0042",
                "Hôtel du Parc",
                1200_00,
                issued=date(2026, 6, 1),
                due=date(2026, 7, 1),
            )
        ],
        [line(10, 1200_00, "VIR SEPA HOTEL DU PARC", on=date(2026, 4, 2))],
        {},
        set(),
    ),
]


@pytest.mark.parametrize(
    ("case", "documents", "lines", "expected", "review"), CASES, ids=[c[0] for c in CASES]
)
def test_tricky_cases(case, documents, lines, expected, review):
    result = plan(lines, documents)
    assert applied(result) == expected
    assert set(result.suggested) == review


def test_same_amount_twins_are_both_suggested_with_reasons():
    docs = [
        doc(1, "F2026-0042", "Hôtel du Parc", 500_00),
        doc(2, "F2026-0050", "Hôtel du Parc", 500_00),
    ]
    [first, second] = plan([line(10, 500_00, "VIR SEPA HOTEL DU PARC")], docs).suggested[10][:2]
    assert {first.parts[0].document.id, second.parts[0].document.id} == {1, 2}
    assert first.reasons_text == "montant exact · nom proche de « Hôtel du Parc »"


def test_tied_twins_come_overdue_first_and_say_when_each_is_due():
    docs = [
        doc(1, "F2026-0101", "Hôtel du Parc", 500_00, due=date(2026, 12, 31)),
        doc(2, "F2026-0095", "Hôtel du Parc", 500_00, due=date(2026, 11, 30)),
    ]
    on = date(2026, 12, 2)
    [first, second] = plan([line(10, 500_00, "VIR SEPA HOTEL DU PARC", on=on)], docs).suggested[10]
    assert first.score == second.score
    assert (first.parts[0].document.id, second.parts[0].document.id) == (2, 1)
    assert first.reasons_text == "montant exact · nom proche de « Hôtel du Parc » · échue le 30/11"
    assert second.reasons[-1] == "échéance le 31/12"


def test_reasons_name_the_reference_and_the_fee():
    docs = [doc(1, "F2026-0042", "Hôtel du Parc", 1200_00)]
    [match] = plan([line(10, 1197_50, "VIR HOTEL DU PARC FACT F2026-0042")], docs).applied
    assert match.reasons_text == (
        "frais de 2,50\u00a0€ déduits · référence F2026-0042 dans le libellé"
        " · nom proche de « Hôtel du Parc »"
    )


def test_a_recorded_payment_is_confirmed_by_a_line_near_its_date_only():
    noted = OpenDocument(
        INV,
        1,
        "F2026-0042",
        "Hôtel du Parc",
        date(2026, 3, 1),
        date(2026, 3, 31),
        1200_00,
        7,
        date(2026, 4, 1),
    )
    near = plan([line(10, 1200_00, "VIR HOTEL DU PARC", on=date(2026, 4, 3))], [noted])
    far = plan([line(10, 1200_00, "VIR HOTEL DU PARC", on=date(2026, 4, 20))], [noted])
    assert applied(near) == {10: [(1, 1200_00, 1200_00)]}
    assert near.applied[0].parts[0].document.payment_id == 7
    assert applied(far) == {} and far.suggested == {}


def noted(id_, number, cents, paid_on, payment_id):
    """An invoice a spreadsheet marks « payée le » `paid_on`, no bank line carrying it yet."""
    return OpenDocument(
        INV, id_, number, "Groupe Dauphin", date(2026, 1, 5), date(2026, 3, 6), cents,
        payment_id, paid_on,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("label", "paid_on", "expected"),
    [
        # The sheet noted both payments the day of the transfer; the label gives the
        # sequences only (« FA 2 FA 4 »): applied, each payment confirmed.
        ("VIR SEPA GROUPE DAUPHIN FA 2 FA 4", date(2026, 4, 2), {10: [(1, 1633_20, 1633_20),
                                                                       (2, 468_00, 468_00)]}),
        # No reference: the exact sum of two payments noted that day for that client.
        ("VIR SEPA GROUPE DAUPHIN", date(2026, 4, 2), {10: [(1, 1633_20, 1633_20),
                                                             (2, 468_00, 468_00)]}),
        # Payments noted a month away: not this line's.
        ("VIR SEPA GROUPE DAUPHIN FA 2 FA 4", date(2026, 5, 4), {}),
    ],
)  # fmt: skip
def test_one_transfer_carries_the_payments_a_sheet_noted_for_several_invoices(
    label, paid_on, expected
):
    docs = [
        noted(1, "F2026-0002", 1633_20, paid_on, 7),
        noted(2, "F2026-0004", 468_00, paid_on, 8),
        noted(3, "F2026-0005", 468_00, date(2026, 6, 1), 9),  # paid later: not this one
    ]
    result = plan([line(10, 2101_20, label)], docs)
    assert applied(result) == expected
    assert {p.document.payment_id for m in result.applied for p in m.parts} <= {7, 8}


def test_a_deposit_and_a_balance_by_cheque_confirm_the_payment_a_sheet_noted_once():
    """The sheet says « payée le 30/04 », 9 655,20 €; the bank shows two cheques without a
    word of the invoice: 3 862,08 € on 1 April, 5 793,12 € on 30 April. They add up to the
    cent, the later on the noted day: both carry that payment. A third cheque that would
    make another pair leaves the choice to the owner."""
    sheet = noted(1, "F2026-0038", 9655_20, date(2026, 4, 30), 7)
    deposit = line(10, 3862_08, "REMISE CHEQUE N 7413", on=date(2026, 4, 1))
    balance = line(11, 5793_12, "REMISE CHEQUE N 7422", on=date(2026, 4, 30))
    other = line(12, 4000_00, "REMISE CHEQUE N 7423", on=date(2026, 4, 29))
    result = plan([deposit, balance, other], [sheet])
    assert applied(result) == {10: [(1, 3862_08, 3862_08)], 11: [(1, 5793_12, 5793_12)]}
    assert {p.document.payment_id for m in result.applied for p in m.parts} == {7}
    assert "acompte du 01/04/2026 et solde du 30/04/2026" in result.applied[0].reasons_text
    twin = line(13, 5655_20, "REMISE CHEQUE N 7424", on=date(2026, 4, 20))  # + 4 000 too
    assert applied(plan([deposit, balance, other, twin], [sheet])) == {}
    # A deposit before the invoice was written (beyond three days) is not its deposit.
    early = line(10, 3862_08, "REMISE CHEQUE N 7413", on=date(2026, 1, 1))
    assert applied(plan([early, balance], [sheet])) == {}


def test_a_cheque_of_exactly_a_noted_payment_confirms_it_unless_another_fits():
    """The sheet says « payée le 05/03 », 13 201,10 €; the bank shows a cheque deposit of
    exactly that, two days later, naming nobody: confirmed unasked. Two invoices noted paid
    that week for the same amount, or two such cheques: the owner chooses."""
    sheet = noted(1, "F2026-0028", 13201_10, date(2026, 3, 5), 7)
    cheque = line(10, 13201_10, "REMISE CHEQUE N 5124843", on=date(2026, 3, 7))
    result = plan([cheque], [sheet])
    assert applied(result) == {10: [(1, 13201_10, 13201_10)]}
    assert result.applied[0].parts[0].document.payment_id == 7
    twin_sheet = noted(2, "F2026-0029", 13201_10, date(2026, 3, 6), 8)
    assert applied(plan([cheque], [sheet, twin_sheet])) == {}
    twin_cheque = line(11, 13201_10, "REMISE CHEQUE N 5124844", on=date(2026, 3, 4))
    assert applied(plan([cheque, twin_cheque], [sheet])) == {}
    # A week away from the noted day: the owner is asked.
    late = line(10, 13201_10, "REMISE CHEQUE N 5124843", on=date(2026, 3, 12))
    assert applied(plan([late], [sheet])) == {}


def test_a_line_already_partly_used_offers_only_what_is_left():
    docs = [doc(1, "F2026-0042", "Hôtel du Parc", 400_00)]
    result = plan([line(10, 1000_00, "VIR HOTEL DU PARC F2026-0042", open_cents=400_00)], docs)
    assert applied(result) == {10: [(1, 400_00, 400_00)]}


parties = st.sampled_from(
    ["Hôtel du Parc", "Martin Plomberie", "Martin Chauffage", "SCI Les Tilleuls"]
)


@st.composite
def books(draw):
    documents = [
        OpenDocument(
            draw(st.sampled_from([INV, BILL])),
            i,
            f"F2026-{i:04d}",
            draw(parties),
            date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 60))),
            date(2026, 3, 1) + timedelta(days=draw(st.integers(0, 60))),
            draw(st.sampled_from([100_00, 250_00, 400_00, 1000_00, 1003_00])),
        )
        for i in range(draw(st.integers(1, 12)))
    ]
    lines = []
    for i in range(draw(st.integers(1, 12))):
        cents = draw(st.sampled_from([100_00, 250_00, 350_00, 400_00, 650_00, 1000_00, 1400_00]))
        target = draw(st.sampled_from(documents))
        number = target.number if draw(st.booleans()) else ""
        name = target.party.upper() if draw(st.booleans()) else "DIVERS"
        sign = 1 if target.kind == INV else -1
        lines.append(
            line(
                100 + i,
                sign * cents,
                f"VIR {name} {number}",
                on=date(2026, 3, 1) + timedelta(days=draw(st.integers(0, 60))),
            )
        )
    return documents, lines


@settings(max_examples=200, deadline=None)
@given(books())
def test_no_line_or_document_is_ever_used_past_its_amount(book):
    documents, lines = book
    result = plan(lines, documents)
    used, settled = defaultdict(int), defaultdict(int)
    for match in result.applied:
        for part in match.parts:
            used[match.line_id] += part.cash_cents
            settled[part.document.key] += part.settles_cents
            assert part.cash_cents <= part.settles_cents
            assert (part.document.kind == INV) == (
                next(ln for ln in lines if ln.id == match.line_id).amount_cents > 0
            )
    for ln in lines:
        assert used[ln.id] <= abs(ln.amount_cents)
    for d in documents:
        assert settled[d.key] <= d.remaining_cents
