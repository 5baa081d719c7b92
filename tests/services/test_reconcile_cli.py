"""`treso reconcile`: what it applied, as JSON or as text."""

from __future__ import annotations

import json
from datetime import date

from tests.readers.samples import FR_IBAN
from treso_app.cli import main
from treso_app.db import tables as t
from treso_app.db.session import transaction
from treso_app.services.accounts import resolve_account
from treso_app.services.companies import resolve_company
from treso_app.services.spreadsheets import import_sheet

SHEET = "numéro;client;date_facture;date_échéance;montant_ttc\nF2026-0042;Hôtel du Parc;01/10/2026;31/10/2026;1 200,00\n"  # noqa: E501


def test_reconcile_applies_a_line_written_without_an_import(db_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", db_url)
    company = resolve_company(url=db_url)
    account = resolve_account(company, FR_IBAN, db_url)
    import_sheet(company, "invoices", "factures.csv", SHEET.encode(), db_url)
    with transaction(db_url) as session:  # a line no import step has seen yet
        session.add(
            t.BankTransaction(
                company_id=company,
                account_id=account,
                booked_on=date(2026, 11, 3),
                amount_cents=1200_00,
                label="VIR HOTEL DU PARC FACT F2026-0042",
                dedup_key="k1",
            )
        )

    assert main(["reconcile", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["applied_count"] == 1 and report["suggested_count"] == 0
    [applied] = report["applied"]
    assert (applied["documents"], applied["booked_on"], applied["amount_cents"]) == (
        ["F2026-0042"],
        "2026-11-03",
        1200_00,
    )

    assert main(["reconcile"]) == 0
    assert capsys.readouterr().out.strip() == "0 rapprochement automatique, 0 ligne à vérifier."
