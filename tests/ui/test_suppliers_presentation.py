"""What /fournisseurs says about transfers, in French, without a browser."""

from __future__ import annotations

from datetime import UTC, date, datetime

from treso_app.domain.calendar import PARIS
from treso_app.domain.payment_plan import BillStatus
from treso_app.i18n import t
from treso_app.services.bills import BillRow
from treso_app.services.transfers import EarlierFile, IssuedFile, PlannedTransfer
from treso_app.ui.states.suppliers import BILL_FILTERS, present_bill, present_file, present_planned

# 1 Dec 2026, 09:15 UTC = 10:15 in Paris (winter time)
ISSUED_AT = datetime(2026, 12, 1, 9, 15, tzinfo=UTC).astimezone(PARIS)


def test_an_issued_bill_reads_virement_emis():
    row = BillRow(
        1, "FA-1", 1, "CEDEO", True, date(2026, 11, 2), date(2026, 12, 31), date(2026, 12, 30),
        1_234_56, 1_234_56, BillStatus.VIREMENT_EMIS, False, date(2026, 12, 30),
    )  # fmt: skip
    shown = present_bill(row)
    assert (shown["status_label"], shown["planned"]) == ("Virement émis", "30/12/2026")
    assert shown["status"] == "virement_émis" and shown["color"] == "cyan"
    assert t(BILL_FILTERS["virement_émis"]) == "Virement émis"


def test_a_chosen_bill_shows_its_date_and_the_earlier_file():
    earlier = EarlierFile(3, "virements-2026-12-01-1015-3.xml", ISSUED_AT)
    planned = PlannedTransfer(1, "CEDEO", "FA-1", 1_234_56, date(2026, 12, 30), True, (earlier,))
    assert present_planned(planned) == {
        "id": "1",
        "on": "30/12/2026",
        "label": "CEDEO — FA-1",
        "amount": "1\u202f234,56\u00a0€",
        "earlier": "Déjà dans virements-2026-12-01-1015-3.xml du 01/12/2026 10:15",
    }


def test_an_issued_file_in_the_list():
    issued = IssuedFile(3, "virements-2026-12-01-1015-3.xml", ISSUED_AT, 2, 1_484_56, "ab")
    assert present_file(issued) == {
        "id": "3",
        "name": "virements-2026-12-01-1015-3.xml",
        "when": "01/12/2026 10:15",
        "bills": "Factures : 2",
        "total": "1\u202f484,56\u00a0€",
    }
