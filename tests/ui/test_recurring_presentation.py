"""Recurring items on /parametres read as the owner says them, amounts and dates in fr_FR."""

from __future__ import annotations

from datetime import date

import pytest

from treso_app.services.recurring import RecurringRow
from treso_app.ui.states.recurring import day_choices, present, typed_size


def row(frequency, day_rule, day, next_on=date(2026, 12, 15), cents=-3_912_00):
    return RecurringRow(7, "URSSAF", cents, frequency, day_rule, day, "détecté", next_on, None)


@pytest.mark.parametrize(
    ("frequency", "day_rule", "day", "shown"),
    [
        ("mensuel", "jour", 0, "chaque mois, le dernier jour ouvré"),
        ("trimestriel", "jour", 15, "chaque trimestre, vers le 15"),
        ("mensuel", "jour", 1, "chaque mois, vers le 1er"),
        ("hebdomadaire", "jour_semaine", 0, "chaque lundi"),
        ("mensuel", "jour_ouvré", 3, "chaque mois, le 3e jour ouvré"),
        ("annuel", "jour", 15, "chaque année, vers le 15 décembre"),
    ],
)
def test_the_rhythm_reads_in_french(frequency, day_rule, day, shown):
    assert present(row(frequency, day_rule, day))["rhythm"] == shown


def test_next_date_and_amount_in_french_format():
    shown = present(row("mensuel", "jour", 15))
    assert shown["details"] == " · prochaine le 15/12/2026"
    assert shown["amount"] == "-3\u202f912,00\u00a0€"
    assert shown["size"] == "3912,00"  # what the edit field starts from


def test_day_choices_follow_the_rule_and_amounts_are_read_as_sizes():
    assert day_choices("jour")[0] == {"value": "0", "label": "Dernier jour ouvré"}
    assert [d["label"] for d in day_choices("jour_semaine")][:2] == ["lundi", "mardi"]
    assert day_choices("jour_ouvré")[1] == {"value": "2", "label": "2e"}
    assert typed_size("-1 250,50") == 1_250_50
