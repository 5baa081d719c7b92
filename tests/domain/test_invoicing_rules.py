"""Rules of invoicing: identifiers, lines and totals, numbers, deposits, penalties, aging."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treso_app.domain import identifiers
from treso_app.domain.aging import aged_receivables, bucket
from treso_app.domain.dates import parse_day
from treso_app.domain.documents import (
    Line,
    check_number,
    checked_lines,
    document_totals,
    format_number,
    parse_number,
    parse_quantity,
    proportional_lines,
)
from treso_app.domain.errors import ValidationError
from treso_app.domain.penalties import RECOVERY_INDEMNITY_CENTS, default_rate_bp, penalties
from treso_app.domain.vat import VatTotals


@pytest.mark.parametrize("text", ["552 100 554", "552100554", "732 829 320", "55210055400013"])
def test_valid_siren_and_siret_give_the_siren(text):
    assert identifiers.siren(text) in {"552100554", "732829320"}


@pytest.mark.parametrize("text", ["552100555", "12345", "ABCDEFGHI", "55210055400014"])
def test_wrong_siren_is_refused_in_french(text):
    with pytest.raises(ValidationError, match="SIREN") as error:
        identifiers.siren(text)
    assert error.value.field == "siren"


def test_la_poste_siret_uses_its_own_checksum():
    assert identifiers.siren("35600000000048") == "356000000"


def test_iban_and_bic_are_validated_and_compacted():
    assert identifiers.iban("fr76 1780 6002 1004 1234 5678 963") == "FR7617806002100412345678963"
    with pytest.raises(ValidationError, match="IBAN"):
        identifiers.iban("FR7617806002100412345678962")
    assert identifiers.bic("agrifrpp878") == "AGRIFRPP878"
    with pytest.raises(ValidationError, match="BIC"):
        identifiers.bic("AGRI")
    assert identifiers.iban("  ") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25/11/2026", date(2026, 11, 25)),
        ("5/1/26", date(2026, 1, 5)),
        ("2026-11-25", date(2026, 11, 25)),
    ],
)
def test_dates_typed_the_french_way(text, expected):
    assert parse_day(text) == expected


def test_an_impossible_date_is_named():
    with pytest.raises(ValidationError, match="31/02/2026"):
        parse_day("31/02/2026")


def test_line_ht_is_quantity_times_price_rounded_half_up():
    assert Line("Main d'œuvre", 2500, 45_33, 2000).ht_cents == 113_33  # 113,325 → 113,33
    assert parse_quantity("2,5") == 2500
    with pytest.raises(ValidationError):
        parse_quantity("deux")


def test_document_totals_round_vat_per_line_then_sum():
    lines = [Line("A", 1000, 1_05, 2000), Line("B", 1000, 1_05, 2000)]  # 0,21 each
    assert document_totals(lines) == VatTotals(2_10, 42)


def test_a_document_needs_a_labelled_line_with_a_known_rate():
    with pytest.raises(ValidationError, match="au moins une ligne"):
        checked_lines([Line("", 1000, 0, 2000)])
    with pytest.raises(ValidationError, match="Ligne 2 : taux de TVA"):
        checked_lines([Line("A", 1000, 100, 2000), Line("B", 1000, 100, 1900)])


def test_numbers_are_yearly_with_four_digits():
    assert format_number("F", 2026, 1) == "F2026-0001"
    assert parse_number("F2026-0042") == ("F", 2026, 42)
    assert parse_number("FAC-123") is None


def test_deposit_keeps_the_quote_vat_split():
    quote = VatTotals(10_000_00 + 2_000_00, 2_000_00 + 200_00)  # 10 000 at 20 %, 2 000 at 10 %
    lines = proportional_lines(quote, [(10_000_00, 2000), (2_000_00, 1000)], "Acompte", Decimal(30))
    totals = document_totals(lines)
    assert totals.ht_cents == 3_600_00 and totals.tva_cents == 660_00


def test_a_share_by_amount_is_at_most_the_document_and_exact_to_the_cent():
    quote = VatTotals(1_000_00, 200_00)
    with pytest.raises(ValidationError, match="au plus égal au total TTC"):
        proportional_lines(quote, [(1_000_00, 2000)], "Avoir", amount_ttc_cents=1_200_01)
    lines = proportional_lines(quote, [(1_000_00, 2000)], "Acompte", amount_ttc_cents=600_00)
    assert document_totals(lines).ttc_cents == 600_00


@given(st.integers(1, 10**8), st.integers(1, 10**8), st.data())
def test_a_share_by_amount_is_within_a_cent_of_the_typed_amount(ht_a, ht_b, data):
    document = VatTotals(
        ht_a + ht_b,
        document_totals([Line("a", 1000, ht_a, 2000), Line("b", 1000, ht_b, 550)]).tva_cents,
    )
    amount = data.draw(st.integers(1, document.ttc_cents))
    lines = proportional_lines(document, [(ht_a, 2000), (ht_b, 550)], "x", amount_ttc_cents=amount)
    assert abs(document_totals(lines).ttc_cents - amount) <= 1


def test_penalties_hand_computed():
    # 10 000 € owed 73 days at 12,15 %: 10 000 × 0,1215 × 73 / 365 = 243,00 €
    found = penalties(10_000_00, date(2026, 1, 31), date(2026, 4, 14), 1215)
    assert found.days_late == 73
    assert found.interest_cents == 243_00
    assert found.indemnity_cents == RECOVERY_INDEMNITY_CENTS
    assert found.total_cents == 283_00


def test_no_penalty_before_due_date_nor_for_private_clients():
    assert penalties(1_000_00, date(2026, 5, 1), date(2026, 5, 1), 1215).total_cents == 0
    assert penalties(1_000_00, date(2026, 5, 1), date(2026, 6, 1), 1215, False).total_cents == 0
    assert default_rate_bp() == 1215


@given(st.integers(0, 10**9), st.integers(0, 3000))
def test_penalties_never_negative_and_grow_with_time(cents, days):
    due = date(2026, 1, 1)
    a = penalties(cents, due, date.fromordinal(due.toordinal() + days), 1215)
    b = penalties(cents, due, date.fromordinal(due.toordinal() + days + 1), 1215)
    assert 0 <= a.interest_cents <= b.interest_cents


def test_aging_buckets_edges():
    today = date(2026, 11, 27)
    assert bucket(date(2026, 11, 27), today) == "not_due"
    assert bucket(date(2026, 10, 28), today) == "0_30"  # 30 days
    assert bucket(date(2026, 10, 27), today) == "31_60"
    assert bucket(date(2026, 8, 29), today) == "61_90"  # 90 days
    assert bucket(date(2026, 8, 28), today) == "over_90"


def test_aged_receivables_per_client_most_overdue_first():
    today = date(2026, 11, 27)
    rows, total = aged_receivables(
        [
            ("Boulangerie", date(2026, 12, 10), 500_00),
            ("Syndic", date(2026, 7, 1), 3_000_00),
            ("Syndic", date(2026, 11, 1), 1_000_00),
        ],
        today,
    )
    assert [r.client for r in rows] == ["Syndic", "Boulangerie"]
    assert rows[0].cents["over_90"] == 3_000_00 and rows[0].cents["0_30"] == 1_000_00
    assert total.total_cents == 4_500_00 and total.overdue_cents == 4_000_00


@pytest.mark.parametrize(
    ("number", "issued_on", "message"),
    [
        (
            "F9999-0001",
            date(2026, 11, 27),
            "Le numéro « F9999-0001 » porte l'année 9999 pour une date de 2026 : "
            "l'année du numéro est celle de la date, à un an près.",
        ),
        (
            "F2024-0001",
            date(2026, 1, 5),
            "Le numéro « F2024-0001 » porte l'année 2024 pour une date de 2026 : "
            "l'année du numéro est celle de la date, à un an près.",
        ),
        (
            "F2026-1000000",
            date(2026, 11, 27),
            "Le numéro « F2026-1000000 » : son rang va de 1 à 999\u202f999.",
        ),
        ("F" * 41, date(2026, 11, 27), "Le numéro est trop long : 41 caractères pour 40 au plus."),
    ],
)
def test_a_number_far_from_its_issue_year_or_too_long_is_refused(number, issued_on, message):
    with pytest.raises(ValidationError) as error:
        check_number(number, issued_on)
    assert (error.value.message, error.value.field) == (message, "number")


def test_a_number_of_the_year_before_or_another_scheme_is_kept():
    # An invoice of early January numbered in December's sequence, an imported number.
    assert check_number("F2025-0042", date(2026, 1, 5)) == "F2025-0042"
    assert check_number("FA-2026/17", date(2026, 1, 5)) == "FA-2026/17"
