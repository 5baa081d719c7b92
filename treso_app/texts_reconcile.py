"""Texts of the reconciliation (« À rapprocher » on /banque, `treso reconcile`)."""

from __future__ import annotations

TEXTS: dict = {
    "reconcile_title": {"fr": "À rapprocher", "en": "To reconcile"},
    "reconcile_intro": {
        "fr": "Les lignes bancaires que Tréso n'a pas pu relier seul à une facture : "
        "acceptez la bonne suggestion, rejetez les autres, ou choisissez la facture vous-même.",
        "en": "Bank lines Tréso could not link to an invoice on its own: accept the right "
        "suggestion, reject the others, or pick the invoice yourself.",
    },
    "reconcile_waiting": {
        "fr": {"one": "{count} ligne à vérifier", "other": "{count} lignes à vérifier"},
        "en": {"one": "{count} line to check", "other": "{count} lines to check"},
    },
    "reconcile_nothing": {
        "fr": "Rien à vérifier : chaque ligne reconnue est rapprochée.",
        "en": "Nothing to check: every recognised line is reconciled.",
    },
    "reconcile_accept": {"fr": "Accepter", "en": "Accept"},
    "reconcile_reject": {"fr": "Rejeter", "en": "Reject"},
    "reconcile_by_hand": {"fr": "Rapprocher à la main", "en": "Match by hand"},
    "reconcile_undo": {"fr": "Annuler le rapprochement", "en": "Undo the match"},
    "reconcile_ignore": {"fr": "Pas une facture", "en": "Not an invoice"},
    "reconcile_ignored": {
        "fr": "Ligne écartée du rapprochement : elle ne sera plus proposée.",
        "en": "Line set aside: it will not be proposed again.",
    },
    "reconcile_unignore": {"fr": "Annuler", "en": "Undo"},
    "reconcile_auto_title": {"fr": "Rapprochés automatiquement", "en": "Matched automatically"},
    "reconcile_score": {"fr": "confiance {score}", "en": "confidence {score}"},
    "reconcile_left": {"fr": "reste {amount} à rapprocher", "en": "{amount} left to match"},
    "reconcile_picker_title": {"fr": "Choisir la facture", "en": "Pick the invoice"},
    "reconcile_picker_search": {
        "fr": "Numéro ou nom du client / fournisseur",
        "en": "Number or client / supplier name",
    },
    "reconcile_picker_none": {
        "fr": "Aucune facture ouverte ne correspond.",
        "en": "No open invoice matches.",
    },
    "reconcile_picker_choose": {"fr": "Rapprocher", "en": "Match"},
    "reconcile_picker_detail": {
        "fr": "échéance {date} · reste {amount}",
        "en": "due {date} · {amount} left",
    },
    "reconcile_close": {"fr": "Fermer", "en": "Close"},
    "reconcile_done": {"fr": "Rapprochement enregistré.", "en": "Match saved."},
    "reconcile_undone": {"fr": "Rapprochement annulé.", "en": "Match undone."},
    "reconcile_cli_summary": {
        "fr": {
            "one": "{count} rapprochement automatique, {waiting}.",
            "other": "{count} rapprochements automatiques, {waiting}.",
        },
        "en": {
            "one": "{count} automatic match, {waiting}.",
            "other": "{count} automatic matches, {waiting}.",
        },
    },
}
