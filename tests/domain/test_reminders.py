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
ISSUED = date(2026, 10, 31)  # a month before: old enough for every level


def level(today, done=(), issued=ISSUED, due=DUE, min_age=7):
    step = due_step(DEFAULT_PLAN, issued, due, today, done, min_age)
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


@pytest.mark.parametrize(
    ("issued", "due", "today", "min_age", "expected"),
    [
        # Created today and due today (« à réception »): nothing, whatever the setting.
        (date(2026, 11, 27), date(2026, 11, 27), date(2026, 11, 27), 7, None),
        (date(2026, 11, 27), date(2026, 11, 27), date(2026, 11, 27), 0, None),
        # Courtesy day reached, but the invoice is only 1 day old.
        (date(2026, 11, 10), date(2026, 11, 12), date(2026, 11, 11), 7, None),
        (date(2026, 11, 10), date(2026, 11, 12), date(2026, 11, 11), 1, 1),
        # Courtesy day (30/11 - 3) when the invoice is 5 days old.
        (date(2026, 11, 22), date(2026, 11, 30), date(2026, 11, 27), 7, None),
        (date(2026, 11, 22), date(2026, 11, 30), date(2026, 11, 27), 5, 1),
        (date(2026, 11, 20), date(2026, 11, 30), date(2026, 11, 27), 7, 1),  # 7 days: yes
        # Due on receipt 20/11: the +7 reminder on 27/11, exactly 7 days after issue.
        (date(2026, 11, 20), date(2026, 11, 20), date(2026, 11, 27), 7, 2),
        (date(2026, 11, 20), date(2026, 11, 20), date(2026, 11, 26), 7, None),
        # An old invoice, 57 days late: the formal notice.
        (date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 27), 7, 4),
        # Dated in the future (typed ahead): nothing yet.
        (date(2026, 12, 5), date(2026, 11, 20), date(2026, 11, 27), 7, None),
    ],
)
def test_no_reminder_for_a_fresh_invoice(issued, due, today, min_age, expected):
    assert level(today, issued=issued, due=due, min_age=min_age) == expected


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
