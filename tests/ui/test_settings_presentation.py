"""The reminder editor (/parametres) shows named fields, never the stored `{variables}`."""

from __future__ import annotations

import re

from treso_app.domain.reminders import DEFAULT_PLAN
from treso_app.ui.states.settings import present_fields, present_steps, typed_steps


def test_the_default_texts_show_french_field_names_and_no_variable():
    rows = present_steps(DEFAULT_PLAN)
    for row in rows:
        assert not re.search(r"\{\w+\}", row["subject"] + row["body"])
    assert rows[0]["subject"] == "Facture [Numéro de facture] : échéance le [Date d'échéance]"
    assert "sous 8 jours.[Avertissement pénalités]" in rows[2]["body"]
    assert rows[0]["body"].endswith("Cordialement,\n[Votre entreprise]")


def test_an_edited_text_is_stored_with_its_variables():
    rows = present_steps(DEFAULT_PLAN)
    rows[1] = rows[1] | {"body": "Reste [Montant dû] depuis le [Date d'échéance], [Client]."}
    plan = typed_steps(rows)
    assert plan[1].body == "Reste {montant} depuis le {echeance}, {client}."
    assert plan[0] == DEFAULT_PLAN[0]  # untouched texts come back exactly as they were


def test_each_field_has_a_name_and_a_meaning():
    fields = {f["key"]: f for f in present_fields()}
    assert fields["montant"]["name"] == "Montant dû"
    assert fields["montant"]["meaning"] == "ce qui reste à payer sur la facture"
    assert fields["avertissement_penalites"]["name"] == "Avertissement pénalités"
    assert all(f["name"] and f["meaning"] and "{" not in f["name"] for f in fields.values())
