"""Documents not issued yet: the invoices of the months ahead, paid as the company's
invoices usually are."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from treso_app.domain.calendar import add_months, next_bank_day
from treso_app.domain.future_documents import (
    PastDocument,
    expected_settlements,
    lag_distribution,
)


def invoice(issued_on: date, cents: int, paid_after: int | None) -> PastDocument:
    payments = () if paid_after is None else ((issued_on + timedelta(days=paid_after), cents),)
    return PastDocument(issued_on, cents, payments)


def monthly_invoices(first: date, months: int, cents: int, paid_after: int, skip=()):
    """One invoice on the 10th of each month (a bank day), paid `paid_after` days later."""
    documents = []
    for offset in range(months):
        month = add_months(first, offset)
        if month.month not in skip:
            documents.append(invoice(next_bank_day(month.replace(day=10)), cents, paid_after))
    return documents


def test_the_delays_come_from_the_company_s_paid_invoices():
    # Twelve old enough invoices of 1 000 €: four paid after 10 days, six after 40, two
    # never: 1/3 of the money at 10 days, 1/2 at 40, 1/6 never.
    issued = [date(2026, 1, 5) + timedelta(days=7 * k) for k in range(12)]
    documents = [
        invoice(day, 100_000, 10 if k < 4 else 40 if k < 10 else None)
        for k, day in enumerate(issued)
    ]
    shares = lag_distribution(documents, as_of=date(2026, 11, 30))
    assert shares[10] == pytest.approx(1 / 3)
    assert shares[40] == pytest.approx(1 / 2)
    assert shares.sum() == pytest.approx(5 / 6)


def test_invoices_not_issued_yet_are_paid_after_the_usual_delay():
    # 1 000 € invoiced on the 10th of every month, Jan 2025 → Nov 2026, always paid 30 days
    # later. December 2026's invoice is issued around the 10th, paid 30 days later: around
    # 9 January 2027, on a bank day; January's is paid in February, after the horizon.
    documents = monthly_invoices(date(2025, 1, 1), 23, 100_000, 30)
    found = expected_settlements(documents, date(2026, 11, 30), date(2027, 2, 1))
    # Every December day's share is paid by 1 February (an invoice of Thursday 31 December
    # on Saturday 30 January, so Monday 1 February); nothing issued in January is (the
    # first bank day, the 4th, is paid on 3 February).
    assert sum(s.amount_cents for s in found) == 100_000
    assert all(s.on > date(2026, 12, 30) for s in found)  # nothing before 30 days
    # The invoice of Thursday 10 December 2026, paid Saturday 9 January: Monday the 11th.
    on_the_11th = sum(s.amount_cents for s in found if s.on == date(2027, 1, 11))
    assert on_the_11th >= 90_000


def test_none_for_months_the_company_never_invoiced():
    # A firm closed in August: no invoice in August 2025 (nor 2024). On 31 July 2026 the
    # invoices of August would be paid in September: there are none; September's are paid
    # in October, after the horizon.
    documents = monthly_invoices(date(2024, 9, 1), 23, 100_000, 30, skip=(8,))
    assert expected_settlements(documents, date(2026, 7, 31), date(2026, 9, 29)) == []


def test_a_company_without_invoices_expects_none():
    assert expected_settlements([], date(2026, 11, 30), date(2027, 2, 28)) == []


def test_the_months_ahead_follow_the_invoicing_seasons():
    # Invoicing doubles in December (2 000 €, else 1 000 €), paid at once (same day).
    documents = [
        invoice(next_bank_day(add_months(date(2025, 1, 1), k).replace(day=10)), cents, 0)
        for k in range(23)
        for cents in [200_000 if add_months(date(2025, 1, 1), k).month == 12 else 100_000]
    ]
    found = expected_settlements(documents, date(2026, 11, 30), date(2027, 1, 31))
    by_month: dict[int, int] = {}
    for s in found:
        by_month[s.on.month] = by_month.get(s.on.month, 0) + s.amount_cents
    assert by_month == {12: 200_000, 1: 100_000}


def test_accepted_quotes_to_invoice_are_not_expected_twice():
    # 1 000 € invoiced a month, paid at once; 300 € of an accepted quote will be invoiced
    # on 10 December (it is forecast on its own): December's invoices to come bring 700 €;
    # a 1 500 € quote in January leaves nothing more for January.
    documents = monthly_invoices(date(2025, 1, 1), 23, 100_000, 0)
    announced = [(date(2026, 12, 10), 30_000), (date(2027, 1, 12), 150_000)]
    found = expected_settlements(
        documents, date(2026, 11, 30), date(2027, 1, 31), announced=announced
    )
    assert sum(s.amount_cents for s in found if s.on.month == 12) == 70_000
    assert not [s for s in found if s.on.month == 1]
