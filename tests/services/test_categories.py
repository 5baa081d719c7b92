"""Categories on a migrated database: a new company's default tree, lines classified after
an import, a rule made from a line and applied to the past, a category deleted."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.readers.samples import ofx_sgml, ofx_transaction
from treso_app.db import tables as t
from treso_app.db.session import read_only, transaction
from treso_app.domain.categories import Default
from treso_app.domain.errors import ValidationError
from treso_app.services import categories as svc
from treso_app.services.bank import data_version
from treso_app.services.companies import create_company, resolve_company
from treso_app.services.imports import import_file


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setenv("TRESO_TODAY", "2026-11-30")


@pytest.fixture
def company(db_url) -> int:
    return create_company("Plomberie Martin", url=db_url)


def names(url, company_id) -> dict[str, int]:
    with read_only(url) as session:
        rows = session.exec(
            select(t.Category.name, t.Category.id).where(t.Category.company_id == company_id)
        ).all()
    return dict(rows)


def by_label(url) -> dict[str, tuple[str | None, str | None, str | None]]:
    """label → (category, source, suggestion)."""
    with read_only(url) as session:
        categories = dict(session.exec(select(t.Category.id, t.Category.name)).all())
        rows = session.exec(select(t.BankTransaction).order_by(t.BankTransaction.id)).all()
    return {
        r.label: (
            categories.get(r.category_id),
            r.category_source,
            categories.get(r.suggested_category_id),
        )
        for r in rows
    }


def line_id(url, label) -> int:
    with read_only(url) as session:
        return session.exec(
            select(t.BankTransaction.id).where(t.BankTransaction.label == label)
        ).one()


STATEMENT = ofx_sgml(
    ofx_transaction("20261103", "-3912,00", "PRLV SEPA URSSAF RHONE-ALPES", "A1")
    + ofx_transaction("20261105", "-1450,00", "PRLV SEPA SCI DU MOULIN LOYER", "A2")
    + ofx_transaction("20261110", "-45,90", "CB LEROY MERLIN 08/11", "A3")
    + ofx_transaction("20261112", "-12,40", "CB QUINCAILLERIE DUPONT 10/11", "A4")
    + ofx_transaction("20261118", "-88,20", "CB QUINCAILLERIE DUPONT 16/11", "A5")
    + ofx_transaction("20261120", "1843,20", "REMISE CB 0412345", "A6")
)


def test_a_new_company_has_the_default_tree(db_url):
    first = create_company("Plomberie Martin", url=db_url)
    second = resolve_company("Boulangerie Lefèvre", url=db_url, for_import=True)
    for company_id in (first, second):
        assert set(names(db_url, company_id)) == {d.value for d in Default}


def test_imported_lines_are_categorised(db_url, company):
    import_file(company, "nov.ofx", STATEMENT, url=db_url)
    lines = by_label(db_url)
    assert lines["PRLV SEPA URSSAF RHONE-ALPES"] == ("Charges sociales", "règle", None)
    assert lines["PRLV SEPA SCI DU MOULIN LOYER"] == ("Loyer et charges", "règle", None)
    assert lines["CB LEROY MERLIN 08/11"] == ("Achats et matières", "règle", None)
    assert lines["REMISE CB 0412345"] == ("Encaissements carte", "règle", None)
    assert lines["CB QUINCAILLERIE DUPONT 10/11"] == (None, None, None)  # nobody knows it


def test_a_rule_from_a_line_applied_to_the_past_and_to_the_next_imports(db_url, company):
    import_file(company, "nov.ofx", STATEMENT, url=db_url)
    purchases = names(db_url, company)["Achats et matières"]
    made = svc.create_rule_from_line(
        company, line_id(db_url, "CB QUINCAILLERIE DUPONT 10/11"), purchases, True, db_url
    )
    assert made.pattern == "QUINCAILLERIE DUPONT" and made.applied == 1  # the 16/11 line
    lines = by_label(db_url)
    assert lines["CB QUINCAILLERIE DUPONT 10/11"] == ("Achats et matières", "manuel", None)
    assert lines["CB QUINCAILLERIE DUPONT 16/11"] == ("Achats et matières", "règle", None)
    december = ofx_sgml(ofx_transaction("20261128", "-19,00", "CB QUINCAILLERIE DUPONT", "B1"))
    import_file(company, "dec.ofx", december, url=db_url)
    assert by_label(db_url)["CB QUINCAILLERIE DUPONT"][0] == "Achats et matières"
    assert [r.pattern for r in svc.rules(company, db_url)] == ["QUINCAILLERIE DUPONT"]


def test_without_apply_to_past_only_the_chosen_line_changes(db_url, company):
    import_file(company, "nov.ofx", STATEMENT, url=db_url)
    other = names(db_url, company)["Divers"]
    made = svc.create_rule_from_line(
        company, line_id(db_url, "CB QUINCAILLERIE DUPONT 10/11"), other, False, db_url
    )
    assert made.applied == 0
    assert by_label(db_url)["CB QUINCAILLERIE DUPONT 16/11"][0] is None
    assert svc.apply_rule_to_past(company, made.rule_id, db_url) == 1
    assert by_label(db_url)["CB QUINCAILLERIE DUPONT 16/11"][0] == "Divers"


def test_a_rule_never_overrides_the_owners_choice(db_url, company):
    import_file(company, "nov.ofx", STATEMENT, url=db_url)
    cats = names(db_url, company)
    later = line_id(db_url, "CB QUINCAILLERIE DUPONT 16/11")
    svc.set_line_category(company, later, cats["Sous-traitance"], db_url)
    svc.create_rule_from_line(
        company, line_id(db_url, "CB QUINCAILLERIE DUPONT 10/11"), cats["Divers"], True, db_url
    )
    assert by_label(db_url)["CB QUINCAILLERIE DUPONT 16/11"] == ("Sous-traitance", "manuel", None)


def test_a_counterpartys_usual_category_is_suggested_until_confirmed(db_url, company):
    import_file(company, "nov.ofx", STATEMENT, url=db_url)
    cats = names(db_url, company)
    svc.set_line_category(
        company,
        line_id(db_url, "CB QUINCAILLERIE DUPONT 10/11"),
        cats["Achats et matières"],
        db_url,
    )
    december = ofx_sgml(ofx_transaction("20261128", "-19,00", "CB QUINCAILLERIE DUPONT", "B1"))
    import_file(company, "dec.ofx", december, url=db_url)
    lines = by_label(db_url)
    assert lines["CB QUINCAILLERIE DUPONT"] == (None, None, "Achats et matières")
    svc.set_line_category(
        company, line_id(db_url, "CB QUINCAILLERIE DUPONT"), cats["Achats et matières"], db_url
    )
    assert by_label(db_url)["CB QUINCAILLERIE DUPONT"] == ("Achats et matières", "manuel", None)


def test_two_own_accounts_transfer_is_internal(db_url, company):
    main = ofx_sgml(ofx_transaction("20261115", "-2000,00", "VIR SEPA VERS MARTIN", "C1"))
    second = ofx_sgml(ofx_transaction("20261115", "2000,00", "VIR SEPA DE MARTIN", "C2"))
    second = second.replace(b"<ACCTID>12345678901", b"<ACCTID>98765432109")  # the card account
    import_file(company, "main.ofx", main, url=db_url)
    import_file(company, "second.ofx", second, url=db_url)
    lines = by_label(db_url)
    # The first line waited alone; the second import found its mirror on the other account.
    assert lines["VIR SEPA DE MARTIN"][0] == "Virements internes"
    assert lines["VIR SEPA VERS MARTIN"][0] == "Virements internes"


def test_a_transfer_taken_for_a_sale_before_the_other_account_came_is_internal(db_url, company):
    # The card account first: alone, the money coming in reads like a client's transfer.
    second = ofx_sgml(
        ofx_transaction("20261102", "800,00", "VIR SEPA RECU KERNEO SAS", "C1")
        + ofx_transaction("20261104", "312,00", "VIR SEPA RECU DUPONT", "C2")
    ).replace(b"<ACCTID>12345678901", b"<ACCTID>98765432109")
    import_file(company, "second.ofx", second, url=db_url)
    assert by_label(db_url)["VIR SEPA RECU KERNEO SAS"][0] == "Ventes"
    # The main account then: the same day, the same amount sent to the card account.
    main = ofx_sgml(
        ofx_transaction("20261102", "-800,00", "VIR SEPA ALIMENTATION COMPTE QONTO", "M1")
        + ofx_transaction("20261104", "-312,00", "PRLV SEPA URSSAF", "M2")
    )
    import_file(company, "main.ofx", main, url=db_url)
    lines = by_label(db_url)
    assert lines["VIR SEPA RECU KERNEO SAS"][:2] == ("Virements internes", "règle")
    assert lines["VIR SEPA ALIMENTATION COMPTE QONTO"][0] == "Virements internes"
    # A sale whose amount an URSSAF debit repeats that day stays a sale.
    assert lines["VIR SEPA RECU DUPONT"][0] == "Ventes"


def test_open_pages_see_a_recategorisation(db_url, company):
    """Other tabs poll `data_version`: a line moved, a category renamed change it."""
    import_file(company, "releve.ofx", STATEMENT, url=db_url)
    seen = [data_version(company, db_url)]
    ids = names(db_url, company)
    svc.set_line_category(company, line_id(db_url, "CB LEROY MERLIN 08/11"), ids["Divers"], db_url)
    seen.append(data_version(company, db_url))
    svc.rename_category(company, ids["Achats et matières"], "Achats", db_url)
    seen.append(data_version(company, db_url))
    assert len(set(seen)) == len(seen)


def test_deleting_a_category_moves_its_lines_to_divers(db_url, company):
    import_file(company, "nov.ofx", STATEMENT, url=db_url)
    cats = names(db_url, company)
    svc.create_rule_from_line(
        company, line_id(db_url, "CB LEROY MERLIN 08/11"), cats["Achats et matières"], False, db_url
    )
    assert svc.delete_category(company, cats["Achats et matières"], db_url) == 1
    assert by_label(db_url)["CB LEROY MERLIN 08/11"][0] == "Divers"
    assert "Achats et matières" not in names(db_url, company)
    assert svc.rules(company, db_url) == []  # its rules went with it
    with pytest.raises(ValidationError, match="ne peut pas être supprimée"):
        svc.delete_category(company, cats["Virements internes"], db_url)
    # Deleted, it is not brought back by the next categorisation.
    svc.categorise(company, db_url)
    assert "Achats et matières" not in names(db_url, company)


def test_add_and_rename_a_category(db_url, company):
    new = svc.add_category(company, "  Repas   et déplacements ", url=db_url)
    assert names(db_url, company)["Repas et déplacements"] == new
    with pytest.raises(ValidationError, match="existe déjà"):
        svc.add_category(company, "repas et DÉPLACEMENTS", url=db_url)
    svc.rename_category(company, new, "Déplacements", db_url)
    assert names(db_url, company)["Déplacements"] == new
    with pytest.raises(ValidationError, match="Donnez un nom"):
        svc.rename_category(company, new, "  ", db_url)


def test_undo_restores_the_category_and_its_source(db_url, company):
    """URSSAF was classified by a rule in Charges sociales; moved to Divers by hand, then
    « Annuler »: Charges sociales again, still « règle » — so the next rule may change it."""
    import_file(company, "nov.ofx", STATEMENT, url=db_url)
    line = line_id(db_url, "PRLV SEPA URSSAF RHONE-ALPES")
    before = svc.set_line_category(company, line, names(db_url, company)["Divers"], db_url)
    assert by_label(db_url)["PRLV SEPA URSSAF RHONE-ALPES"][:2] == ("Divers", "manuel")
    svc.undo_line_category(company, before, db_url)
    assert by_label(db_url)["PRLV SEPA URSSAF RHONE-ALPES"] == ("Charges sociales", "règle", None)


def test_undo_brings_back_a_suggestion(db_url, company):
    import_file(company, "nov.ofx", STATEMENT, url=db_url)
    line = line_id(db_url, "REMISE CB 0412345")
    was = by_label(db_url)["REMISE CB 0412345"]
    before = svc.set_line_category(company, line, names(db_url, company)["Divers"], db_url)
    svc.undo_line_category(company, before, db_url)
    assert by_label(db_url)["REMISE CB 0412345"] == was


def test_undo_on_another_companys_line_is_refused(db_url, company):
    import_file(company, "nov.ofx", STATEMENT, url=db_url)
    line = line_id(db_url, "CB LEROY MERLIN 08/11")
    before = svc.set_line_category(company, line, names(db_url, company)["Divers"], db_url)
    other = create_company("Autre", url=db_url)
    with pytest.raises(ValidationError, match="Opération introuvable"):
        svc.undo_line_category(other, before, db_url)
    assert by_label(db_url)["CB LEROY MERLIN 08/11"][:2] == ("Divers", "manuel")


def test_another_companys_line_or_category_is_refused(db_url, company):
    import_file(company, "nov.ofx", STATEMENT, url=db_url)
    other = create_company("Autre", url=db_url)
    line = line_id(db_url, "CB LEROY MERLIN 08/11")
    with pytest.raises(ValidationError, match="Opération introuvable"):
        svc.set_line_category(other, line, names(db_url, other)["Divers"], db_url)
    with pytest.raises(ValidationError, match="Catégorie introuvable"):
        svc.set_line_category(company, line, names(db_url, other)["Divers"], db_url)


def test_a_dangerous_regex_is_refused_and_nothing_written(db_url, company):
    with pytest.raises(ValidationError, match="répétition dans une répétition"):
        svc.add_rule(company, names(db_url, company)["Divers"], "regex", "(A+)+B", url=db_url)
    assert svc.rules(company, db_url) == []


def test_a_rule_typed_on_the_settings_form_with_an_amount_range(db_url, company):
    """« Sorties » from 50,00 to 100 € whose label contains « quincaillerie » → Divers, applied
    to the past: only the 88,20 € line changes, not the 12,40 € one."""
    import_file(company, "nov.ofx", STATEMENT, url=db_url)
    before = by_label(db_url)["CB QUINCAILLERIE DUPONT 10/11"]
    divers = str(names(db_url, company)["Divers"])
    made = svc.add_rule_from_form(
        company,
        divers,
        "contient",
        "quincaillerie",
        "décaissement",
        "50,00",
        "100",
        "10",
        True,
        db_url,
    )
    assert made.applied == 1
    lines = by_label(db_url)
    assert lines["CB QUINCAILLERIE DUPONT 16/11"][:2] == ("Divers", "règle")
    assert lines["CB QUINCAILLERIE DUPONT 10/11"] == before
    (rule,) = svc.rules(company, db_url)
    assert (rule.match, rule.direction, rule.min_cents, rule.max_cents) == (
        "contient",
        "décaissement",
        5000,
        10000,
    )


def test_a_regex_rule_from_the_form_classifies_the_next_imports(db_url, company):
    divers = str(names(db_url, company)["Divers"])
    svc.add_rule_from_form(company, divers, "regex", r"^cb leroy", "", "", "", "", False, db_url)
    import_file(company, "nov.ofx", STATEMENT, url=db_url)
    assert by_label(db_url)["CB LEROY MERLIN 08/11"][:2] == ("Divers", "règle")


@pytest.mark.parametrize(
    "form, field, message",
    [
        (("contient", "x", "", "12,345", "", ""), "min_cents", "plus de deux décimales"),
        (("contient", "x", "", "abc", "", ""), "min_cents", "pas un montant"),
        (("contient", "x", "", "200", "100", ""), "min_cents", "minimum dépasse"),
        (("contient", "x", "", "", "20 000 000 000 000", ""), "max_cents", "dépasse la limite"),
        (("contient", "x", "", "", "", "deux"), "priority", "nombre entier"),
        (("contient", "x", "", "", "", "0"), "priority", "Priorité entre 1 et 999"),
        (("regex", "(a+)+b", "", "", "", ""), "pattern", "répétition dans une répétition"),
        (("contient", "", "", "", "", ""), "pattern", "Indiquez"),
    ],
)
def test_the_form_refuses_bad_input_naming_the_field(db_url, company, form, field, message):
    divers = str(names(db_url, company)["Divers"])
    match, pattern, direction, low, high, priority = form
    with pytest.raises(ValidationError, match=message) as refused:
        svc.add_rule_from_form(
            company, divers, match, pattern, direction, low, high, priority, True, db_url
        )
    assert refused.value.field == field
    assert svc.rules(company, db_url) == []


def test_an_existing_company_gets_the_tree_on_its_next_categorisation(db_url):
    with transaction(db_url) as session:
        old = t.Company(name="Ancienne")
        session.add(old)
        session.flush()
        old_id = old.id
    svc.categorise(old_id, db_url)
    assert set(names(db_url, old_id)) == {d.value for d in Default}
