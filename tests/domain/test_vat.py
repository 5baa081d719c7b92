from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treso_app.domain.errors import VatRateError
from treso_app.domain.vat import VAT_RATES_BP, line_vat, split_ttc, totals


@pytest.mark.parametrize(
    ("ht", "rate", "vat"),
    [
        (10000, 2000, 2000),
        (333, 2000, 67),
        (1005, 550, 55),
        (1, 1000, 0),
        (5, 1000, 1),
        (-333, 2000, -67),
        (12345, 210, 259),
    ],
)
def test_line_vat_rounds_half_up_per_line(ht, rate, vat):
    assert line_vat(ht, rate) == vat


def test_invoice_vat_is_the_sum_of_rounded_lines():
    # Three lines of 3,33 € at 20 %: 0,666… each → 0,67 per line, 2,01 in all (not 2,00).
    result = totals([(333, 2000)] * 3)
    assert (result.ht_cents, result.tva_cents, result.ttc_cents) == (999, 201, 1200)


def test_unknown_rate_is_refused():
    with pytest.raises(VatRateError):
        line_vat(1000, 1960)


@given(st.integers(min_value=0, max_value=10**11), st.sampled_from(VAT_RATES_BP))
def test_split_ttc_adds_up_exactly(ttc, rate):
    parts = split_ttc(ttc, rate)
    assert parts.ht_cents + parts.tva_cents == ttc
    assert abs(line_vat(parts.ht_cents, rate) - parts.tva_cents) <= 1
