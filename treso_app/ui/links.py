"""Links into a page's content: the dashboard opens an invoice's sheet, a bill, a tab or a
filter of `/factures`. The pages read the same parameters when they load."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

DOCUMENT = "facture"  # /factures?facture=12 opens invoice 12; /fournisseurs?facture=7, bill 7
TAB = "onglet"
FILTER = "filtre"
# French words in the address, the state's own values behind them.
INVOICE_TABS = {
    "factures": "invoices",
    "devis": "quotes",
    "clients": "clients",
    "relances": "reminders",
    "balance": "aging",
}
INVOICE_FILTERS = {
    "a-encaisser": "open",
    "retard": "late",
    "payees": "paid",
    "litiges": "disputed",
    "toutes": "all",
}


def invoice(invoice_id: int) -> str:
    return f"/factures?{urlencode({DOCUMENT: invoice_id})}"


def bill(bill_id: int) -> str:
    return f"/fournisseurs?{urlencode({DOCUMENT: bill_id})}"


def invoices_page(tab: str = "factures", status_filter: str | None = None) -> str:
    query = {TAB: tab} | ({FILTER: status_filter} if status_filter else {})
    return f"/factures?{urlencode(query)}"


def document_id(params: Mapping[str, str]) -> int | None:
    """The document a link asks to open, if it names one."""
    value = params.get(DOCUMENT, "")
    return int(value) if value.isdigit() else None
