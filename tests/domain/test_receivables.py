from __future__ import annotations

from datetime import date

import pytest

from treso_app.domain.receivables import invoice_status, learned_delay_days

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("paid", "due", "status"),
    [
        (10000, date(2026, 11, 1), "payée"),
        (12000, date(2026, 11, 1), "payée"),
        (4000, date(2026, 12, 1), "partielle"),
        (0, date(2026, 11, 24), "en_retard"),
        (0, TODAY, "à_venir"),
    ],
)
def test_invoice_status_comes_from_payments(paid, due, status):
    assert invoice_status(10000, paid, due, TODAY) == status


def test_learned_delay_is_the_mean_lateness():
    paid = [(date(2026, 1, 10), date(2026, 1, 20)), (date(2026, 2, 10), date(2026, 2, 6))]
    assert learned_delay_days(paid) == 3.0
    assert learned_delay_days([]) is None
