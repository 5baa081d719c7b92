"""What the invoicing pages say, in French, without a browser."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from treso_app.domain.errors import ValidationError
from treso_app.domain.money import format_amount
from treso_app.domain.penalties import penalties
from treso_app.services.invoices import DeletedPayment, InvoiceDetail, InvoiceRow, PaymentRow
from treso_app.ui.states.invoices import (
    form_totals,
    keep,
    present_detail,
    present_history,
    present_invoice,
    typed_deposit,
)


def row(**changes) -> InvoiceRow:
    values = dict(
        id=1,
        number="F2026-0007",
        kind="facture",
        client_id=1,
        client="Hôtel du Parc",
        issued_on=date(2026, 9, 1),
        due_on=date(2026, 10, 1),
        ttc_cents=1_200_00,
        remaining_cents=1_200_00,
        status="en_retard",
        disputed=False,
        days_late=57,
        penalties=penalties(1_200_00, date(2026, 10, 1), date(2026, 11, 27), 1215),
        reminder_level=0,
    )
    return InvoiceRow(**(values | changes))


def test_a_late_invoice_reads_in_french():
    shown = present_invoice(row())
    assert (shown["status_label"], shown["color"], shown["late"]) == (
        "En retard",
        "red",
        "57 j de retard",
    )
    assert shown["due"] == "échéance 01/10/2026" and shown["remaining"] == ""


def test_a_disputed_invoice_shows_litige_and_partial_shows_what_is_left():
    assert present_invoice(row(disputed=True))["status_label"] == "Litige"
    shown = present_invoice(row(remaining_cents=200_00, status="partielle"))
    assert shown["status_label"] == "Partiellement payée"
    assert shown["remaining"] == "reste 200,00\u00a0€"


def test_filters_and_search():
    late, paid = (
        present_invoice(row()),
        present_invoice(row(remaining_cents=0, status="payée", days_late=0, number="F2026-0001")),
    )
    assert keep(late, "late", "") and not keep(paid, "late", "")
    assert keep(paid, "paid", "") and not keep(paid, "open", "")
    assert keep(late, "all", "hôtel") and not keep(late, "all", "syndic")


def test_totals_while_typing_and_a_bad_price_named():
    text, error = form_totals([{"label": "Pose", "quantity": "2,5", "price": "40", "vat": "10"}])
    assert error == "" and text == "Total HT 100,00\u00a0€ · TVA 10,00\u00a0€ · TTC 110,00\u00a0€"
    _, error = form_totals([{"label": "Pose", "quantity": "1", "price": "quarante", "vat": "10"}])
    assert error.startswith("Prix unitaire : « quarante »")


def test_deposit_typed_as_a_share_or_an_amount():
    assert typed_deposit("30 %") == (Decimal(30), None)
    assert typed_deposit("1 500 €") == (None, 1_500_00)
    with pytest.raises(ValidationError, match="pourcentage"):
        typed_deposit("beaucoup")


@pytest.mark.parametrize(
    ("days_late", "late_line"),
    [(0, ""), (1, "en retard de 1 jour"), (12, "en retard de 12 jours")],
)
def test_the_sheet_shows_dates_terms_and_how_late(days_late, late_line):
    deleted = PaymentRow(0, date(2026, 10, 21), 1_000_00, "virement", "")
    detail = InvoiceDetail(
        row(days_late=days_late, penalties=None),
        [],
        1_000_00,
        200_00,
        [PaymentRow(5, date(2026, 10, 20), 200_00, "chèque", "CHQ 1234567")],
        [],
        [],
        "",
        [DeletedPayment(datetime(2026, 11, 27, 9, 30, tzinfo=UTC), deleted)],
        "30 jours",
    )
    shown = present_detail(detail, date(2026, 11, 27))
    sheet = shown["invoice"]
    assert sheet["issued_line"] == "Émise le 01/09/2026"
    assert sheet["due_line"] == "Échéance le 01/10/2026"
    assert sheet["terms_line"] == "Conditions : 30 jours"
    assert sheet["late_line"] == late_line
    assert shown["payments"] == [
        {"id": "5", "text": "20/10/2026 · chèque · CHQ 1234567", "amount": format_amount(200_00)}
    ]
    # 9:30 UTC is 10:30 in Paris in November.
    assert present_history(detail.deleted_payments) == [
        {"text": f"27/11/2026 10:30 · paiement supprimé : 21/10/2026 · virement · "
                 f"{format_amount(1_000_00)}"}
    ]  # fmt: skip
