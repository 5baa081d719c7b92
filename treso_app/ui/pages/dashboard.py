"""`/` — the owner's 5-minute morning check."""

from __future__ import annotations

import reflex as rx

from treso_app.i18n import t
from treso_app.ui.components.forms import key_figure
from treso_app.ui.components.layout import card, card_title, chart, live_refresh, shell
from treso_app.ui.states.dashboard import DashboardState as S

BIG = {
    "font_size": "clamp(1.9rem, 2.5vw, 2.5rem)",
    "font_weight": "700",
    "line_height": "1.1",
    "font_variant_numeric": "tabular-nums",
    "white_space": "nowrap",
}


def _amount_line(label: str, value, color: str | None = None, **props) -> rx.Component:
    return rx.hstack(
        rx.text(label, size="3", color_scheme="gray"),
        rx.spacer(),
        rx.text(
            value,
            size="3",
            weight="medium",
            color=color,
            style={"font_variant_numeric": "tabular-nums", "white_space": "nowrap"},
            **props,
        ),
        width="100%",
        align="baseline",
    )


def balance_card() -> rx.Component:
    return card(
        card_title(t("balance_today")),
        rx.text(S.total, id="total-balance", style=BIG),
        rx.foreach(S.accounts, _account_line),
    )


def _account_line(account) -> rx.Component:
    """An account, its balance and the day that balance is known at (amber when old)."""
    stale = account["stale"] == "1"
    return rx.hstack(
        rx.vstack(
            rx.text(account["name"], size="3"),
            rx.text(account["bank"], size="1", color_scheme="gray"),
            rx.hstack(
                rx.cond(stale, rx.badge(t("balance_stale"), color_scheme="amber", size="1")),
                rx.text(
                    account["known_on"],
                    size="1",
                    color=rx.cond(stale, "var(--amber-11)", "var(--gray-11)"),
                ),
                spacing="1",
                align="center",
            ),
            spacing="0",
            style={"min_width": "0"},
        ),
        rx.spacer(),
        rx.text(
            account["balance"],
            size="3",
            weight="medium",
            style={"font_variant_numeric": "tabular-nums", "white_space": "nowrap"},
        ),
        width="100%",
        align="center",
        class_name="dashboard-account",
    )


def safe_card() -> rx.Component:
    color = rx.cond(S.at_risk, "var(--red-11)", "var(--teal-11)")
    return card(
        card_title(S.safe_title),
        rx.text(S.safe_until, id="safe-until", style={**BIG, "color": color}),
        _amount_line(t("threshold"), S.threshold, id="threshold"),
        _amount_line(t("lowest_year"), S.lowest),
        rx.text(S.lowest_on, size="2", color_scheme="gray", text_align="right"),
        border_top=rx.cond(S.at_risk, "4px solid var(--red-9)", "4px solid var(--teal-9)"),
    )


def yesterday_card() -> rx.Component:
    return card(
        card_title(S.last_day_label),
        _amount_line(t("money_in"), S.money_in, "var(--teal-11)"),
        _amount_line(t("money_out"), S.money_out, "var(--red-11)"),
    )


def receivables_card() -> rx.Component:
    return card(
        card_title(t("receivables")),
        rx.text(S.receivable, style=BIG, id="receivable-total"),
        rx.text(S.receivable_count, size="2", color_scheme="gray"),
        _amount_line(t("overdue") + " (" + S.overdue_count + ")", S.overdue, "var(--red-11)"),
        rx.cond(S.doubtful != "", _amount_line(t("doubtful"), S.doubtful, "var(--gray-11)")),
    )


def indicators() -> rx.Component:
    """DSO, overdue share and working capital: the figures the accountant asks about."""
    return rx.grid(
        key_figure(t("indicator_dso"), S.dso, "indicator-dso", hint=t("indicator_dso_hint")),
        key_figure(
            t("indicator_overdue"),
            S.overdue_share,
            "indicator-overdue",
            hint=t("indicator_overdue_hint"),
        ),
        key_figure(
            t("indicator_bfr"),
            S.working_capital,
            "indicator-bfr",
            hint=t("indicator_bfr_hint"),
        ),
        columns=rx.breakpoints(initial="1", sm="3"),
        spacing="4",
        width="100%",
    )


def forecast_card() -> rx.Component:
    return card(
        card_title(t("forecast_title")),
        chart(S.figure, "forecast-chart"),
        rx.text(t("forecast_note"), size="1", color_scheme="gray"),
    )


LINK = {"color": "inherit", "text_decoration": "none", "width": "100%", "display": "block"}


def _event(row) -> rx.Component:
    """An échéance: a tap opens its invoice, its bill or its page."""
    return rx.link(
        rx.hstack(
            rx.vstack(
                rx.text(row["day"], size="1", color_scheme="gray"),
                rx.text(row["label"], size="3"),
                spacing="0",
                style={"flex": "1", "min_width": "0"},
            ),
            rx.text(
                row["amount"],
                size="3",
                weight="medium",
                color=rx.cond(row["direction"] == "in", "var(--teal-11)", "var(--gray-12)"),
                style={"font_variant_numeric": "tabular-nums", "white_space": "nowrap"},
            ),
            rx.icon("chevron-right", size=18, color="var(--gray-9)", flex_shrink="0"),
            width="100%",
            align="center",
            padding_y="8px",
            min_height="48px",
            border_bottom="1px solid var(--gray-a4)",
            _hover={"background": "var(--gray-a2)"},
        ),
        href=row["href"],
        class_name="agenda-row",
        style=LINK,
    )


def _reminders_line() -> rx.Component:
    """Today's reminders, one tap from the list that sends them."""
    return rx.link(
        rx.hstack(
            rx.icon("send", size=20, color="var(--amber-11)", flex_shrink="0"),
            rx.text(S.reminders, size="3", weight="medium", style={"flex": "1"}),
            rx.icon("chevron-right", size=18, color="var(--gray-9)", flex_shrink="0"),
            align="center",
            width="100%",
            padding="10px 12px",
            min_height="48px",
            border_radius="8px",
            background="var(--amber-a3)",
        ),
        href=S.reminders_href,
        id="today-reminders",
        style=LINK,
    )


def events_card(title: str, rows, test_id: str, lead=None, lead_shown=None) -> rx.Component:
    """Dated échéances under `title`; `lead` (shown when `lead_shown`) comes first, and
    « Rien de prévu » only when there is neither."""
    nothing = rx.text(t("nothing_expected"), size="3", color_scheme="gray")
    if lead is not None:
        nothing = rx.cond(lead_shown, rx.fragment(), nothing)
    return card(
        card_title(title),
        rx.cond(lead_shown, lead) if lead is not None else rx.fragment(),
        rx.cond(
            rows.length() > 0,
            rx.vstack(rx.foreach(rows, _event), spacing="0", width="100%"),
            nothing,
        ),
        id=test_id,
    )


def alerts_card() -> rx.Component:
    return card(
        card_title(t("alerts")),
        rx.foreach(
            S.alerts,
            lambda a: rx.link(
                rx.callout(
                    a["text"],
                    icon="triangle_alert",
                    size="1",
                    color_scheme=rx.cond(a["severity"] == "critical", "red", "amber"),
                ),
                href=a["href"],
                class_name="alert-link",
                style=LINK,
            ),
        ),
        id="alerts",
    )


def content() -> rx.Component:
    return rx.vstack(
        rx.grid(
            balance_card(),
            safe_card(),
            yesterday_card(),
            receivables_card(),
            columns=rx.breakpoints(initial="1", sm="2", lg="4"),
            spacing="4",
            width="100%",
        ),
        indicators(),
        forecast_card(),
        rx.grid(
            rx.vstack(
                events_card(
                    t("expected_today"),
                    S.today_events,
                    "expected-today",
                    _reminders_line(),
                    S.reminders != "",
                ),
                rx.cond(S.alerts.length() > 0, alerts_card()),
                spacing="4",
                width="100%",
            ),
            events_card(t("next_days"), S.agenda, "agenda"),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


def dashboard_page() -> rx.Component:
    return shell(
        rx.cond(
            S.error != "",
            rx.callout(S.error, color_scheme="red", icon="triangle_alert", margin_bottom="12px"),
        ),
        rx.cond(
            S.loaded,
            rx.cond(S.empty, rx.callout(t("no_company"), icon="info"), content()),
            rx.center(rx.spinner(size="3"), rx.text(t("loading")), padding="48px", spacing="3"),
        ),
        live_refresh(S.poll),
        active="/",
        subtitle=S.company_name + " — " + S.today_label,
    )
