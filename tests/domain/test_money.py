from __future__ import annotations

import pytest
from babel.numbers import format_currency
from hypothesis import given
from hypothesis import strategies as st

from treso_app.domain.errors import AmountParseError
from treso_app.domain.money import format_amount, parse_amount, to_decimal

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1 234,56", 123456),
        ("-12,5", -1250),
        ("1.234,56", 123456),
        ("12,50 €", 1250),
        (f"1{NNBSP}234,56{NBSP}€", 123456),
        ("1,234.56", 123456),
        ("0,01", 1),
        ("1.234", 123400),  # a French thousands group, not 1.234 €
        ("12.5", 1250),
        ("+7", 700),
        ("(45,00)", -4500),
        ("1 000 000", 100000000),
        ("−3,20", -320),  # typographic minus
        ("12 EUR", 1200),
    ],
)
def test_parse_amount_reads_french_amounts(text, cents):
    assert parse_amount(text) == cents


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "aucun chiffre"),
        ("abc", "lisible"),
        ("12,345", "deux décimales"),
        ("1,2,3", "séparateurs"),
        ("1.2.3,4", "séparateurs"),
        ("12-3", "lisible"),
        ("€", "aucun chiffre"),
    ],
)
def test_parse_amount_refuses_garbage_with_a_french_message(text, words):
    with pytest.raises(AmountParseError) as error:
        parse_amount(text)
    assert words in error.value.message


def test_format_amount_uses_babel_fr_fr_spaces():
    assert format_amount(123456) == f"1{NNBSP}234,56{NBSP}€"
    assert format_amount(-5) == f"-0,05{NBSP}€"
    assert format_amount(2500, signed=True) == f"+25,00{NBSP}€"


@given(st.integers(min_value=-(10**13), max_value=10**13))
def test_formatting_then_parsing_gives_back_the_cents(cents):
    assert parse_amount(format_amount(cents)) == cents


@given(st.text(max_size=20))
def test_parse_amount_either_reads_or_refuses_cleanly(text):
    try:
        assert isinstance(parse_amount(text), int)
    except AmountParseError as error:
        assert error.message


@given(
    st.integers(min_value=-(10**13), max_value=10**13),
    # de_CH and hi_IN group otherwise: Babel itself writes them
    st.sampled_from(["fr_FR", "en_GB", "de_DE", "es_ES", "de_CH", "hi_IN"]),
)
def test_formatting_is_exactly_babels_format_currency(cents, locale):
    expected = format_currency(to_decimal(cents), "EUR", locale=locale)
    assert format_amount(cents, locale) == expected


def test_an_amount_with_more_digits_than_decimal_holds_is_refused_in_french():
    with pytest.raises(AmountParseError, match="trop de chiffres"):
        parse_amount("1" * 40)


def test_a_megabyte_amount_is_refused_without_being_echoed():
    with pytest.raises(AmountParseError) as refused:
        parse_amount("1" * 1_000_000)
    assert refused.value.message == (
        "Ce montant fait 1\u202f000\u202f000 caractères : un montant en compte 40 au plus."
    )
    assert parse_amount("  -999 999 999 999,99 €  ") == -99_999_999_999_999
