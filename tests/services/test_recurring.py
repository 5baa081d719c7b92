"""Recurring flows on a migrated database: proposed after an import, then confirmed, edited,
dismissed or deleted by the owner; the forecast reads confirmed items only."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from treso_app.db import tables as t
from treso_app.db.queries import recurring_items
from treso_app.db.session import read_only, transaction
from treso_app.domain.errors import ValidationError
from treso_app.domain.recurrence import occurrences
from treso_app.services import recurring
from treso_app.services.bookkeeping import after_import
from treso_app.services.companies import resolve_company

TODAY = "2026-11-20"
# URSSAF on the 15th: 15 Aug 2026 (Saturday, holiday) → Monday 17; Sun 15 Nov → Monday 16.
URSSAF = [date(2026, 6, 15), date(2026, 7, 15), date(2026, 8, 17), date(2026, 9, 15)]
URSSAF += [date(2026, 10, 15), date(2026, 11, 16)]
MONTH_STARTS = [date(2026, m, 2) for m in (6, 7, 9, 10, 11)] + [date(2026, 8, 3)]


@pytest.fixture
def company(db_url, monkeypatch):
    """A company whose history holds URSSAF every month, a monthly internal transfer, a
    client who pays an invoice every month, and a rent to an SCI."""
    monkeypatch.setenv("TRESO_TODAY", TODAY)
    company_id = resolve_company(url=db_url)
    with transaction(db_url) as session:
        account = t.BankAccount(company_id=company_id, name="Courant", opening_on=date(2026, 1, 1))
        social = t.Category(company_id=company_id, name="Charges sociales", kind="décaissement")
        internal = t.Category(company_id=company_id, name="Mouvements", kind="neutre")
        client = t.Counterparty(company_id=company_id, kind="client", name="Hôtel du Parc")
        session.add_all([account, social, internal, client])
        session.flush()
        lines = [(on, -3_912_00, "PRLV SEPA URSSAF RHONE-ALPES", social.id) for on in URSSAF]
        lines += [(on, -1_500_00, "VIR COMPTE EPARGNE", internal.id) for on in MONTH_STARTS]
        lines += [(on, 1_800_00, "VIR SEPA RECU /DE HOTEL DU PARC", None) for on in URSSAF]
        lines += [(on, -950_00, "PRLV SCI LES TILLEULS", None) for on in MONTH_STARTS]
        for number, (on, cents, label, category) in enumerate(lines):
            line = t.BankTransaction(
                company_id=company_id,
                account_id=account.id,
                booked_on=on,
                amount_cents=cents,
                label=label,
                dedup_key=f"k{number}",
                category_id=category,
            )
            session.add(line)
            session.flush()
            if cents == 1_800_00:  # each receipt settles that month's invoice
                invoice = t.Invoice(
                    company_id=company_id,
                    client_id=client.id,
                    number=f"F{number}",
                    issued_on=on,
                    due_on=on,
                    ht_cents=1_500_00,
                    tva_cents=300_00,
                    ttc_cents=1_800_00,
                )
                session.add(invoice)
                session.flush()
                session.add(
                    t.Allocation(
                        company_id=company_id,
                        transaction_id=line.id,
                        invoice_id=invoice.id,
                        amount_cents=1_800_00,
                    )
                )
    return company_id


def _items(url, company_id):
    with read_only(url) as session:
        rows = session.exec(
            select(t.RecurringItem).where(t.RecurringItem.company_id == company_id)
        ).all()
    return {
        r.match_key: (r.status, r.amount_cents, r.frequency, r.day_rule, r.day, r.start_on)
        for r in rows
    }


def test_an_import_proposes_the_recurring_flows_and_leaves_out_documents_and_transfers(
    db_url, company
):
    after_import(company, db_url)  # the bookkeeping step runs after every import
    # Rent on the 2nd (3 Aug 2026: 2 Aug a Sunday), next on Wed 2 Dec; URSSAF next Tue 15 Dec.
    assert _items(db_url, company) == {
        "TILLEULS|-|mensuel": ("détecté", -950_00, "mensuel", "jour", 2, date(2026, 12, 2)),
        "URSSAF RHONE ALPES|-|mensuel": (
            "détecté",
            -3_912_00,
            "mensuel",
            "jour",
            15,
            date(2026, 12, 15),
        ),
    }
    with read_only(db_url) as session:
        (urssaf,) = session.exec(
            select(t.RecurringItem).where(t.RecurringItem.label == "URSSAF RHONE ALPES")
        ).all()
        social = session.get(t.Category, urssaf.category_id)
    assert (social.name, urssaf.last_seen_on) == ("Charges sociales", date(2026, 11, 16))
    # Detected items are not forecast from the database until confirmed.
    with read_only(db_url) as session:
        assert recurring_items(session, company) == []


def test_confirmed_and_ignored_items_are_kept_and_stopped_ones_removed(
    db_url, company, monkeypatch
):
    recurring.detect_recurring(company, db_url)
    page = recurring.list_recurring(company, db_url)
    by_label = {row.label: row.id for row in page.detected}
    recurring.confirm(company, by_label["URSSAF RHONE ALPES"], db_url)
    recurring.dismiss(company, by_label["TILLEULS"], db_url)
    with read_only(db_url) as session:
        (confirmed,) = recurring_items(session, company)
    assert (confirmed.amount_cents, confirmed.day_rule, confirmed.day) == (-3_912_00, "jour", 15)
    assert confirmed.category == "Charges sociales"
    # February 2027: both flows missed December and January — stopped; a run changes
    # neither the confirmed nor the dismissed one, and proposes nothing new.
    monkeypatch.setenv("TRESO_TODAY", "2027-02-10")
    report = recurring.detect_recurring(company, db_url)
    assert (report.found, report.added, report.removed) == (0, 0, 0)
    items = _items(db_url, company)
    assert items["URSSAF RHONE ALPES|-|mensuel"][0] == "confirmé"
    assert items["TILLEULS|-|mensuel"][0] == "ignoré"
    assert recurring.list_recurring(company, db_url).detected == []


def test_a_detected_item_no_longer_running_is_removed(db_url, company, monkeypatch):
    recurring.detect_recurring(company, db_url)
    monkeypatch.setenv("TRESO_TODAY", "2027-02-10")
    report = recurring.detect_recurring(company, db_url)
    assert report.removed == 2
    assert _items(db_url, company) == {}


def test_the_owner_edits_a_detected_item_and_it_is_confirmed(db_url, company):
    recurring.detect_recurring(company, db_url)
    (rent,) = [r for r in recurring.list_recurring(company, db_url).detected if r.day == 2]
    recurring.update(company, rent.id, "  Loyer   dépôt ", 980_00, "trimestriel", "jour", 5, db_url)
    with read_only(db_url) as session:
        (item,) = recurring_items(session, company)
    # The amount keeps its direction: an outflow.
    assert (item.label, item.amount_cents, item.frequency, item.day) == (
        "Loyer dépôt",
        -980_00,
        "trimestriel",
        5,
    )
    (shown,) = recurring.list_recurring(company, db_url).confirmed
    # Every 3 months from December, its next date: Saturday 5 Dec → Monday 7.
    assert shown.next_on == date(2026, 12, 7)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("", 100_00, "mensuel", "jour", 5), "libellé"),
        (("Loyer", 0, "mensuel", "jour", 5), "montant"),
        (("Loyer", 100_00, "bimensuel", "jour", 5), "fréquence"),
        (("Loyer", 100_00, "mensuel", "jour", 32), "entre 0 et 31"),
        (("Loyer", 100_00, "hebdomadaire", "jour", 1), "jour de la semaine"),
        (("Loyer", 100_00, "hebdomadaire", "jour_semaine", 7), "entre 0 et 6"),
    ],
)
def test_a_bad_edit_is_refused_in_french_and_changes_nothing(db_url, company, args, message):
    recurring.detect_recurring(company, db_url)
    before = _items(db_url, company)
    row = recurring.list_recurring(company, db_url).detected[0]
    with pytest.raises(ValidationError, match=message):
        recurring.update(company, row.id, *args, url=db_url)
    assert _items(db_url, company) == before


def test_another_companys_item_cannot_be_touched(db_url, company):
    recurring.detect_recurring(company, db_url)
    row = recurring.list_recurring(company, db_url).detected[0]
    other = resolve_company("Autre SARL", db_url, for_import=True)
    with pytest.raises(ValidationError, match="n'existe plus"):
        recurring.confirm(other, row.id, db_url)


def test_deleting_a_confirmed_item_keeps_it_from_coming_back(db_url, company):
    recurring.detect_recurring(company, db_url)
    row = next(r for r in recurring.list_recurring(company, db_url).detected if r.day == 15)
    recurring.confirm(company, row.id, db_url)
    recurring.delete(company, row.id, db_url)
    recurring.detect_recurring(company, db_url)
    page = recurring.list_recurring(company, db_url)
    assert [r.label for r in page.detected] == ["TILLEULS"]
    assert page.confirmed == []


def test_an_ignored_item_is_listed_and_brought_back_for_review(db_url, company):
    recurring.detect_recurring(company, db_url)
    row = next(r for r in recurring.list_recurring(company, db_url).detected if r.day == 15)
    recurring.confirm(company, row.id, db_url)
    recurring.delete(company, row.id, db_url)
    (ignored,) = recurring.list_recurring(company, db_url).ignored
    assert (ignored.id, ignored.status) == (row.id, "ignoré")

    recurring.restore(company, row.id, db_url)
    recurring.detect_recurring(company, db_url)  # the next import keeps it, refreshed
    page = recurring.list_recurring(company, db_url)
    assert page.ignored == [] and page.confirmed == []
    assert sorted(r.label for r in page.detected) == sorted([row.label, "TILLEULS"])
    with pytest.raises(ValidationError, match="plus ignorée"):
        recurring.restore(company, row.id, db_url)  # twice: nothing to bring back


def test_another_companys_ignored_item_cannot_be_restored(db_url, company):
    recurring.detect_recurring(company, db_url)
    row = recurring.list_recurring(company, db_url).detected[0]
    recurring.dismiss(company, row.id, db_url)
    other = resolve_company("Autre SARL", db_url, for_import=True)
    with pytest.raises(ValidationError, match="plus ignorée"):
        recurring.restore(other, row.id, db_url)
    assert recurring.list_recurring(company, db_url).ignored[0].id == row.id


def test_a_declared_item_under_its_bank_label_adopts_the_flow(db_url, company):
    with transaction(db_url) as session:
        session.add(
            t.RecurringItem(
                company_id=company,
                label="PRLV SEPA URSSAF RHONE-ALPES",
                amount_cents=-3_900_00,
                frequency="mensuel",
                day=15,
                start_on=date(2026, 1, 1),
            )
        )
    recurring.detect_recurring(company, db_url)
    items = _items(db_url, company)
    # Not proposed twice: the declared item holds the key, its amount is the owner's.
    assert items["URSSAF RHONE ALPES|-|mensuel"][:2] == ("confirmé", -3_900_00)
    assert len(items) == 2


def test_a_confirmed_item_found_again_has_its_last_line_refreshed(db_url, company, monkeypatch):
    recurring.detect_recurring(company, db_url)
    row = next(r for r in recurring.list_recurring(company, db_url).detected if r.day == 15)
    recurring.confirm(company, row.id, db_url)
    with transaction(db_url) as session:
        account = session.exec(select(t.BankAccount)).first()
        session.add(
            t.BankTransaction(
                company_id=company,
                account_id=account.id,
                booked_on=date(2026, 12, 15),
                amount_cents=-3_912_00,
                label="PRLV SEPA URSSAF RHONE-ALPES",
                dedup_key="december",
            )
        )
    monkeypatch.setenv("TRESO_TODAY", "2026-12-20")
    recurring.detect_recurring(company, db_url)
    with read_only(db_url) as session:
        item = session.get(t.RecurringItem, row.id)
    assert (item.status, item.last_seen_on) == ("confirmé", date(2026, 12, 15))


def test_the_forecast_reads_a_confirmed_items_day_rule(db_url, company):
    recurring.detect_recurring(company, db_url)
    row = next(r for r in recurring.list_recurring(company, db_url).detected if r.day == 2)
    recurring.update(company, row.id, "Ménage", 120_00, "hebdomadaire", "jour_semaine", 0, db_url)
    with read_only(db_url) as session:
        (item,) = recurring_items(session, company)
    # Mondays from the item's start (2 Dec 2026, a Wednesday): 7, 14, 21, 28 December.
    days = list(occurrences(item, date(2026, 12, 1), date(2026, 12, 31)))
    assert days == [date(2026, 12, 7), date(2026, 12, 14), date(2026, 12, 21), date(2026, 12, 28)]
    assert item.amount_cents == -120_00


def test_a_transfer_from_another_own_account_read_as_a_sale_is_no_recurring_income(db_url, company):
    """The card account's monthly top-up: its debit on the current account is an internal
    transfer, its credit (« VIR SEPA RECU KERNEO SAS ») was classified as a sale. Forecast as
    income, it would add 800 € a month that never leaves the company."""
    with transaction(db_url) as session:
        (current,) = session.exec(select(t.BankAccount)).all()
        cards = t.BankAccount(company_id=company, name="Cartes", opening_on=date(2026, 1, 1))
        sales = t.Category(company_id=company, name="Ventes", kind="encaissement")
        internal = session.exec(select(t.Category).where(t.Category.name == "Mouvements")).one()
        session.add_all([cards, sales])
        session.flush()
        for number, on in enumerate(MONTH_STARTS):
            for account, cents, label, category in (
                (current, -800_00, "VIR SEPA ALIMENTATION COMPTE QONTO", internal),
                (cards, 800_00, "VIR SEPA RECU KERNEO SAS", sales),
            ):
                session.add(t.BankTransaction(
                    company_id=company, account_id=account.id, booked_on=on, amount_cents=cents,
                    label=label, dedup_key=f"top-up{number}{cents}", category_id=category.id,
                ))  # fmt: skip
    recurring.detect_recurring(company, db_url)
    assert set(_items(db_url, company)) == {"TILLEULS|-|mensuel", "URSSAF RHONE ALPES|-|mensuel"}
