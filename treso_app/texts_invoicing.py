"""Texts of the invoicing pages (/factures, /fournisseurs, /parametres): French, then English."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str | dict[str, str]]] = {  # plural forms: see i18n.tn
    "nav_invoices": {"fr": "Factures", "en": "Invoices"},
    "nav_suppliers": {"fr": "Fournisseurs", "en": "Suppliers"},
    "nav_settings": {"fr": "Paramètres", "en": "Settings"},
    "invoices_subtitle": {
        "fr": "Devis, factures, encaissements et relances de vos clients.",
        "en": "Your clients' quotes, invoices, payments and reminders.",
    },
    "suppliers_subtitle": {
        "fr": "Factures fournisseurs, dates de paiement et virements SEPA.",
        "en": "Supplier bills, payment dates and SEPA transfers.",
    },
    "settings_subtitle": {
        "fr": "Seuil d'alerte, relances, pénalités de retard, devis dans la prévision.",
        "en": "Alert threshold, reminders, late-payment penalties, quotes in the forecast.",
    },
    "kpi_receivable": {"fr": "À encaisser", "en": "To collect"},
    "kpi_overdue": {"fr": "En retard", "en": "Overdue"},
    "kpi_pipeline": {"fr": "Devis acceptés à facturer", "en": "Accepted quotes to invoice"},
    "kpi_reminders": {"fr": "Relances du jour", "en": "Today's reminders"},
    "tab_invoices": {"fr": "Factures", "en": "Invoices"},
    "tab_quotes": {"fr": "Devis", "en": "Quotes"},
    "tab_clients": {"fr": "Clients", "en": "Clients"},
    "tab_reminders": {"fr": "Relances", "en": "Reminders"},
    "tab_aging": {"fr": "Balance âgée", "en": "Aged receivables"},
    "tab_bills": {"fr": "Factures", "en": "Bills"},
    "tab_planning": {"fr": "Planning des paiements", "en": "Payment planning"},
    "tab_transfers": {"fr": "Virements émis", "en": "Issued transfers"},
    "tab_suppliers": {"fr": "Fournisseurs", "en": "Suppliers"},
    "filter_all": {"fr": "Toutes", "en": "All"},
    "filter_open": {"fr": "À encaisser", "en": "Open"},
    "filter_late": {"fr": "En retard", "en": "Late"},
    "filter_paid": {"fr": "Payées", "en": "Paid"},
    "filter_disputed": {"fr": "Litiges", "en": "Disputed"},
    "filter_unpaid": {"fr": "Non payées", "en": "Unpaid"},
    "filter_scheduled": {"fr": "Programmées", "en": "Scheduled"},
    "filter_transfer_issued": {"fr": "Virement émis", "en": "Transfer issued"},
    "bill_filter": {"fr": "Afficher", "en": "Show"},
    "search_invoices": {"fr": "Client ou numéro…", "en": "Client or number…"},
    "status_à_venir": {"fr": "À venir", "en": "Not due"},
    "status_en_retard": {"fr": "En retard", "en": "Late"},
    "status_partielle": {"fr": "Partiellement payée", "en": "Partly paid"},
    "status_payée": {"fr": "Payée", "en": "Paid"},
    "status_avoir": {"fr": "Avoir", "en": "Credit note"},
    "status_litige": {"fr": "Litige", "en": "Disputed"},
    "status_à_payer": {"fr": "À payer", "en": "To pay"},
    "status_programmée": {"fr": "Programmée", "en": "Scheduled"},
    "status_virement_émis": {"fr": "Virement émis", "en": "Transfer issued"},
    "quote_brouillon": {"fr": "Brouillon", "en": "Draft"},
    "quote_envoyé": {"fr": "Envoyé", "en": "Sent"},
    "quote_accepté": {"fr": "Accepté", "en": "Accepted"},
    "quote_refusé": {"fr": "Refusé", "en": "Refused"},
    "quote_expiré": {"fr": "Expiré", "en": "Expired"},
    "quote_facturé": {"fr": "Facturé", "en": "Invoiced"},
    "kind_acompte": {"fr": "Acompte", "en": "Deposit"},
    "due_on": {"fr": "échéance {date}", "en": "due {date}"},
    "days_late": {"fr": "{days} j de retard", "en": "{days} days late"},
    "late_by": {
        "fr": {"one": "en retard de {count} jour", "other": "en retard de {count} jours"},
        "en": {"one": "{count} day late", "other": "{count} days late"},
    },
    "sheet_issued": {"fr": "Émise le {date}", "en": "Issued on {date}"},
    "sheet_due": {"fr": "Échéance le {date}", "en": "Due on {date}"},
    "sheet_terms": {"fr": "Conditions : {terms}", "en": "Terms: {terms}"},
    "remaining": {"fr": "reste {amount}", "en": "{amount} left"},
    "new_invoice": {"fr": "Nouvelle facture", "en": "New invoice"},
    "own_company_intro_invoice": {
        "fr": "Vous êtes dans l'entreprise de démonstration. Pour vos vraies factures, donnez "
        "le nom de votre entreprise : Tréso la crée, l'affiche désormais et y ouvre votre "
        "facture (la démonstration reste enregistrée, à part). Pour essayer avec les clients de la "
        "démonstration, restez-y.",
        "en": "You are in the demo company. For your real invoices, give your company's "
        "name: Tréso creates it, shows it from now on and opens your invoice there (the "
        "demo is kept, apart). To try with the demo's clients, stay in it.",
    },
    "own_company_create_invoice": {"fr": "Créer et facturer", "en": "Create and invoice"},
    "own_company_stay": {"fr": "Essayer dans la démo", "en": "Try it in the demo"},
    "new_quote": {"fr": "Nouveau devis", "en": "New quote"},
    "new_client": {"fr": "Nouveau client", "en": "New client"},
    "new_supplier": {"fr": "Nouveau fournisseur", "en": "New supplier"},
    "new_bill": {"fr": "Nouvelle facture fournisseur", "en": "New supplier bill"},
    "import_sheet": {"fr": "Importer un tableur (CSV, XLSX)", "en": "Import a spreadsheet"},
    "count_sheet_created": {
        "fr": {"one": "{count} facture importée", "other": "{count} factures importées"},
        "en": {"one": "{count} invoice imported", "other": "{count} invoices imported"},
    },
    "count_sheet_skipped": {
        "fr": {"one": ", {count} déjà présente", "other": ", {count} déjà présentes"},
        "en": {"other": ", {count} already there"},
    },
    "count_sheet_new_cards": {
        "fr": {"one": ", {count} fiche créée", "other": ", {count} fiches créées"},
        "en": {"one": ", {count} new contact", "other": ", {count} new contacts"},
    },
    "count_sheet_more_errors": {
        "fr": {"one": "… et {count} autre ligne.", "other": "… et {count} autres lignes."},
        "en": {"one": "… and {count} more line.", "other": "… and {count} more lines."},
    },
    "sheet_missing_columns": {
        "fr": {
            "one": "« {file} » : colonne manquante : {names}.",
            "other": "« {file} » : colonnes manquantes : {names}.",
        },
        "en": {
            "one": "“{file}”: missing column: {names}.",
            "other": "“{file}”: missing columns: {names}.",
        },
    },
    "f_client": {"fr": "Client", "en": "Client"},
    "f_supplier": {"fr": "Fournisseur", "en": "Supplier"},
    "f_issued_on": {"fr": "Date de facture", "en": "Invoice date"},
    "f_quote_date": {"fr": "Date du devis", "en": "Quote date"},
    "f_due_on": {"fr": "Échéance (vide : selon les conditions)", "en": "Due date (empty: terms)"},
    "f_terms": {"fr": "Conditions de paiement", "en": "Payment terms"},
    "f_terms_hint": {"fr": "vide : celles du client", "en": "empty: the client's"},
    "f_validity": {"fr": "Validité (jours)", "en": "Valid for (days)"},
    "f_description": {"fr": "Objet", "en": "Subject"},
    "f_label": {"fr": "Désignation", "en": "Description"},
    "f_quantity": {"fr": "Qté", "en": "Qty"},
    "f_unit_price": {"fr": "Prix unitaire HT", "en": "Unit price excl. VAT"},
    "f_vat": {"fr": "TVA", "en": "VAT"},
    "f_add_line": {"fr": "Ajouter une ligne", "en": "Add a line"},
    "f_name": {"fr": "Nom ou raison sociale", "en": "Name"},
    "f_siren": {"fr": "SIREN", "en": "SIREN"},
    "f_email": {"fr": "E-mail", "en": "E-mail"},
    "f_address": {"fr": "Adresse", "en": "Address"},
    "f_iban": {"fr": "IBAN", "en": "IBAN"},
    "f_bic": {"fr": "BIC", "en": "BIC"},
    "f_professional": {
        "fr": "Client professionnel (pénalités B2B et indemnité de 40 €)",
        "en": "Business client (B2B penalties and €40 indemnity)",
    },
    "f_number": {"fr": "Numéro de la facture", "en": "Bill number"},
    "f_ttc": {"fr": "Montant TTC", "en": "Amount incl. VAT"},
    "f_ht": {"fr": "Montant HT (facultatif)", "en": "Amount excl. VAT (optional)"},
    "f_amount": {"fr": "Montant", "en": "Amount"},
    "f_date": {"fr": "Date", "en": "Date"},
    "f_means": {"fr": "Moyen", "en": "Means"},
    "f_reference": {"fr": "Référence (n° de chèque…)", "en": "Reference"},
    "f_reason": {"fr": "Motif", "en": "Reason"},
    "cancel": {"fr": "Annuler", "en": "Cancel"},
    "close": {"fr": "Fermer", "en": "Close"},
    "edit": {"fr": "Modifier", "en": "Edit"},
    "totals": {
        "fr": "Total HT {ht} · TVA {tva} · TTC {ttc}",
        "en": "Total {ht} + VAT {tva} = {ttc}",
    },
    "record_payment": {"fr": "Enregistrer un paiement", "en": "Record a payment"},
    "payment_saved": {"fr": "Paiement enregistré : facture {status}.", "en": "Payment recorded."},
    "payment_deleted": {
        "fr": "Paiement supprimé : facture {status}.",
        "en": "Payment deleted: invoice {status}.",
    },
    "delete_payment": {"fr": "Supprimer", "en": "Delete"},
    "delete_payment_title": {"fr": "Supprimer ce paiement ?", "en": "Delete this payment?"},
    "delete_payment_text": {
        "fr": "Le paiement « {payment} » de {amount} sera retiré de la facture {number}, qui "
        "redevient due d'autant. La suppression reste visible dans l'historique.",
        "en": "The payment “{payment}” of {amount} will be removed from invoice {number}, "
        "which is owed that much again. The deletion stays in the history.",
    },
    "credit_note": {"fr": "Faire un avoir", "en": "Issue a credit note"},
    "credit_saved": {"fr": "Avoir {number} créé.", "en": "Credit note {number} issued."},
    "mark_disputed": {"fr": "Marquer en litige", "en": "Mark as disputed"},
    "unmark_disputed": {"fr": "Lever le litige", "en": "Clear dispute"},
    "invoice_created": {"fr": "Facture {number} créée.", "en": "Invoice {number} created."},
    "quote_created": {"fr": "Devis {number} créé.", "en": "Quote {number} created."},
    "lines_title": {"fr": "Lignes", "en": "Lines"},
    "payments_title": {"fr": "Paiements reçus", "en": "Payments received"},
    "no_payments": {"fr": "Aucun paiement reçu.", "en": "No payment received."},
    "reminders_history": {"fr": "Relances envoyées", "en": "Reminders sent"},
    "no_reminders_yet": {"fr": "Aucune relance.", "en": "No reminder."},
    "history_title": {"fr": "Historique", "en": "History"},
    "history_payment_deleted": {
        "fr": "{at} · paiement supprimé : {payment} · {amount}",
        "en": "{at} · payment deleted: {payment} · {amount}",
    },
    "penalties_line": {
        "fr": "Pénalités de retard au {date} : {interest} ({rate} %/an sur {days} j) + indemnité "
        "forfaitaire {indemnity} = {total}",
        "en": "Late-payment penalties on {date}: {interest} ({rate} %/yr over {days} days) + "
        "fixed indemnity {indemnity} = {total}",
    },
    "quote_send": {"fr": "Marquer envoyé", "en": "Mark sent"},
    "quote_accept": {"fr": "Accepté", "en": "Accepted"},
    "quote_refuse": {"fr": "Refusé", "en": "Refused"},
    "quote_invoice": {"fr": "Facturer", "en": "Invoice it"},
    "quote_deposit": {"fr": "Facture d'acompte", "en": "Deposit invoice"},
    "deposit_percent": {"fr": "Acompte (% ou €)", "en": "Deposit (% or €)"},
    "quote_valid_until": {"fr": "valable jusqu'au {date}", "en": "valid until {date}"},
    "quote_pipeline": {"fr": "reste à facturer {amount}", "en": "{amount} to invoice"},
    "client_outstanding": {"fr": "Dû {amount}", "en": "Owes {amount}"},
    "client_overdue": {
        "fr": {
            "one": "dont {amount} en retard ({count} facture)",
            "other": "dont {amount} en retard ({count} factures)",
        },
        "en": {
            "one": "{amount} late ({count} invoice)",
            "other": "{amount} late ({count} invoices)",
        },
    },
    "client_delay": {
        "fr": "paie en moyenne {days} j après l'échéance",
        "en": "pays {days} days after due date",
    },
    "client_delay_early": {
        "fr": "paie en moyenne {days} j avant l'échéance",
        "en": "pays {days} days early",
    },
    "client_no_history": {"fr": "pas encore de paiement", "en": "no payment yet"},
    "do_not_remind": {"fr": "Ne pas relancer", "en": "Do not remind"},
    "send_reminders": {
        "fr": "Envoyer les {count} relances du jour",
        "en": "Send today's {count} reminders",
    },
    "send_one_reminder": {"fr": "Envoyer la relance du jour", "en": "Send today's reminder"},
    "no_reminder_due": {
        "fr": "Aucune relance à envoyer aujourd'hui.",
        "en": "No reminder due today.",
    },
    "reminders_job_summary": {
        "fr": "{sent}, {waiting} à valider",
        "en": "{sent}, {waiting} to validate",
    },
    "count_reminders_sent": {
        "fr": {"one": "{count} relance envoyée", "other": "{count} relances envoyées"},
        "en": {"one": "{count} reminder sent", "other": "{count} reminders sent"},
    },
    "count_reminders": {
        "fr": {"one": "{count} relance", "other": "{count} relances"},
        "en": {"one": "{count} reminder", "other": "{count} reminders"},
    },
    "reminders_sent": {
        "fr": "{sent}, {todo} à faire, {failed} en échec.",
        "en": "{sent}, {todo} to do, {failed} failed.",
    },
    "count_sent": {
        "fr": {"one": "{count} envoyée", "other": "{count} envoyées"},
        "en": {"other": "{count} sent"},
    },
    "smtp_missing": {
        "fr": "Les e-mails ne sont pas encore configurés : les relances sont à faire par "
        "téléphone ou courrier (Tréso en prépare le texte).",
        "en": "E-mail is not set up yet: reminders are to be made by phone or letter (Tréso "
        "prepares their text).",
    },
    "todo_title": {"fr": "À faire par téléphone ou courrier", "en": "To do by phone or letter"},
    "mark_done": {"fr": "C'est fait", "en": "Done"},
    "show_text": {"fr": "Voir le texte", "en": "Show text"},
    "copy_text": {"fr": "Copier le texte", "en": "Copy text"},
    "aging_client": {"fr": "Client", "en": "Client"},
    "aging_not_due": {"fr": "Non échu", "en": "Not due"},
    "aging_0_30": {"fr": "0–30 j", "en": "0–30 d"},
    "aging_31_60": {"fr": "31–60 j", "en": "31–60 d"},
    "aging_61_90": {"fr": "61–90 j", "en": "61–90 d"},
    "aging_over_90": {"fr": "> 90 j", "en": "> 90 d"},
    "aging_total": {"fr": "Total", "en": "Total"},
    "aging_note": {
        "fr": "Montants restant dus, par ancienneté du retard (jours après l'échéance).",
        "en": "Amounts still owed, by days past due.",
    },
    "reminder_result_envoyée": {"fr": "envoyée par e-mail", "en": "sent by e-mail"},
    "reminder_result_à_faire": {"fr": "à faire (téléphone ou courrier)", "en": "to do"},
    "reminder_result_faite": {"fr": "faite", "en": "done"},
    "reminder_result_échec": {
        "fr": "échec, nouvel essai au prochain passage",
        "en": "failed, retried",
    },
    "none_yet": {"fr": "Rien pour l'instant.", "en": "Nothing yet."},
    "shown_of": {"fr": "{shown} sur {count}", "en": "{shown} of {count}"},
    "bill_pay": {"fr": "Payer", "en": "Pay"},
    "bill_payments": {"fr": "Paiements", "en": "Payments"},
    "propose_dates": {"fr": "Proposer des dates", "en": "Suggest dates"},
    "accept_dates": {"fr": "Programmer ces dates", "en": "Schedule these dates"},
    "dates_scheduled": {
        "fr": {"one": "{count} paiement programmé.", "other": "{count} paiements programmés."},
        "en": {"one": "{count} payment scheduled.", "other": "{count} payments scheduled."},
    },
    "proposal_ok": {
        "fr": "solde le plus bas ensuite : {amount}",
        "en": "lowest balance after: {amount}",
    },
    "proposal_conflict": {
        "fr": "Conflit : le solde passerait à {lowest}, soit {shortfall} sous le seuil",
        "en": "Conflict: the balance would fall to {lowest}, {shortfall} under the threshold",
    },
    "planning_intro": {
        "fr": "Chaque facture au dernier jour ouvré bancaire avant son échéance, si la prévision "
        "reste au-dessus du seuil d'alerte ({threshold}).",
        "en": "Each bill on the last bank day before its due date, if the forecast stays above "
        "the alert threshold ({threshold}).",
    },
    "timeline_title": {
        "fr": "Paiements à venir, semaine par semaine",
        "en": "Upcoming payments by week",
    },
    "week_of": {"fr": "Semaine du {date}", "en": "Week of {date}"},
    "sepa_title": {"fr": "Virement SEPA (pain.001)", "en": "SEPA transfer (pain.001)"},
    "sepa_hint": {
        "fr": "Cochez les factures à payer : chacune part à sa date programmée, sinon le dernier "
        "jour ouvré bancaire avant son échéance. Déposez ensuite le fichier sur le site de votre "
        "banque.",
        "en": "Tick the bills to pay: each one goes on its scheduled day, else on the last bank "
        "day before it is due. Then upload the file to your bank.",
    },
    "sepa_download": {
        "fr": "Télécharger le fichier de virements ({count})",
        "en": "Download the transfer file ({count})",
    },
    "sepa_plan_title": {"fr": "Dates d'exécution", "en": "Execution dates"},
    "already_in_file": {"fr": "Déjà dans {files}", "en": "Already in {files}"},
    "file_of": {"fr": "{name} du {date}", "en": "{name} of {date}"},
    "reissue_title": {
        "fr": "Virement déjà émis",
        "en": "Transfer already issued",
    },
    "reissue_confirm": {"fr": "Émettre quand même", "en": "Issue anyway"},
    "transfer_file_issued": {
        "fr": "Fichier {name} enregistré ({total}) : déposez-le sur le site de votre banque. "
        "Il reste téléchargeable dans « Virements émis ».",
        "en": "File {name} saved ({total}): upload it to your bank. It stays downloadable "
        "under « Issued transfers ».",
    },
    "transfer_files_intro": {
        "fr": "Chaque fichier produit est conservé tel quel : le télécharger à nouveau donne "
        "exactement le même fichier.",
        "en": "Every file produced is kept as it is: downloading it again gives exactly the "
        "same file.",
    },
    "transfer_files_none": {
        "fr": "Aucun fichier de virements émis pour l'instant.",
        "en": "No transfer file issued yet.",
    },
    "transfer_file_bills": {"fr": "Factures : {count}", "en": "Bills: {count}"},
    "download_again": {"fr": "Télécharger", "en": "Download"},
    "iban_missing": {"fr": "IBAN manquant", "en": "No IBAN"},
    "bill_saved": {"fr": "Facture fournisseur enregistrée.", "en": "Bill saved."},
    "counterparty_saved": {"fr": "Fiche enregistrée.", "en": "Saved."},
    "cash_settings_title": {"fr": "Seuil d'alerte de trésorerie", "en": "Cash alert threshold"},
    "threshold_field": {"fr": "Seuil d'alerte (€)", "en": "Alert threshold (€)"},
    "threshold_hint": {
        "fr": "Le tableau de bord, les prévisions et les dates de paiement des fournisseurs vous "
        "préviennent quand le solde prévu passe sous ce montant (négatif si vous avez un "
        "découvert autorisé).",
        "en": "The dashboard, the forecast and the supplier payment dates warn you when the "
        "forecast balance goes under this amount (negative with an authorised overdraft).",
    },
    "save_threshold": {"fr": "Enregistrer le seuil", "en": "Save the threshold"},
    "threshold_saved": {
        "fr": "Seuil d'alerte enregistré : le tableau de bord et les prévisions en tiennent "
        "compte dès maintenant.",
        "en": "Alert threshold saved: the dashboard and the forecast use it from now on.",
    },
    "recurring_title": {"fr": "Échéances récurrentes", "en": "Recurring payments"},
    "recurring_hint": {
        "fr": "Trouvées dans vos relevés (salaires, URSSAF, loyer, prêts…). Une échéance "
        "détectée compte dans les prévisions ; confirmez-la, corrigez-la ou ignorez-la.",
        "en": "Found in your statements (salaries, social charges, rent, loans…). A detected "
        "one counts in the forecast; confirm it, correct it or dismiss it.",
    },
    "recurring_detected_badge": {"fr": "détecté", "en": "detected"},
    "recurring_none": {
        "fr": "Aucune échéance récurrente pour l'instant : elles apparaissent après l'import "
        "de quelques mois de relevés.",
        "en": "No recurring payment yet: they show after a few months of statements.",
    },
    "recurring_next": {"fr": "prochaine le {date}", "en": "next on {date}"},
    "recurring_confirm": {"fr": "Confirmer", "en": "Confirm"},
    "recurring_edit": {"fr": "Modifier", "en": "Edit"},
    "recurring_dismiss": {"fr": "Ignorer", "en": "Dismiss"},
    "recurring_delete": {"fr": "Supprimer", "en": "Delete"},
    "recurring_delete_title": {"fr": "Supprimer l'échéance ?", "en": "Delete the payment?"},
    "recurring_delete_question": {
        "fr": "« {label} » ne sera plus prévu ni proposé par les prochains imports. Une échéance "
        "trouvée dans vos relevés reste listée sous « Échéances ignorées », d'où vous pourrez "
        "la rétablir.",
        "en": "« {label} » will no longer be forecast nor proposed by the next imports. One "
        "found in your statements stays listed under « Ignored payments », where you can "
        "restore it.",
    },
    "recurring_ignored": {"fr": "Échéances ignorées ({count})", "en": "Ignored payments ({count})"},
    "recurring_restore": {"fr": "Rétablir", "en": "Restore"},
    "recurring_edit_title": {"fr": "Modifier l'échéance", "en": "Edit the recurring payment"},
    "recurring_label_field": {"fr": "Libellé", "en": "Label"},
    "recurring_amount_field": {"fr": "Montant (€)", "en": "Amount (€)"},
    "recurring_frequency_field": {"fr": "Fréquence", "en": "Frequency"},
    "recurring_rule_field": {"fr": "Quel jour", "en": "Which day"},
    "recurring_day_field": {"fr": "Jour", "en": "Day"},
    "recurring_save": {"fr": "Enregistrer et confirmer", "en": "Save and confirm"},
    "frequency_hebdomadaire": {"fr": "Chaque semaine", "en": "Weekly"},
    "frequency_mensuel": {"fr": "Chaque mois", "en": "Monthly"},
    "frequency_trimestriel": {"fr": "Chaque trimestre", "en": "Quarterly"},
    "frequency_semestriel": {"fr": "Chaque semestre", "en": "Every six months"},
    "frequency_annuel": {"fr": "Chaque année", "en": "Yearly"},
    "day_rule_jour": {"fr": "Un jour du mois", "en": "A day of the month"},
    "day_rule_jour_ouvré": {"fr": "Le n-ième jour ouvré", "en": "The n-th bank day"},
    "day_rule_jour_semaine": {"fr": "Un jour de la semaine", "en": "A day of the week"},
    "every_mensuel": {"fr": "chaque mois", "en": "every month"},
    "every_trimestriel": {"fr": "chaque trimestre", "en": "every quarter"},
    "every_semestriel": {"fr": "chaque semestre", "en": "every six months"},
    "every_annuel": {"fr": "chaque année", "en": "every year"},
    "every_weekday": {"fr": "chaque {day}", "en": "every {day}"},
    "rhythm_last_working_day": {
        "fr": "{every}, le dernier jour ouvré",
        "en": "{every}, on the last working day",
    },
    "rhythm_nth_bank_day": {"fr": "{every}, le {n} jour ouvré", "en": "{every}, bank day {n}"},
    "rhythm_around_day": {"fr": "{every}, vers le {day}", "en": "{every}, around day {day}"},
    "ordinal_first": {"fr": "1er", "en": "1"},
    "ordinal_nth": {"fr": "{n}e", "en": "{n}"},
    "last_working_day": {"fr": "Dernier jour ouvré", "en": "Last working day"},
    "reminder_plan_title": {"fr": "Séquence de relances", "en": "Reminder sequence"},
    "min_age_field": {
        "fr": "Pas de relance avant … jours après la date de la facture (jamais le jour même)",
        "en": "No reminder until … days after the invoice date (never on that day)",
    },
    "offset_days": {"fr": "Jours après l'échéance (négatif : avant)", "en": "Days after due date"},
    "level_prefix": {"fr": "Niveau ", "en": "Level "},
    "step_title": {"fr": "Nom", "en": "Name"},
    "step_subject": {"fr": "Objet", "en": "Subject"},
    "step_body": {"fr": "Texte", "en": "Text"},
    "placeholders_hint": {
        "fr": "Les champs entre crochets sont remplacés à l'envoi de chaque relance :",
        "en": "The fields in square brackets are filled in when each reminder is sent:",
    },
    "insert_field": {"fr": "Insérer un champ", "en": "Insert a field"},
    "field_client": {"fr": "Client", "en": "Client"},
    "field_client_meaning": {
        "fr": "le nom du client",
        "en": "the client's name",
    },
    "field_numero": {"fr": "Numéro de facture", "en": "Invoice number"},
    "field_numero_meaning": {
        "fr": "le numéro de la facture, par exemple F2026-0012",
        "en": "the invoice number, e.g. F2026-0012",
    },
    "field_montant": {"fr": "Montant dû", "en": "Amount due"},
    "field_montant_meaning": {
        "fr": "ce qui reste à payer sur la facture",
        "en": "what is still to pay on the invoice",
    },
    "field_montant_du": {"fr": "Somme due avec pénalités", "en": "Amount due with penalties"},
    "field_montant_du_meaning": {
        "fr": "le reste à payer, plus les pénalités et l'indemnité de 40 € pour un client "
        "professionnel",
        "en": "what is still to pay, plus penalties and the €40 indemnity for a business client",
    },
    "field_echeance": {"fr": "Date d'échéance", "en": "Due date"},
    "field_echeance_meaning": {
        "fr": "la date d'échéance de la facture",
        "en": "the invoice's due date",
    },
    "field_jours_retard": {"fr": "Jours de retard", "en": "Days late"},
    "field_jours_retard_meaning": {
        "fr": "le nombre de jours depuis l'échéance",
        "en": "the number of days since the due date",
    },
    "field_penalites": {"fr": "Pénalités", "en": "Penalties"},
    "field_penalites_meaning": {
        "fr": "les pénalités de retard à ce jour",
        "en": "the late-payment penalties to date",
    },
    "field_entreprise": {"fr": "Votre entreprise", "en": "Your company"},
    "field_entreprise_meaning": {
        "fr": "le nom de votre entreprise, pour signer",
        "en": "your company's name, to sign",
    },
    "field_avertissement_penalites": {"fr": "Avertissement pénalités", "en": "Penalty warning"},
    "field_avertissement_penalites_meaning": {
        "fr": "pour un client professionnel, la phrase qui annonce les pénalités et l'indemnité de "
        "40 € ; rien pour un particulier",
        "en": "for a business client, the sentence announcing penalties and the €40 indemnity; "
        "nothing for a private one",
    },
    "field_detail_somme_due": {"fr": "Détail de la somme due", "en": "Breakdown of the amount due"},
    "field_detail_somme_due_meaning": {
        "fr": "pour un client professionnel, le détail : reste à payer, pénalités (art. L441-10) "
        "et indemnité de 40 € ; rien pour un particulier",
        "en": "for a business client, the breakdown: amount left, penalties (art. L441-10) and €40 "
        "indemnity; nothing for a private one",
    },
    "auto_send": {
        "fr": "Envoyer les relances automatiquement chaque matin (sinon : à valider d'un geste)",
        "en": "Send reminders automatically every morning (else: validate in one tap)",
    },
    "penalty_rate": {
        "fr": "Taux des pénalités de retard (% par an ; vide : taux BCE + 10 points = {default} %)",
        "en": "Late-payment rate (% a year; empty: ECB rate + 10 points = {default} %)",
    },
    "quote_conversion": {
        "fr": "Un devis accepté est facturé en moyenne … jours après (pour la prévision)",
        "en": "An accepted quote is invoiced on average … days later (for the forecast)",
    },
    "stale_balance_days": {
        "fr": "Un solde bancaire est signalé comme ancien au-delà de … jours sans relevé",
        "en": "A bank balance is flagged as old after … days without a statement",
    },
    "settings_saved": {"fr": "Paramètres enregistrés.", "en": "Settings saved."},
    "reset_default": {"fr": "Revenir aux textes par défaut", "en": "Back to default texts"},
}
