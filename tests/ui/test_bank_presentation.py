"""What the Banque page says about an import, in French, without a browser."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from treso_app.services.imports import ImportResult, StatementResult
from treso_app.services.jobs import LastRun
from treso_app.ui.states.bank import present_inbox_hint, present_result, present_sync


def statement(account_id: int, closing: int | None, computed: int | None, **counts):
    return StatementResult(
        account_id=account_id,
        account_name=f"Compte {account_id}",
        read=counts.get("read", 2),
        new=counts.get("new", 1),
        duplicates=counts.get("duplicates", 1),
        closing_cents=closing,
        closing_on="2026-11-24" if closing is not None else None,
        computed_cents=computed,
    )


def test_daily_statements_of_one_account_are_summed_and_the_last_balance_checked():
    result = ImportResult(
        file="releve.cfo",
        status="imported",
        format="CFONB 120",
        statements=[statement(1, 100000, 90000), statement(1, 123456, 123456)],
        message="2 nouvelles opérations, 2 déjà connues.",
    )
    card = present_result(result)
    assert card["details"] == "Compte 1 : 4 lues, 2 nouvelles, 2 déjà connues"
    assert (
        card["balance"]
        == "Solde vérifié : 1\u202f234,56\u00a0€ au 24/11/2026, identique au relevé."
    )
    assert card["state"] == "ok" and card["balance_ok"] == "1"


def test_a_balance_gap_is_spelled_out():
    result = ImportResult(
        file="b.ofx", status="imported", statements=[statement(2, 630000, 480000)]
    )
    card = present_result(result)
    assert card["balance_ok"] == ""
    assert (
        "le relevé dit 6\u202f300,00\u00a0€, Tréso calcule 4\u202f800,00\u00a0€" in card["balance"]
    )
    assert "(différence +1\u202f500,00\u00a0€)" in card["balance"]


def test_a_refusal_shows_its_reason():
    card = present_result(
        ImportResult(file="x.txt", status="refused", message="Format non reconnu.")
    )
    assert (card["status"], card["state"], card["message"]) == (
        "Refusé",
        "refused",
        "Format non reconnu.",
    )


def test_a_csv_to_confirm_is_not_called_refused():
    result = ImportResult(file="x.csv", status="refused", csv_guess={"date": 0}, message="…")
    card = present_result(result)
    assert (card["status"], card["state"]) == ("À confirmer", "confirm")


def test_last_synchronisation_in_words():
    now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    ok = LastRun("ok", "Aucun nouveau fichier.", now - timedelta(minutes=3))
    assert present_sync(ok, now) == (
        "Dernière synchronisation : il y a 3 minutes — Aucun nouveau fichier."
    )
    failed = LastRun("error", "dossier introuvable", now - timedelta(minutes=1))
    assert present_sync(failed, now).startswith("Dernière synchronisation en échec il y a 1 minute")
    assert present_sync(None, now) == "Dossier de dépôt pas encore consulté."


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (5, "Les relevés déposés dans le dossier de dépôt sont importés toutes les 5 minutes."),
        (1, "Les relevés déposés dans le dossier de dépôt sont importés chaque minute."),
        (0.05, "Les relevés déposés dans le dossier de dépôt sont importés toutes les 3 secondes."),
    ],
)
def test_the_inbox_is_described_by_how_often_it_is_read_not_by_its_path(minutes, text):
    assert present_inbox_hint(minutes) == text
