from __future__ import annotations

from datetime import date

import pytest

from treso_app.domain.errors import PaymentTermsError
from treso_app.domain.terms import EndOfMonthReading, PaymentTerms, due_date, parse_terms


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("à réception", PaymentTerms(0)),
        ("A reception", PaymentTerms(0)),
        ("comptant", PaymentTerms(0)),
        ("30 jours", PaymentTerms(30)),
        ("", PaymentTerms(30)),  # nothing agreed: 30 days (L441-10)
        (None, PaymentTerms(30)),
        ("45 jours fin de mois", PaymentTerms(45, end_of_month=True)),
        ("45 j fdm", PaymentTerms(45, end_of_month=True)),
        ("60 jours date de facture", PaymentTerms(60)),
        ("60 jours", PaymentTerms(60)),
    ],
)
def test_parse_terms(text, terms):
    assert parse_terms(text) == terms


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("90 jours", "plafond légal"),
        ("60 jours fin de mois", "plafond légal"),
        ("quand il veut", "non reconnu"),
    ],
)
def test_parse_terms_refuses_illegal_or_unknown_terms(text, words):
    with pytest.raises(PaymentTermsError) as error:
        parse_terms(text)
    assert words in error.value.message


@pytest.mark.parametrize(
    ("issued", "text", "reading", "due"),
    [
        (date(2026, 11, 25), "à réception", None, date(2026, 11, 25)),
        (date(2026, 11, 25), "30 jours", None, date(2026, 12, 25)),
        (date(2026, 1, 31), "60 jours", None, date(2026, 4, 1)),
        # 45 days end of month, first reading: 25/11 + 45 d = 09/01, then end of month.
        (
            date(2026, 11, 25),
            "45 jours fin de mois",
            EndOfMonthReading.DAYS_THEN_END_OF_MONTH,
            date(2027, 1, 31),
        ),
        # second reading: end of November, then + 45 days.
        (
            date(2026, 11, 25),
            "45 jours fin de mois",
            EndOfMonthReading.END_OF_MONTH_THEN_DAYS,
            date(2027, 1, 14),
        ),
        (
            date(2026, 10, 31),
            "30 jours fin de mois",
            EndOfMonthReading.DAYS_THEN_END_OF_MONTH,
            date(2026, 11, 30),
        ),
    ],
)
def test_due_date(issued, text, reading, due):
    kwargs = {"reading": reading} if reading else {}
    assert due_date(issued, parse_terms(text), **kwargs) == due


def test_terms_label_round_trips():
    for text in ("à réception", "30 jours", "45 jours fin de mois"):
        assert parse_terms(parse_terms(text).label).label == text
