from __future__ import annotations

from datetime import date, timedelta

import pytest

from treso_app.domain.errors import ValidationError
from treso_app.domain.reminders import (
    DEFAULT_PLAN,
    checked_template,
    due_step,
    plan_from,
    plan_to_json,
    render,
)

DUE = date(2026, 11, 30)


def level(today, done=()):
    step = due_step(DEFAULT_PLAN, DUE, today, done)
    return step.level if step else None


def test_default_sequence_days():
    assert level(DUE - timedelta(days=4)) is None
    assert level(DUE - timedelta(days=3)) == 1  # courtesy, three days before
    assert level(DUE + timedelta(days=6), done={1}) is None
    assert level(DUE + timedelta(days=7), done={1}) == 2
    assert level(DUE + timedelta(days=15), done={1, 2}) == 3
    assert level(DUE + timedelta(days=30), done={1, 2, 3}) == 4


def test_a_level_is_never_proposed_twice():
    assert level(DUE + timedelta(days=8), done={2}) is None
    assert level(DUE + timedelta(days=90), done={4}) is None


def test_only_the_highest_level_due_when_found_late():
    assert level(DUE + timedelta(days=20)) == 3


def test_no_courtesy_reminder_once_the_due_date_passed():
    assert level(DUE + timedelta(days=2)) is None


def test_rendering_fills_known_placeholders_and_keeps_unknown_ones_visible():
    text = render(
        "Facture {numero} de {montant} — {inconnu}",
        {"numero": "F2026-0001", "montant": "1 200,00 €"},
    )
    assert text == "Facture F2026-0001 de 1 200,00 € — {inconnu}"


def test_a_template_with_an_unknown_field_is_refused():
    with pytest.raises(ValidationError, match=r"« \{montnat\} » n.est pas un champ connu"):
        checked_template("Montant : {montnat}", "Relance")
    assert checked_template("{client} {numero}", "Relance")


def test_plan_round_trips_through_settings():
    assert plan_from(plan_to_json(DEFAULT_PLAN)) == DEFAULT_PLAN
    assert plan_from(None) == DEFAULT_PLAN
