"""User-facing texts: French first, English second. Chosen by TRESO_LOCALE at start."""

from __future__ import annotations

from treso_app.settings import load_settings

TEXTS: dict[str, dict[str, str]] = {
    "app_title": {"fr": "Tréso", "en": "Tréso"},
    "tagline": {"fr": "Pilotage de trésorerie", "en": "Cash-flow cockpit"},
    "nav_dashboard": {"fr": "Tableau de bord", "en": "Dashboard"},
    "balance_today": {"fr": "Trésorerie aujourd'hui", "en": "Cash today"},
    "safe_until": {"fr": "À l'abri jusqu'au", "en": "Safe until"},
    "safe_whole_horizon": {"fr": "Sur tout l'horizon", "en": "Over the whole horizon"},
    "threshold": {"fr": "Seuil d'alerte", "en": "Alert threshold"},
    "lowest_point": {"fr": "Point bas", "en": "Lowest point"},
    "money_in": {"fr": "Entrées", "en": "Money in"},
    "money_out": {"fr": "Sorties", "en": "Money out"},
    "receivables": {"fr": "Clients à encaisser", "en": "Receivables"},
    "overdue": {"fr": "dont en retard", "en": "of which overdue"},
    "doubtful": {"fr": "Douteux (> 90 j de retard)", "en": "Doubtful (> 90 days late)"},
    "on_date": {"fr": "le {date}", "en": "on {date}"},
    "alerts": {"fr": "Points d'attention", "en": "Things to watch"},
    "alert_threshold": {
        "fr": "Le solde prévu passe sous le seuil d'alerte ({threshold}) le {date}.",
        "en": "The forecast balance goes under the alert threshold ({threshold}) on {date}.",
    },
    "alert_overdue": {
        "fr": "{count} facture(s) client en retard, pour {amount} : à relancer.",
        "en": "{count} overdue client invoice(s), {amount}: chase them.",
    },
    "alert_doubtful": {
        "fr": "{amount} en retard de plus de 90 jours, exclus de la prévision.",
        "en": "{amount} more than 90 days late, left out of the forecast.",
    },
    "forecast_title": {"fr": "Solde prévu sur 90 jours", "en": "Forecast balance, 90 days"},
    "forecast_note": {
        "fr": "Factures ouvertes à leur date d'encaissement probable, factures fournisseurs à "
        "échéance, charges récurrentes. L'activité pas encore facturée n'est pas comptée.",
        "en": "Open invoices at their likely payment date, supplier bills at their due date, "
        "recurring charges. Activity not yet invoiced is not counted.",
    },
    "expected_today": {"fr": "Attendu aujourd'hui", "en": "Expected today"},
    "next_days": {"fr": "Les 7 prochains jours", "en": "The next 7 days"},
    "nothing_expected": {"fr": "Rien de prévu.", "en": "Nothing planned."},
    "no_company": {
        "fr": "Aucune entreprise dans la base. Chargez la démonstration avec « treso demo ».",
        "en": "No company in the database. Load the demo with “treso demo”.",
    },
    "loading": {"fr": "Chargement…", "en": "Loading…"},
    "load_error": {
        "fr": "Impossible de lire les données de trésorerie. Rechargez la page ; si le "
        "problème persiste, le détail est dans le journal du serveur.",
        "en": "Could not read the cash data. Reload the page; if it persists, the details "
        "are in the server log.",
    },
    "invoices_count": {"fr": "{count} factures", "en": "{count} invoices"},
    "yesterday": {"fr": "Hier", "en": "Yesterday"},
    "chart_balance": {"fr": "Solde prévu", "en": "Forecast balance"},
    "chart_threshold": {"fr": "Seuil d'alerte", "en": "Alert threshold"},
}


def language() -> str:
    return load_settings().locale.split("_")[0]


def t(key: str, **values: object) -> str:
    """The text for `key` in the configured language (French when missing)."""
    entry = TEXTS[key]
    text = entry.get(language(), entry["fr"])
    return text.format(**values) if values else text
