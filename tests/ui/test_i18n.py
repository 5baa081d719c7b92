"""Texts that agree with a count: real plurals (CLDR rules through Babel), never « (s) »."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from treso_app.i18n import TEXTS, tn


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "0 facture"),  # French: zero takes the singular
        (1, "1 facture"),
        (2, "2 factures"),
        (10195, "10\u202f195 factures"),  # the count in the locale's digits
    ],
)
def test_french_plurals_follow_the_count(count, text):
    assert tn("invoices_count", count) == text


@pytest.mark.parametrize(
    ("count", "text"), [(0, "0 invoices"), (1, "1 invoice"), (2, "2 invoices")]
)
def test_english_plurals_follow_english_rules(monkeypatch, count, text):
    monkeypatch.setenv("TRESO_LOCALE", "en_GB")
    assert tn("invoices_count", count) == text


def test_agreement_reaches_the_adjectives():
    assert tn("count_operations_new", 1) == "1 nouvelle opération"
    assert tn("count_operations_new", 38) == "38 nouvelles opérations"
    assert tn("client_overdue", 1, amount="5 €") == "dont 5 € en retard (1 facture)"
    assert tn("client_overdue", 3, amount="5 €") == "dont 5 € en retard (3 factures)"


def test_a_round_million_takes_the_other_form_when_no_many_form_is_given():
    assert tn("invoices_count", 1_000_000) == "1\u202f000\u202f000 factures"


def test_no_text_writes_a_plural_in_brackets():
    """« facture(s) » is what the owner complained about: no text and no module of the app
    writes a word that way any more."""
    bracketed = re.compile(r"\w\(s\)")
    for key, entry in TEXTS.items():
        for forms in entry.values():
            for text in forms.values() if isinstance(forms, dict) else [forms]:
                assert not bracketed.search(text), key
    package = Path(__file__).resolve().parents[2] / "treso_app"
    for module in package.rglob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not bracketed.search(node.value), (module, node.value)


def test_a_text_with_plural_forms_has_them_in_both_languages():
    for key, entry in TEXTS.items():
        if isinstance(entry["fr"], dict):
            assert isinstance(entry["en"], dict), key
            assert "other" in entry["fr"] and "other" in entry["en"], key
