"""The demo kinds: deterministic, shaped like the trade they stand for, their truth sound."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from statistics import fmean

import pytest

from treso_app.demo.generator import KINDS, build
from treso_app.domain.categories import Default

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module", params=sorted(KINDS))
def book(request):
    return build(TODAY, kind=request.param)


def _fingerprint(book):
    return [(ln.account, ln.booked_on, ln.amount_cents, ln.label, ln.category) for ln in book.lines]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_is_the_same_book_for_the_same_day(kind):
    assert _fingerprint(build(TODAY, kind=kind)) == _fingerprint(build(TODAY, kind=kind))
    assert _fingerprint(build(TODAY + timedelta(days=1), kind=kind)) != _fingerprint(
        build(TODAY, kind=kind)
    )


def test_every_line_keeps_a_default_category_and_real_documents(book):
    names = {c.value for c in Default}
    invoices = {i.number: i for i in book.invoices}
    bills = {b.number for b in book.bills}
    assert len(bills) == len(book.bills)  # a bill's number names it
    paid = defaultdict(int)
    for line in book.lines:
        assert line.category in names
        assert line.booked_on < TODAY and (TODAY - line.booked_on).days <= 731
        for number, cents in line.invoice_parts():
            paid[number] += cents
        assert line.bill is None or line.bill in bills
    for number, cents in paid.items():
        assert cents == invoices[number].paid_cents <= invoices[number].ttc_cents
    flows = {f.key for f in book.flows}
    assert {line.recurring for line in book.lines if line.recurring} == flows


def test_balances_stay_sensible(book):
    """The current account never goes overdrawn; a card account at most a few hundred euros."""
    for account, opening in book.opening_cents.items():
        running, lowest, highest = opening, opening, opening
        for line in book.lines:
            if line.account == account:
                running += line.amount_cents
                lowest, highest = min(lowest, running), max(highest, running)
        assert (0 if account == "main" else -1_000_00) < lowest and highest < 250_000_00


def _takings_by_day(book):
    """Card takings per day of sale (the label dates the day: REMISE CB 281125 …)."""
    days = defaultdict(int)
    for line in book.lines:
        if line.label.startswith(("REMISE CB", "REMISE TPE")):
            sold = line.label.split()[2]
            days[date(2000 + int(sold[4:]), int(sold[2:4]), int(sold[:2]))] += line.amount_cents
    return days


def test_the_shop_sells_most_in_december_and_on_saturdays():
    days = _takings_by_day(build(TODAY, kind="commerce"))
    month = defaultdict(int)
    for day, cents in days.items():
        if day.year == 2025:
            month[day.month] += cents
    usual = fmean(month[m] for m in range(1, 12))
    assert 1.6 <= month[12] / usual <= 2.0
    assert month[8] < month[10] * 0.75  # the summer dip and the August closing
    by_weekday = defaultdict(list)
    for day, cents in days.items():
        if day.month not in (11, 12):
            by_weekday[day.weekday()].append(cents)
    saturday = fmean(by_weekday[5])
    assert all(saturday > 1.3 * fmean(by_weekday[d]) for d in range(5))
    assert not by_weekday[6]  # closed on Sundays outside the Christmas weeks


def test_the_agency_bills_on_60_day_terms_and_is_paid_late_grouped_and_in_halves():
    book = build(TODAY, kind="agence")
    clients = {c.name: c.terms for c in book.profile.clients}
    assert {"60 jours", "45 jours fin de mois"} <= set(clients.values())
    sixty = [i for i in book.invoices if clients[i.client] == "60 jours"]
    assert all(i.due_on >= i.issued_on + timedelta(days=60) for i in sixty)
    paid = [i for i in book.invoices if i.payments]
    delays = [(max(on for on, _ in i.payments) - i.issued_on).days for i in paid]
    assert fmean(delays) > 60
    assert any(on > i.due_on + timedelta(days=20) for i in paid for on, _ in i.payments)
    assert any(len(line.grouped) == 2 for line in book.lines)
    assert any(len(i.payments) == 2 for i in paid)
    assert any(line.category == Default.SUBCONTRACTING for line in book.lines)
    assert any(ln.label.startswith("PRLV SEPA DGFIP CFE") and ln.booked_on.month == 12
               for ln in book.lines)  # fmt: skip


def test_the_plumber_is_the_book_it_always_was_but_for_category_names():
    """Figures of the generator before the demo kinds (2026-11-25): the e2e suite and the
    forecast's backtest rely on the same lines."""
    book = build(TODAY)
    assert (len(book.lines), len(book.invoices), len(book.bills)) == (2402, 380, 92)
    assert book.opening_cents == {"main": 1_299_719, "second": 350_000}
    for account, cents, count in (("main", 3_051_169, 836), ("second", -193_087, 1566)):
        mine = [ln for ln in book.lines if ln.account == account]
        assert (sum(ln.amount_cents for ln in mine), len(mine)) == (cents, count)
    assert sum(i.ttc_cents for i in book.invoices) == 111_683_200
    assert sum(b.ttc_cents for b in book.bills) == 24_049_134
    by_category = Counter(ln.category for ln in book.lines)
    # Carburant 422 + Véhicules 24 + the 120 motorway tolls, once Repas et déplacements.
    assert by_category[Default.VEHICLES] == 422 + 24 + 120
    assert by_category[Default.SALES] == 376 and by_category[Default.OWNER_PAY] == 2
