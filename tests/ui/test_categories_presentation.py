"""What a bank line's chip and a rule read like, in French."""

from __future__ import annotations

from datetime import date

from treso_app.services.bank import TransactionRow
from treso_app.services.categories import RuleRow
from treso_app.ui.category_lines import present_line_category
from treso_app.ui.states.categories import present_rule


def row(category=None, suggestion=None, label="CB LEROY MERLIN 14/11"):
    return TransactionRow(
        date(2026, 11, 14), label, "Compte", -4590, 7, None, category, suggestion, 3
    )


def test_a_chip_shows_the_category_the_suggestion_or_to_classify():
    chosen = present_line_category(row(category="Achats et matières"))
    assert (chosen["chip_state"], chosen["chip"]) == ("chosen", "Achats et matières")
    suggested = present_line_category(row(suggestion="Achats et matières"))
    assert suggested["chip"] == "Achats et matières ?"
    assert (suggested["chip_state"], suggested["suggestion_id"]) == ("suggested", "3")
    assert present_line_category(row())["chip"] == "À classer"


def test_the_menu_knows_the_current_category():
    assert present_line_category(row(category="Divers"))["current"] == "Divers"
    assert present_line_category(row(suggestion="Divers"))["current"] == ""  # not chosen yet


def test_the_always_item_names_the_counterparty():
    assert present_line_category(row())["always"] == "Toujours classer « LEROY MERLIN » ici…"
    assert present_line_category(row(label="CB 12/11"))["always"] == ""  # nobody to name


def test_a_rule_in_words():
    rule = RuleRow(1, "Divers", "contient", "LEROY MERLIN", "décaissement", 1000, None)
    shown = present_rule(rule)
    assert shown["text"] == "Le libellé contient « LEROY MERLIN »"
    assert shown["details"] == "décaissements · à partir de 10,00\u00a0€"
