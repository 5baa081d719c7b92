"""Dashboard view-model: display-ready strings and small lists, nothing else."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import plotly.graph_objects as go
import reflex as rx

from treso_app.domain.projection import CashEvent
from treso_app.i18n import t, tn
from treso_app.services.bank import current_company, data_version
from treso_app.services.dashboard import Dashboard, MorningTasks, load_dashboard, morning_tasks
from treso_app.ui import charts, links
from treso_app.ui.format import day_label, long_date, money, percent, short_date
from treso_app.ui.safe_until import safe_until_words

from .base import BaseState

log = logging.getLogger(__name__)


def present_tasks(board: Dashboard, tasks: MorningTasks) -> dict:
    """Today's reminders, and where each échéance and point of attention leads."""
    return {
        "reminders": tn(
            "reminders_to_send", tasks.reminders_count, amount=money(tasks.reminders_cents)
        )
        if tasks.reminders_count
        else "",
        "reminders_href": links.invoices_page("relances"),
        "today_events": [_event_row(e, tasks) for e in board.today_events],
        "agenda": [_event_row(e, tasks) for e in board.agenda],
    }


def present(board: Dashboard) -> dict:
    """Everything the page shows, formatted with Babel. Pure: tested without a browser."""
    projection = board.projection
    yesterday = board.last_day == board.today - timedelta(days=1)
    safe_title, safe_until = safe_until_words(
        projection.safe_until, projection.under_since, board.today, t("safe_year")
    )
    return {
        "company_name": board.company_name,
        "today_label": long_date(board.today),
        "total": money(board.total_cents),
        "accounts": [
            {
                "name": a.name,
                "bank": a.bank_name or "",
                "balance": money(a.balance_cents),
                "negative": "1" if a.balance_cents < 0 else "",
                "known_on": t("balance_known_on", date=short_date(a.balance_on))
                if a.balance_on
                else t("balance_never_known"),
                "stale": "1" if a.stale else "",
            }
            for a in board.accounts
        ],
        "safe_title": safe_title,
        "safe_until": safe_until,
        "at_risk": _soon(board),
        "threshold": money(board.threshold_cents),
        "lowest": money(projection.lowest.balance_cents),
        "lowest_on": t("on_date", date=short_date(projection.lowest.on)),
        "last_day_label": t("yesterday") if yesterday else long_date(board.last_day).capitalize(),
        "money_in": money(board.last_day_in_cents, signed=True),
        "money_out": money(board.last_day_out_cents),
        "receivable": money(board.receivable_cents),
        "receivable_count": tn("invoices_count", board.receivable_count),
        "overdue": money(board.overdue_cents),
        "overdue_count": tn("invoices_count", board.overdue_count),
        "doubtful": money(board.doubtful_cents) if board.doubtful_cents else "",
        "alerts": _alerts(board),
        **_indicators(board),
    }


def _indicators(board: Dashboard) -> dict[str, str]:
    found, none = board.indicators, t("indicator_none")
    dso, share = found.dso_days, found.overdue_share
    return {
        "dso": tn("indicator_dso_value", dso) if dso is not None else none,
        "overdue_share": percent(share) if share is not None else none,
        "working_capital": money(found.working_capital_cents),
    }


def _soon(board: Dashboard) -> bool:
    """The threshold is crossed within the chart's 90 days: shown in red, a critical alert."""
    safe_until = board.projection.safe_until
    return safe_until is not None and safe_until <= board.projection.days[-1].on


def _alerts(board: Dashboard) -> list[dict[str, str]]:
    """What the owner should act on this morning, most serious first; each opens the page
    where it is acted on."""
    alerts = []
    if board.projection.safe_until:
        alerts.append(
            {
                "severity": "critical" if _soon(board) else "warning",
                "text": _threshold_alert(board),
                "href": "/previsions",
            }
        )
    for account in (a for a in board.accounts if a.stale):  # today's cash is not all today's
        text = (
            t("alert_stale", account=account.name, date=short_date(account.balance_on))
            if account.balance_on
            else t("alert_stale_never", account=account.name)
        )
        alerts.append({"severity": "warning", "text": text, "href": "/banque"})
    if board.overdue_count:
        alerts.append(
            {
                "severity": "warning",
                "text": tn("alert_overdue", board.overdue_count, amount=money(board.overdue_cents)),
                "href": links.invoices_page("factures", "retard"),
            }
        )
    if board.doubtful_cents:
        alerts.append(
            {
                "severity": "warning",
                "text": t("alert_doubtful", amount=money(board.doubtful_cents)),
                "href": links.invoices_page("balance"),
            }
        )
    return alerts


def _threshold_alert(board: Dashboard) -> str:
    """When the forecast goes under the threshold; when the balance is already under it,
    since when — never a future tense for today."""
    threshold, since = money(board.threshold_cents), board.projection.under_since
    if since is not None and since < board.today:
        return t("alert_under_since", threshold=threshold, date=short_date(since))
    if since is not None:
        return t("alert_under_today", threshold=threshold)
    return t("alert_threshold", threshold=threshold, date=short_date(board.projection.safe_until))


# Where an échéance without a document of its own leads: its page.
_EVENT_PAGES = {"facture": "/factures", "fournisseur": "/fournisseurs", "récurrent": "/previsions"}


def _event_row(event: CashEvent, tasks: MorningTasks) -> dict[str, str]:
    found = tasks.documents.get(event.label)
    if found is None:
        href = _EVENT_PAGES.get(event.kind, "/previsions")
        if event.kind == "facture" and "(devis accepté)" in event.label:
            href = links.invoices_page("devis")
    else:
        href = links.invoice(found.id) if found.kind == "facture" else links.bill(found.id)
    return {
        "day": day_label(event.on),
        # An invoice's day is its most likely one, not a promise.
        "label": t("expected_invoice", label=event.label)
        if event.kind == "facture"
        else event.label,
        "amount": money(event.amount_cents, signed=True),
        "direction": "in" if event.amount_cents > 0 else "out",
        "href": href,
    }


def _load(company_id: int) -> tuple[dict, go.Figure] | None:
    """Runs in a worker thread: database and formatting work stay off the event loop."""
    company_id = current_company(company_id)
    version = data_version(company_id or None)  # read first: a change during the load shows
    board = load_dashboard(company_id or None)
    if board is None:
        return None
    points = [(d.on, d.balance_cents) for d in board.projection.days]
    tasks = morning_tasks(company_id, board.today)
    view = present(board) | present_tasks(board, tasks) | {"version": version}
    return view, charts.forecast_figure(points, board.threshold_cents)


class DashboardState(BaseState):
    loaded: bool = False
    empty: bool = False
    today_label: str = ""
    total: str = ""
    accounts: list[dict[str, str]] = []
    safe_title: str = t("safe_until")  # « Sous le seuil depuis le » when under it today
    safe_until: str = ""
    at_risk: bool = False
    threshold: str = ""
    lowest: str = ""
    lowest_on: str = ""
    alerts: list[dict[str, str]] = []
    last_day_label: str = ""
    money_in: str = ""
    money_out: str = ""
    receivable: str = ""
    receivable_count: str = ""
    overdue: str = ""
    overdue_count: str = ""
    doubtful: str = ""
    dso: str = ""
    overdue_share: str = ""
    working_capital: str = ""
    today_events: list[dict[str, str]] = []
    agenda: list[dict[str, str]] = []
    reminders: str = ""  # « 7 relances à envoyer (12 345,00 €) », empty when none
    reminders_href: str = ""
    figure: go.Figure = go.Figure()
    version: str = ""  # of the bank data shown; `poll` reloads when it changes

    @rx.event
    async def load(self):
        await self._reload()

    async def _reload(self):
        try:
            result = await asyncio.to_thread(_load, self.company_id)
        except Exception:  # the user gets a French message, the log the traceback
            log.exception("dashboard load failed")
            self.error = t("load_error")
            return
        self.loaded = True
        self.error = ""
        if result is None:
            self.empty = True
            return
        view, self.figure = result
        self.empty = False
        for name, value in view.items():
            setattr(self, name, value)

    @rx.event
    async def poll(self, _now: str = ""):
        """Every few seconds: reload when new bank lines arrived (inbox, CLI, upload)."""
        try:
            version = await asyncio.to_thread(data_version, self.company_id or None)
        except Exception:
            log.exception("dashboard poll failed")
            return
        if version != self.version:
            await self._reload()
