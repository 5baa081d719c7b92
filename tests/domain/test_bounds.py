"""The bounds every entry point shares: amounts, dates, texts, quantities."""

from datetime import date

import pytest

from treso_app.domain.bounds import (
    TextLimit,
    check_amount,
    check_date,
    check_quantity,
    check_text,
)
from treso_app.domain.errors import ValidationError


@pytest.mark.parametrize("cents", [0, 1, -1, 99_999_999_999_999, -99_999_999_999_999])
def test_amounts_up_to_a_thousand_billion_euros_pass(cents):
    assert check_amount(cents, "le montant") == cents


@pytest.mark.parametrize("cents", [10**14, -(10**14), 10**19, 9 * 10**18])
def test_larger_amounts_are_refused_naming_the_limit(cents):
    with pytest.raises(ValidationError) as refused:
        check_amount(cents, "le montant", "amount")
    assert refused.value.message == (
        "Le montant dépasse la limite de 999\u202f999\u202f999\u202f999 € : "
        "vérifiez le nombre de chiffres."
    )
    assert refused.value.field == "amount"


def test_sign_and_zero_are_refused_where_they_must_not_be():
    with pytest.raises(ValidationError, match="ne peut pas être négatif"):
        check_amount(-10000, "le prix unitaire", negative=False)
    with pytest.raises(ValidationError, match="ne peut pas être nul"):
        check_amount(0, "le paiement", zero=False)


@pytest.mark.parametrize("day", [date(1900, 1, 1), date(2026, 12, 2), date(2100, 12, 31)])
def test_dates_from_1900_to_2100_pass(day):
    assert check_date(day, "la date") == day


@pytest.mark.parametrize("day", [date(1899, 12, 31), date(2101, 1, 1), date(9999, 12, 31)])
def test_other_dates_are_refused(day):
    with pytest.raises(ValidationError) as refused:
        check_date(day, "la date du paiement", "paid_on")
    assert refused.value.message.startswith(f"La date du paiement ({day:%d/%m/%Y}) doit être")
    assert "01/01/1900" in refused.value.message and "31/12/2100" in refused.value.message


def test_a_long_text_is_refused_without_echoing_it():
    huge = "x" * 1_000_000
    with pytest.raises(ValidationError) as refused:
        check_text(huge, TextLimit.LABEL, "le libellé", "label")
    assert refused.value.message == (
        "Le libellé est trop long : 1\u202f000\u202f000 caractères pour 500 au plus."
    )
    assert check_text("x" * 500, TextLimit.LABEL, "le libellé") == "x" * 500


def test_quantities_are_positive_and_at_most_a_million():
    assert check_quantity(2500) == 2500
    assert check_quantity(10**9) == 10**9
    for wrong in (0, -1000, 10**9 + 1, 10**15):
        with pytest.raises(ValidationError):
            check_quantity(wrong)
