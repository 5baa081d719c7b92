"""User-facing texts: French first, English second. Chosen by TRESO_LOCALE at start.

A text that agrees with a count gives one form per CLDR plural category instead of one
string: {"fr": {"one": "{count} facture", "other": "{count} factures"}} (see `tn`)."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from babel.numbers import format_decimal

from treso_app.settings import locale_name
from treso_app.texts_invoicing import TEXTS as INVOICING_TEXTS
from treso_app.texts_reconcile import TEXTS as RECONCILE_TEXTS

Forms = dict[str, str]  # plural category ("one", "many", "other") → text
GENERAL_TEXTS: dict[str, dict[str, str | Forms]] = {
    "app_title": {"fr": "Tréso", "en": "Tréso"},
    "tagline": {"fr": "Pilotage de trésorerie", "en": "Cash-flow cockpit"},
    "demo_badge": {"fr": "Démo", "en": "Demo"},
    "own_company_title": {"fr": "Créez votre entreprise", "en": "Create your company"},
    "own_company_label": {"fr": "Nom de votre entreprise", "en": "Your company's name"},
    "own_company_placeholder": {"fr": "Ex. : Plomberie Dupont SARL", "en": "E.g. Dupont Plumbing"},
    "nav_dashboard": {"fr": "Tableau de bord", "en": "Dashboard"},
    "nav_menu": {"fr": "Menu", "en": "Menu"},
    "not_found_title": {"fr": "Cette page n'existe pas", "en": "This page does not exist"},
    "not_found_text": {
        "fr": "L'adresse est peut-être mal saisie, ou la page a changé de place. Choisissez "
        "une page en haut de l'écran, ou revenez au tableau de bord.",
        "en": "The address may be mistyped, or the page has moved. Pick a page at the top of "
        "the screen, or go back to the dashboard.",
    },
    "not_found_home": {"fr": "Revenir au tableau de bord", "en": "Back to the dashboard"},
    "balance_today": {"fr": "Trésorerie aujourd'hui", "en": "Cash today"},
    "balance_known_on": {"fr": "solde au {date}", "en": "balance on {date}"},
    "balance_never_known": {"fr": "solde jamais relevé", "en": "balance never imported"},
    "balance_stale": {"fr": "Ancien", "en": "Old"},
    "safe_until": {"fr": "À l'abri jusqu'au", "en": "Safe until"},
    "under_since": {"fr": "Sous le seuil depuis le", "en": "Under the threshold since"},
    "under_now": {"fr": "Sous le seuil", "en": "Under the threshold"},
    "under_today": {"fr": "aujourd'hui", "en": "today"},
    "safe_whole_horizon": {"fr": "Sur tout l'horizon", "en": "Over the whole horizon"},
    "threshold": {"fr": "Seuil d'alerte", "en": "Alert threshold"},
    "lowest_point": {"fr": "Point bas", "en": "Lowest point"},
    "safe_year": {"fr": "Plus de 12 mois", "en": "Over 12 months"},
    "lowest_year": {"fr": "Point bas sur 12 mois", "en": "Lowest point, 12 months"},
    "money_in": {"fr": "Entrées", "en": "Money in"},
    "money_out": {"fr": "Sorties", "en": "Money out"},
    "receivables": {"fr": "Clients à encaisser", "en": "Receivables"},
    "overdue": {"fr": "dont en retard", "en": "of which overdue"},
    "doubtful": {"fr": "Douteux (> 90 j de retard)", "en": "Doubtful (> 90 days late)"},
    "on_date": {"fr": "le {date}", "en": "on {date}"},
    "indicator_dso": {"fr": "Délai moyen de paiement clients", "en": "Days sales outstanding"},
    "indicator_dso_value": {
        "fr": {"one": "{count} jour", "other": "{count} jours"},
        "en": {"one": "{count} day", "other": "{count} days"},
    },
    "indicator_dso_hint": {
        "fr": "Encours clients en jours de ventes (90 derniers jours)",
        "en": "What clients owe, in days of sales (last 90 days)",
    },
    "indicator_overdue": {
        "fr": "Part des créances en retard",
        "en": "Share of receivables overdue",
    },
    "indicator_overdue_hint": {
        "fr": "Du montant à encaisser, échéance dépassée",
        "en": "Of what clients owe, past its due date",
    },
    "indicator_bfr": {"fr": "Besoin en fonds de roulement", "en": "Working capital need"},
    "indicator_bfr_hint": {
        "fr": "Créances clients moins dettes fournisseurs",
        "en": "Client receivables minus supplier debts",
    },
    "indicator_none": {"fr": "—", "en": "—"},
    "alerts": {"fr": "Points d'attention", "en": "Things to watch"},
    "alert_threshold": {
        "fr": "Le solde prévu passe sous le seuil d'alerte ({threshold}) le {date}.",
        "en": "The forecast balance goes under the alert threshold ({threshold}) on {date}.",
    },
    "alert_under_since": {
        "fr": "Le solde est sous le seuil d'alerte ({threshold}) depuis le {date}.",
        "en": "The balance has been under the alert threshold ({threshold}) since {date}.",
    },
    "alert_under_today": {
        "fr": "Le solde est sous le seuil d'alerte ({threshold}) aujourd'hui.",
        "en": "The balance is under the alert threshold ({threshold}) today.",
    },
    "alert_overdue": {
        "fr": {
            "one": "{count} facture client en retard, pour {amount} : à relancer.",
            "other": "{count} factures client en retard, pour {amount} : à relancer.",
        },
        "en": {
            "one": "{count} overdue client invoice, {amount}: chase it.",
            "other": "{count} overdue client invoices, {amount}: chase them.",
        },
    },
    "alert_doubtful": {
        "fr": "{amount} en retard de plus de 90 jours, exclus de la prévision.",
        "en": "{amount} more than 90 days late, left out of the forecast.",
    },
    "alert_stale": {
        "fr": "Le solde de « {account} » date du {date} : importez un relevé récent, la "
        "trésorerie d'aujourd'hui et la prévision en dépendent.",
        "en": "The balance of “{account}” dates from {date}: import a recent statement, "
        "today's cash and the forecast depend on it.",
    },
    "alert_stale_never": {
        "fr": "Aucun relevé importé pour « {account} » : son solde n'est pas connu.",
        "en": "No statement imported for “{account}”: its balance is not known.",
    },
    "forecast_title": {"fr": "Solde prévu sur 90 jours", "en": "Forecast balance, 90 days"},
    "forecast_note": {
        "fr": "Factures ouvertes comptées chaque jour pour la chance d'être payées ce jour-là "
        "(habitudes de chaque client), factures fournisseurs à échéance, charges "
        "récurrentes, et l'activité habituelle apprise de vos relevés (saisons et "
        "tendance). Scénarios et fourchette : page Prévisions.",
        "en": "Open invoices counted each day for their chance of being paid that day (each "
        "client's habits), supplier bills at their due date, recurring charges, and the "
        "usual activity learned from your statements (seasons and trend). Scenarios and "
        "range: Forecast page.",
    },
    "expected_today": {"fr": "Attendu aujourd'hui", "en": "Expected today"},
    "next_days": {"fr": "Les 7 prochains jours", "en": "The next 7 days"},
    "nothing_expected": {"fr": "Rien de prévu.", "en": "Nothing planned."},
    "reminders_to_send": {
        "fr": {
            "one": "{count} relance à envoyer ({amount})",
            "other": "{count} relances à envoyer ({amount})",
        },
        "en": {
            "one": "{count} reminder to send ({amount})",
            "other": "{count} reminders to send ({amount})",
        },
    },
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
    "unexpected_error": {
        "fr": "Erreur inattendue : rien n'a été enregistré. Réessayez ; si le problème "
        "persiste, le détail est dans le journal du serveur.",
        "en": "Unexpected error: nothing was saved. Try again; if it persists, the details "
        "are in the server log.",
    },
    "invoices_count": {
        "fr": {"one": "{count} facture", "other": "{count} factures"},
        "en": {"one": "{count} invoice", "other": "{count} invoices"},
    },
    "yesterday": {"fr": "Hier", "en": "Yesterday"},
    "chart_balance": {"fr": "Solde prévu", "en": "Forecast balance"},
    "chart_threshold": {"fr": "Seuil d'alerte", "en": "Alert threshold"},
    "chart_band": {"fr": "Fourchette P10–P90", "en": "P10–P90 range"},
    "nav_forecast": {"fr": "Prévisions", "en": "Forecast"},
    "forecast_subtitle": {
        "fr": "Et si… ? Bougez les curseurs : la prévision se recalcule aussitôt.",
        "en": "What if…? Move the sliders: the forecast updates at once.",
    },
    "preset_optimiste": {"fr": "Optimiste", "en": "Optimistic"},
    "preset_realiste": {"fr": "Réaliste", "en": "Realistic"},
    "preset_pessimiste": {"fr": "Pessimiste", "en": "Pessimistic"},
    "knob_delay": {
        "fr": {
            "one": "Clients : {value:+d} jour de retard",
            "other": "Clients : {value:+d} jours de retard",
        },
        "en": {"one": "Clients: {value:+d} day late", "other": "Clients: {value:+d} days late"},
    },
    "knob_unpaid": {
        "fr": "Factures jamais payées : {value} %",
        "en": "Invoices never paid: {value} %",
    },
    "knob_revenue": {"fr": "Chiffre d'affaires : {value:+d} %", "en": "Revenue: {value:+d} %"},
    "knob_expenses": {"fr": "Dépenses : {value:+d} %", "en": "Expenses: {value:+d} %"},
    "probability_below": {
        "fr": "Risque de passer sous le seuil : {value} %",
        "en": "Risk of going under the threshold: {value} %",
    },
    "probability_under_now": {
        "fr": "Déjà sous le seuil : risque {value} %",
        "en": "Already under the threshold: risk {value} %",
    },
    "monthly_title": {"fr": "Entrées et sorties par mois", "en": "Money in and out by month"},
    "col_month": {"fr": "Mois", "en": "Month"},
    "month_partial": {"fr": "{month} (au {date})", "en": "{month} (to {date})"},
    "month_since": {"fr": "{month} (dès le {since})", "en": "{month} (from {since})"},
    "month_between": {
        "fr": "{month} (du {since} au {date})",
        "en": "{month} ({since} to {date})",
    },
    "current_scenario": {"fr": "Scénario en cours", "en": "Current scenario"},
    "col_month_net": {"fr": "Solde du mois", "en": "Net for the month"},
    "horizon": {"fr": "Horizon", "en": "Horizon"},
    "horizon_months": {"fr": "{count} mois", "en": "{count} months"},
    "events_title": {"fr": "Événements ponctuels", "en": "One-off events"},
    "events_count": {
        "fr": {"one": "{count} événement", "other": "{count} événements"},
        "en": {"one": "{count} event", "other": "{count} events"},
    },
    "event_label": {"fr": "Quoi (ex. achat camion)", "en": "What (e.g. new van)"},
    "event_amount": {"fr": "Montant (€)", "en": "Amount (€)"},
    "event_out": {"fr": "Sortie", "en": "Out"},
    "event_in": {"fr": "Entrée", "en": "In"},
    "add": {"fr": "Ajouter", "en": "Add"},
    "remove": {"fr": "Retirer", "en": "Remove"},
    "financing_title": {"fr": "Financer des factures", "en": "Finance invoices"},
    "financing_help": {
        "fr": "Un financeur avance la facture (argent sous 2 jours ouvrés, moins ses frais) ; "
        "le paiement du client lui revient.",
        "en": "A financer advances the invoice (cash within 2 bank days, less its fee); the "
        "client's payment goes to the financer.",
    },
    "financing_fee": {"fr": "Frais (%)", "en": "Fee (%)"},
    "financed_count": {
        "fr": {"one": "{count} facture financée", "other": "{count} factures financées"},
        "en": {"one": "{count} invoice financed", "other": "{count} invoices financed"},
    },
    "expected_on": {"fr": "attendue le {date}", "en": "expected {date}"},
    "saved_title": {"fr": "Scénarios enregistrés", "en": "Saved scenarios"},
    "scenario_name": {"fr": "Nom du scénario", "en": "Scenario name"},
    "save": {"fr": "Enregistrer", "en": "Save"},
    "load": {"fr": "Charger", "en": "Load"},
    "compare": {"fr": "Comparer", "en": "Compare"},
    "duplicate": {"fr": "Dupliquer", "en": "Duplicate"},
    "delete": {"fr": "Supprimer", "en": "Delete"},
    "delete_scenario_title": {"fr": "Supprimer ce scénario ?", "en": "Delete this scenario?"},
    "delete_scenario_question": {
        "fr": "« {name} » et ses réglages seront supprimés définitivement.",
        "en": "« {name} » and its settings will be deleted for good.",
    },
    "saved_notice": {"fr": "Scénario « {name} » enregistré.", "en": "Scenario “{name}” saved."},
    "comparison_title": {"fr": "Comparaison", "en": "Comparison"},
    "comparison_line": {
        "fr": "{safe} · point bas {lowest}",
        "en": "{safe} · lowest point {lowest}",
    },
    "versus_title": {"fr": "Prévu et réel", "en": "Forecast and actual"},
    "versus_expected": {"fr": "Prévu alors", "en": "Forecast then"},
    "versus_actual": {"fr": "Réel", "en": "Actual"},
    "day_title": {"fr": "Ce qui arrive le {date}", "en": "What happens on {date}"},
    "day_nothing": {
        "fr": "Rien de prévu ce jour-là.",
        "en": "Nothing expected that day.",
    },
    "day_hint": {
        "fr": "Touchez un jour du graphique pour voir ce qui arrive.",
        "en": "Tap a day on the chart to see what happens.",
    },
    "plan_title": {"fr": "Plan de trésorerie", "en": "Cash-flow plan"},
    "plan_category": {"fr": "Catégorie", "en": "Category"},
    "plan_in": {"fr": "Total entrées", "en": "Total in"},
    "plan_out": {"fr": "Total sorties", "en": "Total out"},
    "plan_start": {"fr": "Trésorerie début de période", "en": "Cash at the start"},
    "plan_net": {"fr": "Solde du mois", "en": "Net for the month"},
    "plan_end": {"fr": "Trésorerie fin de mois", "en": "Cash at month end"},
    "export_csv": {"fr": "CSV", "en": "CSV"},
    "export_xlsx": {"fr": "Excel", "en": "Excel"},
    "usual_activity": {
        "fr": "Activité habituelle (estimation)",
        "en": "Usual activity (estimate)",
    },
    "probable_receipts": {
        "fr": "Encaissements clients pondérés (factures ouvertes)",
        "en": "Client receipts, weighted (open invoices)",
    },
    "expected_invoice": {"fr": "{label} (attendue)", "en": "{label} (expected)"},
    "day_change": {
        "fr": "Variation du jour (solde le soir : {evening})",
        "en": "Change on the day (balance in the evening: {evening})",
    },
    "day_expected_head": {
        "fr": "Paiement le plus probable ce jour (pour information, déjà compté ci-dessus) :",
        "en": "Most likely paid this day (for information, already counted above):",
    },
    "more_lines": {
        "fr": {"one": "+ {count} autre ligne", "other": "+ {count} autres lignes"},
        "en": {"one": "+ {count} more line", "other": "+ {count} more lines"},
    },
    "recurring_detected": {"fr": "(détecté)", "en": "(detected)"},
    "nav_bank": {"fr": "Banque", "en": "Bank"},
    "bank_subtitle": {
        "fr": "Importez vos relevés : OFX, QFX, CSV, CAMT.053, CFONB 120 (ou un ZIP de relevés).",
        "en": "Import your statements: OFX, QFX, CSV, CAMT.053, CFONB 120 (or a ZIP of them).",
    },
    "import_title": {"fr": "Importer des relevés", "en": "Import statements"},
    "import_account": {"fr": "Compte", "en": "Account"},
    "account_auto": {
        "fr": "D'après le fichier (crée le compte s'il est nouveau)",
        "en": "From the file (creates the account if new)",
    },
    "drop_here": {
        "fr": "Déposez vos relevés ici, ou touchez pour les choisir",
        "en": "Drop your statements here, or tap to choose them",
    },
    "drop_hint": {
        "fr": "Plusieurs fichiers à la fois. Un fichier déjà importé n'ajoute rien.",
        "en": "Several files at once. A file imported before adds nothing.",
    },
    "importing_file": {
        "fr": "Import en cours : {name} ({index}/{count})…",
        "en": "Importing {name} ({index}/{count})…",
    },
    "booking_lines": {
        "fr": "Rapprochement avec les factures et classement des nouvelles opérations…",
        "en": "Matching the new transactions with invoices and sorting them…",
    },
    "result_imported": {"fr": "Importé", "en": "Imported"},
    "result_refused": {"fr": "Refusé", "en": "Refused"},
    "result_confirm": {"fr": "À confirmer", "en": "To confirm"},
    "result_counts": {
        "fr": "{account} : {read}, {new}, {known}",
        "en": "{account}: {read}, {new}, {known}",
    },
    "count_read": {
        "fr": {"one": "{count} lue", "other": "{count} lues"},
        "en": {"other": "{count} read"},
    },
    "count_new": {
        "fr": {"one": "{count} nouvelle", "other": "{count} nouvelles"},
        "en": {"other": "{count} new"},
    },
    "count_known": {
        "fr": {"one": "{count} déjà connue", "other": "{count} déjà connues"},
        "en": {"other": "{count} already known"},
    },
    "account_created": {"fr": " — compte créé", "en": " — account created"},
    "accounts_title": {"fr": "Comptes", "en": "Accounts"},
    "no_accounts": {
        "fr": "Aucun compte : importez un relevé, le compte est créé à partir du fichier.",
        "en": "No account: import a statement, the account is created from the file.",
    },
    "old_title": {
        "fr": "Relevé ancien : importer quand même ?",
        "en": "Old statement: import anyway?",
    },
    "old_intro": {
        "fr": "Ce relevé date de plus de 90 jours et crée un nouveau compte. Son solde, ancien, "
        "comptera dans la trésorerie d'aujourd'hui (le compte sera signalé comme ancien). "
        "Pour un solde juste, importez plutôt un relevé récent de ce compte.",
        "en": "This statement is more than 90 days old and creates a new account. Its old "
        "balance will count in today's cash (the account will be flagged as old). For a "
        "true balance, import a recent statement of this account instead.",
    },
    "old_confirm": {"fr": "Importer quand même", "en": "Import anyway"},
    "own_company_intro_import": {
        "fr": "Vous êtes dans l'entreprise de démonstration : vos relevés n'y vont pas. "
        "Donnez le nom de votre entreprise ; Tréso la crée, y importe vos fichiers et "
        "l'affiche désormais. La démonstration reste enregistrée, sans se mêler à vos données.",
        "en": "You are in the demo company: your statements do not go there. Give your "
        "company's name; Tréso creates it, imports your files into it and shows it from "
        "now on. The demo is kept, apart from your data.",
    },
    "own_company_create_import": {"fr": "Créer et importer", "en": "Create and import"},
    "import_summary": {"fr": "{new}, {known}.", "en": "{new}, {known}."},
    "count_operations_new": {
        "fr": {"one": "{count} nouvelle opération", "other": "{count} nouvelles opérations"},
        "en": {"one": "{count} new transaction", "other": "{count} new transactions"},
    },
    "count_pending_skipped": {
        "fr": {
            "one": "{count} opération « en attente » ignorée : pas encore passée.",
            "other": "{count} opérations « en attente » ignorées : pas encore passées.",
        },
        "en": {
            "one": "{count} pending transaction left out: not booked yet.",
            "other": "{count} pending transactions left out: not booked yet.",
        },
    },
    "balance_ok": {
        "fr": "Solde vérifié : {amount} au {date}, identique au relevé.",
        "en": "Balance checked: {amount} on {date}, same as the statement.",
    },
    "balance_gap": {
        "fr": "Écart de solde au {date} : le relevé dit {statement}, Tréso calcule {computed} "
        "(différence {gap}). Un relevé antérieur manque peut-être.",
        "en": "Balance gap on {date}: the statement says {statement}, Tréso computes {computed} "
        "(difference {gap}). An earlier statement may be missing.",
    },
    "mapping_title": {"fr": "Colonnes à confirmer", "en": "Columns to confirm"},
    "mapping_intro": {
        "fr": "Tréso ne connaît pas encore la présentation de « {name} ». Vérifiez les colonnes "
        "proposées ; elles seront retenues pour ce compte.",
        "en": "Tréso does not know the layout of “{name}” yet. Check the proposed columns; "
        "they will be remembered for this account.",
    },
    "col_date": {"fr": "Date", "en": "Date"},
    "col_label": {"fr": "Libellé", "en": "Label"},
    "col_amount": {"fr": "Montant (signé)", "en": "Amount (signed)"},
    "col_debit": {"fr": "Débit", "en": "Debit"},
    "col_credit": {"fr": "Crédit", "en": "Credit"},
    "col_none": {"fr": "— aucune —", "en": "— none —"},
    "mapping_confirm": {"fr": "Importer avec ces colonnes", "en": "Import with these columns"},
    "mapping_cancel": {"fr": "Annuler", "en": "Cancel"},
    "mapping_need_account": {
        "fr": "Choisissez le compte de ce relevé (un CSV ne le précise pas).",
        "en": "Choose the account of this statement (a CSV does not say).",
    },
    "mapping_need_amount": {
        "fr": "Choisissez une colonne Montant, ou les deux colonnes Débit et Crédit.",
        "en": "Choose an Amount column, or both Debit and Credit columns.",
    },
    "mapping_expired": {
        "fr": "Le fichier n'est plus disponible : déposez-le à nouveau.",
        "en": "The file is no longer available: drop it again.",
    },
    "transactions_title": {"fr": "Opérations", "en": "Transactions"},
    "search_placeholder": {"fr": "Rechercher un libellé…", "en": "Search a label…"},
    "all_accounts": {"fr": "Tous les comptes", "en": "All accounts"},
    "transactions_count": {
        "fr": {
            "one": "{count} opération",
            "other": "{count} opérations, les {shown} plus récentes affichées",
        },
        "en": {
            "one": "{count} transaction",
            "other": "{count} transactions, the latest {shown} shown",
        },
    },
    "no_transactions": {"fr": "Aucune opération.", "en": "No transactions."},
    "category_none": {"fr": "À classer", "en": "To classify"},
    "category_suggested": {"fr": "{name} ?", "en": "{name}?"},
    "category_confirm": {"fr": "Confirmer la suggestion", "en": "Confirm the suggestion"},
    "category_changed": {"fr": "Classée en {name}.", "en": "Moved to {name}."},
    "category_undo": {"fr": "Annuler", "en": "Undo"},
    "category_current": {"fr": "catégorie actuelle", "en": "current category"},
    "category_always": {
        "fr": "Toujours classer « {name} » ici…",
        "en": "Always file « {name} » under…",
    },
    "apply_past_title": {"fr": "Règle créée", "en": "Rule created"},
    "apply_past_question": {
        "fr": "Les prochaines opérations « {pattern} » seront classées ainsi. Appliquer aussi "
        "la règle aux opérations déjà importées (sauf celles classées à la main) ?",
        "en": "The next « {pattern} » transactions will be filed this way. Apply the rule to "
        "the transactions already imported too (except those filed by hand)?",
    },
    "apply_past_yes": {"fr": "Appliquer au passé", "en": "Apply to the past"},
    "apply_past_no": {"fr": "Seulement les prochaines", "en": "Only the next ones"},
    "applied_past": {
        "fr": {
            "one": "{count} opération passée reclassée.",
            "other": "{count} opérations passées reclassées.",
        },
        "en": {
            "one": "{count} past transaction refiled.",
            "other": "{count} past transactions refiled.",
        },
    },
    "categories_title": {"fr": "Catégories et règles", "en": "Categories and rules"},
    "categories_hint": {
        "fr": "Les opérations importées sont classées par vos règles d'abord, puis par les "
        "libellés bancaires usuels (URSSAF, DGFIP, LOYER…). Supprimer une catégorie range ses "
        "opérations dans Divers.",
        "en": "Imported transactions are filed by your rules first, then by the usual bank "
        "labels (URSSAF, DGFIP, LOYER…). Deleting a category moves its transactions to Divers.",
    },
    "category_lines": {
        "fr": {"one": "{count} opération", "other": "{count} opérations"},
        "en": {"one": "{count} transaction", "other": "{count} transactions"},
    },
    "category_rename": {"fr": "Renommer", "en": "Rename"},
    "category_delete": {"fr": "Supprimer", "en": "Delete"},
    "category_delete_question": {
        "fr": "Supprimer « {name} » ? Ses opérations iront dans Divers, ses règles disparaissent.",
        "en": "Delete « {name} »? Its transactions go to Divers, its rules are removed.",
    },
    "category_add": {"fr": "Ajouter", "en": "Add"},
    "category_new_placeholder": {"fr": "Nouvelle catégorie", "en": "New category"},
    "rules_title": {"fr": "Vos règles", "en": "Your rules"},
    "no_rules": {
        "fr": "Aucune règle : créez-en une ci-dessous ou depuis une opération (page Banque).",
        "en": "No rule yet: create one below or from a transaction (Bank page).",
    },
    "rule_contains": {
        "fr": "Le libellé contient « {pattern} »",
        "en": "Label contains « {pattern} »",
    },
    "rule_regex": {"fr": "Le libellé suit « {pattern} »", "en": "Label matches « {pattern} »"},
    "rule_counterparty": {"fr": "Contrepartie « {pattern} »", "en": "Counterparty « {pattern} »"},
    "rule_in": {"fr": "encaissements", "en": "money in"},
    "rule_out": {"fr": "décaissements", "en": "money out"},
    "rule_min": {"fr": "à partir de {amount}", "en": "from {amount}"},
    "rule_max": {"fr": "jusqu'à {amount}", "en": "up to {amount}"},
    "rule_delete": {"fr": "Supprimer la règle", "en": "Delete the rule"},
    "rule_new": {"fr": "Nouvelle règle", "en": "New rule"},
    "rule_kind": {"fr": "Type", "en": "Kind"},
    "rule_kind_contains": {"fr": "Le libellé contient", "en": "Label contains"},
    "rule_kind_regex": {"fr": "Expression régulière", "en": "Regular expression"},
    "rule_kind_counterparty": {"fr": "Contrepartie", "en": "Counterparty"},
    "rule_pattern": {"fr": "Motif", "en": "Pattern"},
    "rule_direction": {"fr": "Sens", "en": "Direction"},
    "rule_both": {"fr": "Entrées et sorties", "en": "Money in and out"},
    "rule_ins": {"fr": "Entrées", "en": "Money in"},
    "rule_outs": {"fr": "Sorties", "en": "Money out"},
    "rule_min_label": {"fr": "Montant min. (€, facultatif)", "en": "Min. amount (€, optional)"},
    "rule_max_label": {"fr": "Montant max. (€, facultatif)", "en": "Max. amount (€, optional)"},
    "rule_category": {"fr": "Catégorie", "en": "Category"},
    "rule_category_placeholder": {"fr": "Choisir…", "en": "Choose…"},
    "rule_priority": {"fr": "Priorité (1 passe d'abord)", "en": "Priority (1 comes first)"},
    "rule_past": {
        "fr": "Appliquer aussi aux opérations passées",
        "en": "Also apply to past transactions",
    },
    "rule_add": {"fr": "Créer la règle", "en": "Create the rule"},
    "rule_added": {
        "fr": {
            "one": "Règle créée ; {count} opération reclassée.",
            "other": "Règle créée ; {count} opérations reclassées.",
        },
        "en": {
            "one": "Rule created; {count} transaction recategorised.",
            "other": "Rule created; {count} transactions recategorised.",
        },
    },
    "runs_title": {"fr": "Derniers imports", "en": "Recent imports"},
    "no_runs": {"fr": "Aucun import pour l'instant.", "en": "No import yet."},
    "source_upload": {"fr": "navigateur", "en": "browser"},
    "source_cli": {"fr": "ligne de commande", "en": "command line"},
    "source_inbox": {"fr": "dossier de dépôt", "en": "inbox folder"},
    "run_counts": {"fr": "{new} / {read}", "en": "{new} / {read}"},
    "last_sync": {
        "fr": "Dernière synchronisation : {when} — {message}",
        "en": "Last synchronisation: {when} — {message}",
    },
    "last_sync_failed": {
        "fr": "Dernière synchronisation en échec {when} : {message} (nouvel essai automatique)",
        "en": "Last synchronisation failed {when}: {message} (retried automatically)",
    },
    "inbox_nothing_new": {"fr": "Aucun nouveau fichier.", "en": "No new file."},
    "inbox_summary": {"fr": "{files}, {new}{refused}.", "en": "{files}, {new}{refused}."},
    "count_files_imported": {
        "fr": {"one": "{count} fichier importé", "other": "{count} fichiers importés"},
        "en": {"one": "{count} file imported", "other": "{count} files imported"},
    },
    "count_files_refused": {
        "fr": {"one": ", {count} refusé", "other": ", {count} refusés"},
        "en": {"other": ", {count} refused"},
    },
    "snapshots_kept": {
        "fr": {
            "one": "{count} prévision conservée pour le suivi prévu / réel.",
            "other": "{count} prévisions conservées pour le suivi prévu / réel.",
        },
        "en": {
            "one": "{count} forecast kept for forecast vs actual.",
            "other": "{count} forecasts kept for forecast vs actual.",
        },
    },
    "never_synced": {
        "fr": "Dossier de dépôt pas encore consulté.",
        "en": "Inbox folder not checked yet.",
    },
    "inbox_hint": {
        "fr": "Les relevés déposés dans le dossier de dépôt sont importés {every}.",
        "en": "Statements dropped in the inbox folder are imported {every}.",
    },
    "every_minutes": {
        "fr": {"one": "chaque minute", "other": "toutes les {count} minutes"},
        "en": {"one": "every minute", "other": "every {count} minutes"},
    },
    "every_seconds": {
        "fr": {"one": "chaque seconde", "other": "toutes les {count} secondes"},
        "en": {"one": "every second", "other": "every {count} seconds"},
    },
    "col_when": {"fr": "Date", "en": "Date"},
    "col_file": {"fr": "Fichier", "en": "File"},
    "col_source": {"fr": "Origine", "en": "Source"},
    "col_result": {"fr": "Résultat", "en": "Result"},
    "col_account": {"fr": "Compte", "en": "Account"},
    "col_amount_short": {"fr": "Montant", "en": "Amount"},
}

TEXTS = GENERAL_TEXTS | INVOICING_TEXTS | RECONCILE_TEXTS


def language() -> str:
    return locale_name().split("_")[0]


def t(key: str, **values: object) -> str:
    """The text for `key` in the configured language (French when missing)."""
    entry = TEXTS[key]
    text = entry.get(language(), entry["fr"])
    return text.format(**values) if values else text


def tn(key: str, count: int, **values: object) -> str:
    """The text for `key` agreeing with `count` by the locale's plural rules (Babel's CLDR
    data: 0 and 1 are singular in French, only 1 in English). `{count}` is the count
    formatted for the locale (« 10 195 »); a category the entry lacks (French "many", for
    a round million) takes its "other" form."""
    entry = TEXTS[key]
    forms = entry.get(language(), entry["fr"])
    text = forms.get(_plural_category(locale_name(), count), forms["other"])
    return text.format(count=format_decimal(count, locale=locale_name()), **values)


@lru_cache(maxsize=4096)
def _plural_category(locale: str, count: int) -> str:
    return Locale.parse(locale).plural_form(count)
