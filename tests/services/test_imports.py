"""The import service on a real migrated database: atomic, idempotent, honest balances."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from tests.readers.samples import FR_IBAN, camt053, ofx_sgml, ofx_transaction
from treso_app.db import tables as t
from treso_app.db.session import read_only, transaction
from treso_app.readers import CsvColumns
from treso_app.services.accounts import resolve_account
from treso_app.services.companies import resolve_company
from treso_app.services.imports import import_file


@pytest.fixture
def company(db_url) -> int:
    return resolve_company(url=db_url)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """The statements here are of November 2026: not old, whatever day the suite runs."""
    monkeypatch.setenv("TRESO_TODAY", "2026-11-30")


def lines(url: str) -> list[t.BankTransaction]:
    with read_only(url) as session:
        return session.exec(select(t.BankTransaction).order_by(t.BankTransaction.id)).all()


def runs(url: str) -> list[t.ImportRun]:
    with read_only(url) as session:
        return session.exec(select(t.ImportRun).order_by(t.ImportRun.id)).all()


def balance(url: str, account_id: int) -> int:
    with read_only(url) as session:
        account = session.get(t.BankAccount, account_id)
        moved = session.exec(
            select(func.coalesce(func.sum(t.BankTransaction.amount_cents), 0)).where(
                t.BankTransaction.account_id == account_id
            )
        ).one()
    return account.opening_balance_cents + moved


NOV_23 = ofx_transaction("20261123", "-12,50", "CB BOULANGERIE", "F1")
NOV_24 = ofx_transaction("20261124", "1500,00", "VIR CLIENT", "F2")
NOV_25 = ofx_transaction("20261125", "-200,00", "PRLV EDF", "F3")


def test_first_import_creates_the_account_at_the_real_balance(db_url, company):
    result = import_file(company, "releve.ofx", ofx_sgml(NOV_23 + NOV_24, "5000,00"), url=db_url)
    assert result.imported and result.new == 2 and result.format == "OFX"
    statement = result.statements[0]
    assert statement.account_created and statement.balance_gap_cents == 0
    assert balance(db_url, statement.account_id) == 500000
    with read_only(db_url) as session:
        account = session.get(t.BankAccount, statement.account_id)
    assert account.iban == FR_IBAN and account.name == "Compte …0143"


def test_the_same_file_twice_adds_nothing(db_url, company):
    data = ofx_sgml(NOV_23 + NOV_24)
    import_file(company, "a.ofx", data, url=db_url)
    again = import_file(company, "a.ofx", data, url=db_url)
    assert again.imported and (again.new, again.duplicates) == (0, 2)
    assert len(lines(db_url)) == 2
    assert [r.status for r in runs(db_url)] == ["imported", "imported"]


def test_an_overlapping_statement_adds_only_the_new_lines(db_url, company):
    import_file(company, "a.ofx", ofx_sgml(NOV_23 + NOV_24, "5000,00"), url=db_url)
    later = import_file(
        company, "b.ofx", ofx_sgml(NOV_24 + NOV_25, "4800,00", as_of="20261125"), url=db_url
    )
    assert (later.new, later.duplicates) == (1, 1)
    assert later.statements[0].balance_gap_cents == 0
    assert len(lines(db_url)) == 3


def test_two_identical_coffees_stay_two_even_across_overlapping_files(db_url, company):
    coffee = ofx_transaction("20261123", "-2,10", "CB CAFE DU COIN")
    import_file(company, "midi.ofx", ofx_sgml(coffee), url=db_url)  # exported at noon
    evening = import_file(company, "soir.ofx", ofx_sgml(coffee + coffee), url=db_url)
    assert (evening.new, evening.duplicates) == (1, 1)
    assert len(lines(db_url)) == 2


def test_a_bank_id_known_from_an_earlier_export_is_a_duplicate_even_if_the_label_changed(
    db_url, company
):
    import_file(
        company,
        "a.ofx",
        ofx_sgml(ofx_transaction("20261123", "-9,99", "CB AMZN", "X9")),
        url=db_url,
    )
    relabelled = ofx_transaction("20261123", "-9,99", "CB AMAZON EU SARL", "X9")
    assert import_file(company, "b.ofx", ofx_sgml(relabelled), url=db_url).new == 0


def test_a_later_statement_that_disagrees_shows_the_gap(db_url, company):
    import_file(company, "a.ofx", ofx_sgml(NOV_23, "5000,00"), url=db_url)
    # NOV_24 (+1 500 €) was never imported, yet the bank says 6 300 € after NOV_25.
    result = import_file(
        company, "c.ofx", ofx_sgml(NOV_25, "6300,00", as_of="20261125"), url=db_url
    )
    assert result.imported
    assert result.statements[0].balance_gap_cents == 150000
    assert "diffère" in result.message


def test_a_file_with_a_bad_line_changes_nothing_but_its_import_run(db_url, company):
    import_file(company, "a.ofx", ofx_sgml(NOV_23), url=db_url)
    broken = ofx_sgml(NOV_24 + NOV_25 + ofx_transaction("20261126", "douze", "X"))
    result = import_file(company, "broken.ofx", broken, url=db_url)
    assert result.status == "refused" and "montant illisible" in result.message
    assert len(lines(db_url)) == 1
    refused = runs(db_url)[-1]
    assert (refused.status, refused.file_name) == ("refused", "broken.ofx")
    assert refused.error == result.message


def test_a_database_failure_midway_rolls_back_every_line(db_url, company, monkeypatch):
    from treso_app.services import imports

    real = imports._set_opening_balance

    def fail_after_insert(account, statement):
        real(account, statement)
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "_set_opening_balance", fail_after_insert)
    result = import_file(company, "a.ofx", ofx_sgml(NOV_23 + NOV_24), url=db_url)
    assert result.status == "refused" and "rien n'a été enregistré" in result.message
    assert lines(db_url) == []
    with read_only(db_url) as session:
        assert session.exec(select(t.BankAccount)).all() == []


FRENCH_CSV = "Date;Libellé;Débit euros;Crédit euros\n24/11/2026;PRLV URSSAF;1 234,56;\n"


def test_a_csv_needs_an_account_and_then_imports(db_url, company):
    refused = import_file(company, "ca.csv", FRENCH_CSV.encode("cp1252"), url=db_url)
    assert refused.status == "refused" and "choisissez le compte" in refused.message
    account = resolve_account(company, FR_IBAN, db_url)
    result = import_file(
        company, "ca.csv", FRENCH_CSV.encode("cp1252"), account_id=account, url=db_url
    )
    assert result.imported and result.format == "CSV (Crédit Agricole)"
    assert [line.amount_cents for line in lines(db_url)] == [-123456]


def test_confirmed_csv_columns_are_remembered_for_the_account(db_url, company):
    account = resolve_account(company, FR_IBAN, db_url)
    odd = "Kdy;Co;Kolik\n24.11.2026;Nakup;-10,00\n"
    first = import_file(company, "x.csv", odd.encode(), account_id=account, url=db_url)
    assert first.status == "refused" and first.csv_guess == {"date": 0, "label": 1, "amount": 2}
    confirmed = import_file(
        company,
        "x.csv",
        odd.encode(),
        account_id=account,
        csv_columns=CsvColumns(date=0, label=1, amount=2),
        url=db_url,
    )
    assert confirmed.imported and confirmed.new == 1
    later = "Kdy;Co;Kolik\n25.11.2026;Jiny nakup;-5,00\n"
    again = import_file(company, "y.csv", later.encode(), account_id=account, url=db_url)
    assert again.imported and again.new == 1  # no question asked the second time


def test_foreign_currency_is_refused(db_url, company):
    data = ofx_sgml(NOV_23).replace(b"<CURDEF>EUR", b"<CURDEF>USD")
    result = import_file(company, "usd.ofx", data, url=db_url)
    assert result.status == "refused" and "en USD" in result.message
    assert lines(db_url) == []


def test_a_statement_of_another_account_than_the_chosen_one_is_refused(db_url, company):
    other = resolve_account(company, "FR1420041010050500013M02606", db_url)
    result = import_file(company, "a.ofx", ofx_sgml(NOV_23), account_id=other, url=db_url)
    assert result.status == "refused" and FR_IBAN in result.message
    assert lines(db_url) == []


def test_category_rules_classify_new_lines(db_url, company):
    """The owner's rule beats the built-in one (EDF would be Énergie); the bakery goes to
    Divers by a built-in rule."""
    with transaction(db_url) as session:
        category = t.Category(company_id=company, name="Électricité", kind="décaissement")
        session.add(category)
        session.flush()
        session.add(t.CategoryRule(company_id=company, category_id=category.id, pattern="edf"))
        category_id = category.id
        divers = session.exec(
            select(t.Category.id).where(
                t.Category.company_id == company, t.Category.name == "Divers"
            )
        ).one()
    import_file(company, "a.ofx", ofx_sgml(NOV_23 + NOV_25), url=db_url)
    assert [line.category_id for line in lines(db_url)] == [divers, category_id]


def test_a_reader_that_breaks_is_a_refusal_naming_the_file_not_an_unexpected_error(
    db_url, company, monkeypatch
):
    def broken_reader(data, csv_columns=None):
        raise ZeroDivisionError("a reader's bug")

    monkeypatch.setattr("treso_app.services.imports.read_file", broken_reader)
    result = import_file(company, "releve.ofx", ofx_sgml(NOV_23), url=db_url)
    assert result.status == "refused"
    assert result.message.startswith("« releve.ofx » : le fichier n'a pas pu être lu")
    assert "inattendue" not in result.message
    assert [run.status for run in runs(db_url)] == ["refused"]


def test_a_statement_without_lines_creates_no_account(db_url, company):
    result = import_file(company, "vide.xml", camt053("", closing="1000.00"), url=db_url)
    assert result.status == "refused"
    assert result.message == (
        "« vide.xml » : ce fichier ne contient aucune opération : rien n'a été importé, "
        "aucun compte créé."
    )
    with read_only(db_url) as session:
        assert session.exec(select(t.BankAccount)).all() == []
    assert [run.status for run in runs(db_url)] == ["refused"]


def test_a_statement_without_lines_still_gives_a_known_account_its_balance(db_url, company):
    account = resolve_account(company, FR_IBAN, db_url)
    result = import_file(
        company, "vide.xml", camt053("", closing="1000.00"), account_id=account, url=db_url
    )
    assert result.imported and result.new == 0
    assert [run.status for run in runs(db_url)] == ["imported"]


def test_an_import_that_would_take_an_account_past_the_bound_is_refused_whole(db_url, company):
    account = resolve_account(company, FR_IBAN, db_url)
    first = ofx_transaction("20261123", "600000000000,00", "VIR A", "B1")
    opened = ofx_sgml(first, balance="600000000000,00")  # the account starts at 0
    assert import_file(company, "a.ofx", opened, account_id=account, url=db_url).imported
    # 600 + 500 billion euros: each line within bounds, the balance over 999 999 999 999,99 €.
    both = ofx_transaction("20261124", "-1,00", "CB", "B2") + ofx_transaction(
        "20261124", "500000000000,00", "VIR B", "B3"
    )
    sent = ofx_sgml(both, balance="1,00")  # a balance within bounds, that the lines contradict
    result = import_file(company, "b.ofx", sent, account_id=account, url=db_url)
    assert result.status == "refused"
    assert result.message.startswith("« b.ofx » : après cet import, le compte « ")
    assert "dépasserait la limite de 999\u202f999\u202f999\u202f999,99\xa0€" in result.message
    assert [line.label for line in lines(db_url)] == ["VIR A"]  # nothing of b.ofx
    assert balance(db_url, account) == 60_000_000_000_000


def test_a_refused_file_is_named_in_front_of_the_readers_message(db_url, company):
    result = import_file(company, "photo.jpg", b"\xff\xd8\xff\xe0 not a statement", url=db_url)
    assert result.message.startswith("« photo.jpg » : format non reconnu : Tréso lit")
