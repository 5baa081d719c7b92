"""The forecast adds known flows on top of a usual activity that never held them: bank
lines reconciled to bills, recurring series (detected, confirmed, dismissed, stopped) and
the bills not received yet."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest
from sqlmodel import select

from treso_app.db import tables as t
from treso_app.db.session import transaction
from treso_app.domain.calendar import add_months, next_bank_day
from treso_app.domain.forecast import PRESETS
from treso_app.domain.labels import counterparty_key
from treso_app.domain.recurring_detection import DetectedFlow
from treso_app.services import forecast as forecast_service
from treso_app.services.forecast import company_forecast

AS_OF = date(2026, 10, 31)
PURCHASES, RENT, TELECOM, LOANS = "Achats et matières", "Loyer et charges", "Télécom", "Emprunts"
RENT_LABEL = "PRLV SEPA LOYER SCI DU PARC"
SUBSCRIPTION = "PRLV SEPA ABONNEMENT NETBOX"
OLD_LOAN = "ECHEANCE PRET ANCIEN CREDIT"


@pytest.fixture
def detection(monkeypatch):
    """A stand-in for the recurring detection (tested on its own): the three monthly series
    of this company, the old loan stopped after June."""

    def detect(lines, as_of):
        series = defaultdict(list)
        for line in lines:
            series[counterparty_key(line.label, line.counterparty)].append(line)
        found = []
        for label, day in ((RENT_LABEL, 3), (SUBSCRIPTION, 8), (OLD_LOAN, 10)):
            mine = series[counterparty_key(label)]
            last = max(line.booked_on for line in mine)
            found.append(
                DetectedFlow(
                    counterparty_key(label),
                    label,
                    mine[-1].amount_cents,
                    "mensuel",
                    "jour",
                    day,
                    add_months(date(as_of.year, as_of.month, day), 1),
                    last,
                    frozenset(line.id for line in mine),
                    mine[-1].category,
                    label != OLD_LOAN,
                )
            )
        return found

    monkeypatch.setattr(forecast_service, "detect", detect)


def _company(url: str, recurring: tuple[t.RecurringItem, ...] = (), reconciled: bool = True) -> int:
    """Jan 2025 → Oct 2026: a 5 000 € bill from the wholesaler each 1st, paid on the 20th
    (the bank line reconciled to it); 300 € of card purchases on the 5th; the rent (1 200 €
    on the 3rd), a 50 € subscription on the 8th; a loan's 400 € on the 10th until June 2026."""
    with transaction(url) as session:
        company = t.Company(name="Quincaillerie Morel")
        session.add(company)
        session.flush()
        cid = company.id
        account = t.BankAccount(
            company_id=cid,
            name="Compte",
            opening_balance_cents=5_000_000,
            opening_on=date(2025, 1, 1),
        )
        supplier = t.Counterparty(company_id=cid, kind="fournisseur", name="Grossiste Rhône")
        kinds = {
            PURCHASES: "décaissement",
            RENT: "décaissement",
            TELECOM: "décaissement",
            LOANS: "mixte",
        }
        categories = {
            name: t.Category(company_id=cid, name=name, kind=kind) for name, kind in kinds.items()
        }
        session.add_all([account, supplier, *categories.values()])
        session.flush()

        def line(day: date, cents: int, label: str, category: str) -> t.BankTransaction:
            row = t.BankTransaction(
                company_id=cid,
                account_id=account.id,
                booked_on=day,
                amount_cents=cents,
                label=label,
                dedup_key=f"{day}{label}",
                category_id=categories[category].id,
            )
            session.add(row)
            return row

        for offset in range(22):
            month = add_months(date(2025, 1, 1), offset)
            bill = t.Bill(
                company_id=cid,
                supplier_id=supplier.id,
                number=f"B{offset:03d}",
                issued_on=month,
                due_on=month.replace(day=20),
                ttc_cents=500_000,
                status="payée",
                paid_on=next_bank_day(month.replace(day=20)),
            )
            session.add(bill)
            paid = line(
                bill.paid_on, -500_000, f"VIR SEPA GROSSISTE RHONE {bill.number}", PURCHASES
            )
            session.flush()
            payment = t.Payment(
                company_id=cid, bill_id=bill.id, paid_on=bill.paid_on, amount_cents=500_000
            )
            session.add(payment)
            session.flush()
            if reconciled:  # else the bills sheet says when it was paid, no match yet
                session.add(
                    t.Allocation(
                        company_id=cid,
                        transaction_id=paid.id,
                        bill_id=bill.id,
                        amount_cents=500_000,
                        payment_id=payment.id,
                    )
                )
            line(next_bank_day(month.replace(day=5)), -30_000, "CB BRICOMARCHE", PURCHASES)
            line(next_bank_day(month.replace(day=3)), -120_000, RENT_LABEL, RENT)
            line(next_bank_day(month.replace(day=8)), -5_000, SUBSCRIPTION, TELECOM)
            if month <= date(2026, 6, 1):
                line(next_bank_day(month.replace(day=10)), -40_000, OLD_LOAN, LOANS)
        for item in recurring:
            item.company_id = cid
            session.add(item)
        return cid


def _flows(url: str, company: int):
    found = company_forecast(AS_OF, 61, PRESETS["realiste"], company, url)  # to 31 December
    return found.inputs.flows


def _by(flows, month: int, **match) -> int:
    return sum(
        f.amount_cents
        for f in flows
        if f.on.month == month and all(getattr(f, k) == v for k, v in match.items())
    )


def test_lines_reconciled_to_bills_are_known_flows_not_usual_activity(db_url, detection):
    flows = _flows(db_url, _company(db_url))
    usual = [f for f in flows if f.label.startswith("Activité habituelle")]
    # Only the card purchases are the usual purchases: 300 € a month, not 5 300 €.
    assert _by(usual, 11, category=PURCHASES) == -30_000
    assert _by(usual, 12, category=PURCHASES) == -30_000
    # The bills of November and December, not written yet, paid on the 20th as always
    # (all but the 2 % of a month's documents the shape spreads evenly over its days).
    to_come = [f for f in flows if f.label.startswith("Factures fournisseurs à venir")]
    assert -510_000 <= _by(to_come, 11) <= -490_000
    assert -510_000 <= _by(to_come, 12) <= -490_000
    # Past bills were paid 19 to 22 days after their issue (the 20th or the next bank
    # day): those of 1 November and 1 December from the 20th to the 23rd.
    for month in (11, 12):
        near = sum(f.amount_cents for f in to_come if f.on.month == month and 20 <= f.on.day <= 23)
        assert near <= 0.95 * _by(to_come, month)


def test_bills_paid_but_not_reconciled_are_not_usual_activity_either(db_url, detection):
    # Imported from the bills sheet with their « payée le », no bank line matched: the
    # 5 000 € a month are somewhere in the purchases left, and taken off them.
    flows = _flows(db_url, _company(db_url, reconciled=False))
    usual = [f for f in flows if f.label.startswith("Activité habituelle")]
    assert _by(usual, 11, category=PURCHASES) == -30_000


def test_a_supplier_paid_on_its_bills_every_month_is_not_a_detected_series(db_url):
    # The real detection: the wholesaler's 5 000 € on each 20th settle its bills; they are
    # the bills to come, not a recurring charge on top of them (counted twice).
    flows = _flows(db_url, _company(db_url))
    assert not [f for f in flows if f.kind == "récurrent" and "GROSSISTE" in f.label]
    assert _by(flows, 11, category=PURCHASES) > -600_000  # 5 000 € of bills + 300 € of cards


def test_a_detected_series_is_forecast_once_marked_detected(db_url, detection):
    flows = _flows(db_url, _company(db_url))
    rent = [f for f in flows if f.category == RENT]
    assert [(f.on, f.amount_cents, f.kind) for f in rent] == [
        (date(2026, 11, 3), -120_000, "récurrent"),
        (date(2026, 12, 3), -120_000, "récurrent"),
    ]
    assert all(f.label == f"{RENT_LABEL} (détecté)" for f in rent)


def test_a_stopped_series_is_neither_forecast_nor_usual(db_url, detection):
    flows = _flows(db_url, _company(db_url))
    assert not [f for f in flows if f.category == LOANS]


def test_a_dismissed_series_goes_back_to_the_usual_activity(db_url, detection):
    dismissed = t.RecurringItem(
        company_id=0,
        label=SUBSCRIPTION,
        amount_cents=-5_000,
        day=8,
        start_on=date(2025, 1, 8),
        status="ignoré",
        match_key=counterparty_key(SUBSCRIPTION),
    )
    flows = _flows(db_url, _company(db_url, (dismissed,)))
    telecom = [f for f in flows if f.category == TELECOM]
    assert {f.kind for f in telecom} == {"habituel"}
    assert (_by(telecom, 11), _by(telecom, 12)) == (-5_000, -5_000)


@pytest.mark.parametrize(
    "start_on",
    [date(2025, 1, 3), date(2026, 11, 3)],  # its first line; its next date (as confirmed)
)
def test_a_confirmed_series_is_forecast_once(db_url, detection, start_on):
    confirmed = t.RecurringItem(
        company_id=0,
        label="Loyer de la boutique",
        amount_cents=-125_000,  # the owner typed next year's rent
        day=3,
        start_on=start_on,
        status="confirmé",
        match_key=counterparty_key(RENT_LABEL),
    )
    flows = _flows(db_url, _company(db_url, (confirmed,)))
    rent = [
        (f.on, f.amount_cents, f.label)
        for f in flows
        if f.on.month == 11 and f.category != PURCHASES
    ]
    assert [r for r in rent if r[1] in (-120_000, -125_000)] == [
        (date(2026, 11, 3), -125_000, "Loyer de la boutique")
    ]


def test_an_item_declared_for_a_whole_category_is_not_counted_twice(db_url, detection):
    # The owner declared « Loyers et charges du magasin » (no bank line of that name) from
    # September 2026: from then on it stands for the rent the history shows, which is no
    # longer forecast as detected, nor learned again as usual activity.
    declared = t.RecurringItem(
        company_id=0,
        label="Loyers et charges du magasin",
        amount_cents=-130_000,
        day=5,
        start_on=date(2026, 9, 1),
        status="confirmé",
    )
    company = _company(db_url, (declared,))
    with transaction(db_url) as session:
        rent = session.exec(select(t.Category).where(t.Category.name == RENT)).one()
        session.get(t.RecurringItem, 1).category_id = rent.id
    flows = [f for f in _flows(db_url, company) if f.category == RENT]
    assert [(f.on, f.amount_cents, f.label) for f in flows] == [
        (date(2026, 11, 5), -130_000, "Loyers et charges du magasin"),
        (date(2026, 12, 7), -130_000, "Loyers et charges du magasin"),  # 5th: a Saturday
    ]
