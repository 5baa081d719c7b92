"""`/previsions` — what-if planning: presets, sliders, one-off events, financing, the band,
what lands on any day, saved scenarios side by side, and the cash-flow plan by month."""

from __future__ import annotations

import reflex as rx

from treso_app.i18n import t
from treso_app.ui.components.forms import (
    MAX_TYPED,
    confirm_delete_dialog,
    error_text,
    text_input,
)
from treso_app.ui.components.layout import card, card_title, chart, live_refresh, shell
from treso_app.ui.states.forecast import HORIZONS
from treso_app.ui.states.forecast import ForecastState as S
from treso_app.ui.states.forecast import PlannerState as P
from treso_app.ui.states.forecast import PlanState as D

BIG = {"font_size": "clamp(1.6rem, 2.2vw, 2.2rem)", "font_weight": "700", "white_space": "nowrap"}
TOUCH = {"min_height": "44px"}
NUMBERS = {"font_variant_numeric": "tabular-nums", "white_space": "nowrap"}


def _button(text, on_click, size: str = "3", **props) -> rx.Component:
    return rx.button(text, on_click=on_click, size=size, style=TOUCH, **props)


def _preset(name: str) -> rx.Component:
    return _button(
        t(f"preset_{name}"),
        S.use_preset(name),
        variant=rx.cond(S.preset == name, "solid", "soft"),
        id=f"preset-{name}",
    )


def _slider(label, name: str, low: int, high: int, value) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="3", weight="medium", id=f"label-{name}"),
        rx.slider(
            # Uncontrolled, so the thumb follows the finger at once; a preset re-mounts it.
            default_value=[value],
            key=name + S.knobs_version.to_string(),
            min=low,
            max=high,
            step=1,
            on_value_commit=lambda v: S.set_knob(name, v),
            on_change=lambda v: S.set_knob(name, v).throttle(100),
            size="3",
            id=f"knob-{name}",
        ),
        spacing="2",
        width="100%",
        padding_y="6px",
    )


def knobs_card() -> rx.Component:
    return card(
        card_title(t("nav_forecast")),
        rx.text(t("horizon"), size="3", weight="medium"),
        rx.segmented_control.root(
            *[rx.segmented_control.item(t("horizon_months", count=m), value=m) for m in HORIZONS],
            value=S.horizon,
            on_change=S.set_horizon,
            size=rx.breakpoints(initial="1", xs="2", sm="3"),
            width="100%",  # four equal parts of the card, a phone's width included
            style=TOUCH,
            id="horizon",
        ),
        rx.hstack(_preset("optimiste"), _preset("realiste"), _preset("pessimiste"), wrap="wrap"),
        _slider(S.delay_label, "delay", -15, 60, S.delay),
        _slider(S.unpaid_label, "unpaid", 0, 30, S.unpaid),
        _slider(S.revenue_label, "revenue", -30, 30, S.revenue),
        _slider(S.expenses_label, "expenses", -30, 30, S.expenses),
    )


def events_card() -> rx.Component:
    return card(
        card_title(t("events_title")),
        text_input(
            P.event_label, P.set_event_label, placeholder=t("event_label"), id="event-label"
        ),
        error_text(P.event_errors["event_label"]),
        rx.hstack(
            rx.vstack(
                text_input(P.event_on, P.set_event_on, type="date", id="event-on"),
                error_text(P.event_errors["event_on"]),
                spacing="1",
                style={"flex": "1", "min_width": "150px"},
            ),
            rx.vstack(
                text_input(
                    P.event_amount,
                    P.set_event_amount,
                    placeholder=t("event_amount"),
                    input_mode="decimal",
                    id="event-amount",
                ),
                error_text(P.event_errors["event_amount"]),
                spacing="1",
                style={"flex": "1", "min_width": "120px"},
            ),
            wrap="wrap",
            width="100%",
        ),
        error_text(P.event_errors["form"]),
        rx.hstack(
            rx.segmented_control.root(
                rx.segmented_control.item(t("event_out"), value="out"),
                rx.segmented_control.item(t("event_in"), value="in"),
                value=P.event_direction,
                on_change=P.set_event_direction,
                size="3",
            ),
            rx.spacer(),
            _button(t("add"), P.add_event, id="add-event"),
            width="100%",
            align="center",
        ),
        rx.foreach(
            P.events,
            lambda event, index: rx.hstack(
                rx.text(event["shown"], size="2", style={"flex": "1"}),
                _button(
                    t("remove"),
                    P.remove_event(index),
                    variant="soft",
                    color_scheme="gray",
                ),
                align="center",
                width="100%",
                border_bottom="1px solid var(--gray-a4)",
            ),
        ),
    )


def _receivable(item) -> rx.Component:
    return rx.el.label(
        rx.hstack(
            rx.checkbox(
                checked=P.financed.contains(item["number"]),
                on_change=lambda _: P.toggle_financed(item["number"]),
                size="3",
            ),
            rx.vstack(
                rx.text(item["label"], size="2", weight="medium"),
                rx.text(item["expected"], size="1", color_scheme="gray"),
                spacing="0",
            ),
            align="center",
            style={**TOUCH, "cursor": "pointer"},
        ),
        border_bottom="1px solid var(--gray-a4)",
        display="block",
    )


def financing_card() -> rx.Component:
    return card(
        card_title(t("financing_title")),
        rx.text(t("financing_help"), size="2", color_scheme="gray"),
        rx.hstack(
            rx.text(t("financing_fee"), size="3"),
            rx.input(
                max_length=MAX_TYPED,
                value=P.fee,
                on_change=P.set_fee,
                on_blur=P.apply_fee,
                input_mode="decimal",
                size="3",
                style={**TOUCH, "width": "90px"},
                id="financing-fee",
            ),
            align="center",
        ),
        rx.scroll_area(
            rx.foreach(P.receivables, _receivable),
            type="auto",
            scrollbars="vertical",
            style={"max_height": "260px"},
        ),
        id="financing",
    )


def _saved(item) -> rx.Component:
    return rx.vstack(
        rx.text(item["name"], weight="medium", size="3"),
        rx.text(item["summary"], size="1", color_scheme="gray"),
        rx.hstack(
            _button(t("load"), P.load_scenario(item["id"]), variant="soft"),
            _button(
                t("compare"),
                P.toggle_compare(item["id"]),
                variant=rx.cond(item["compared"] == "1", "solid", "outline"),
            ),
            _button(
                t("duplicate"),
                P.duplicate_scenario(item["id"]),
                variant="soft",
                color_scheme="gray",
            ),
            _button(
                t("delete"),
                P.ask_delete_scenario(item["id"], item["name"]),
                variant="soft",
                color_scheme="red",
            ),
            wrap="wrap",
        ),
        spacing="1",
        width="100%",
        padding_y="8px",
        border_bottom="1px solid var(--gray-a4)",
        class_name="saved-scenario",
    )


def scenarios_card() -> rx.Component:
    return card(
        card_title(t("saved_title")),
        rx.hstack(
            rx.input(
                max_length=MAX_TYPED,
                placeholder=t("scenario_name"),
                value=P.scenario_name,
                on_change=P.set_scenario_name,
                size="3",
                style={**TOUCH, "flex": "1"},
                id="scenario-name",
            ),
            _button(t("save"), P.save_scenario, id="save-scenario"),
            width="100%",
        ),
        error_text(P.name_error),
        rx.foreach(P.saved, _saved),
    )


def figures_card() -> rx.Component:
    color = rx.match(
        S.tone, ("danger", "var(--red-11)"), ("warning", "var(--amber-11)"), "var(--teal-11)"
    )
    return card(
        card_title(S.safe_title),
        rx.text(S.safe_until, id="forecast-safe-until", style={**BIG, "color": color}),
        rx.text(
            t("lowest_point") + " : " + S.lowest + " " + S.lowest_on, size="3", id="forecast-lowest"
        ),
        rx.text(S.probability, size="3", id="forecast-probability"),
    )


def chart_card() -> rx.Component:
    return card(
        chart(S.figure, "scenario-chart", on_click=D.show_day),
    )


def _day_line(event) -> rx.Component:
    """A counted line; the day's change in bold above a rule; the invoices most likely paid
    that day in grey, under their heading: information, not more money."""
    info = (event["role"] == "info") | (event["role"] == "head")
    total = event["role"] == "total"
    return rx.hstack(
        rx.text(
            event["label"],
            size="2",
            weight=rx.cond(total, "bold", "regular"),
            color=rx.cond(info, "var(--gray-10)", "var(--gray-12)"),
            style={"flex": "1", "min_width": "0"},
        ),
        rx.text(
            event["amount"],
            size="2",
            weight=rx.cond(total, "bold", "medium"),
            color=rx.cond(
                info,
                "var(--gray-10)",
                rx.cond(event["in"] == "1", "var(--teal-11)", "var(--gray-12)"),
            ),
            style=NUMBERS,
        ),
        width="100%",
        padding_right="12px",
        padding_top=rx.cond(event["role"] == "head", "6px", "0"),
        padding_bottom=rx.cond(total, "4px", "0"),
        border_bottom=rx.cond(total, "1px solid var(--gray-6)", "none"),
    )


def day_card(element_id: str, display) -> rx.Component:
    """What lands on the tapped day. Beside the chart on a wide screen; under the knobs on a
    narrow one, so that the chart and the sliders fit together on a portrait tablet."""
    return card(
        card_title(D.day_title),
        rx.cond(
            D.day_events.length() > 0,
            rx.scroll_area(
                rx.vstack(rx.foreach(D.day_events, _day_line), spacing="1"),
                type="auto",
                scrollbars="vertical",
                style={"max_height": "260px"},
            ),
            rx.text(t("day_nothing"), size="2", color_scheme="gray"),
        ),
        rx.text(t("day_hint"), size="1", color_scheme="gray"),
        id=element_id,
        display=display,
    )


def comparison_card() -> rx.Component:
    return card(
        card_title(t("comparison_title")),
        rx.foreach(
            D.comparison,
            lambda row: rx.box(
                rx.text(row["name"], weight="bold", size="3"),
                rx.text(row["summary"], size="2"),
                rx.cond(row["months"] != "", rx.text(row["months"], size="1", color_scheme="gray")),
                padding_y="6px",
                border_bottom="1px solid var(--gray-a4)",
            ),
        ),
        id="comparison",
    )


def versus_card() -> rx.Component:
    return card(
        card_title(t("versus_title")),
        rx.foreach(P.versus, lambda line: rx.text(line, size="2")),
        chart(P.versus_figure, "versus-chart"),
        id="forecast-vs-actual",
    )


STICKY = {"position": "sticky", "left": "0", "background": "var(--color-panel-solid)"}


def plan_card() -> rx.Component:
    return card(
        rx.hstack(
            card_title(t("plan_title")),
            rx.spacer(),
            _button(
                t("export_csv"), D.export_plan("csv"), variant="soft", size="2", id="export-csv"
            ),
            _button(
                t("export_xlsx"), D.export_plan("xlsx"), variant="soft", size="2", id="export-xlsx"
            ),
            align="center",
            width="100%",
        ),
        rx.box(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(t("plan_category"), style=STICKY),
                        rx.foreach(
                            D.plan_months,
                            lambda m: rx.table.column_header_cell(m, text_align="right"),
                        ),
                    )
                ),
                rx.table.body(
                    rx.foreach(
                        D.plan_rows,
                        lambda row: rx.table.row(
                            rx.table.row_header_cell(row[1], style=STICKY),
                            rx.foreach(
                                row[2:],
                                lambda cell: rx.table.cell(cell, text_align="right", style=NUMBERS),
                            ),
                            font_weight=rx.cond(row[0] == "total", "700", "400"),
                            background=rx.cond(row[0] == "total", "var(--gray-a2)", "transparent"),
                        ),
                    )
                ),
                size="1",
                width="100%",
            ),
            overflow_x="auto",
            width="100%",
            id="cash-plan",
        ),
    )


def forecast_page() -> rx.Component:
    return shell(
        rx.cond(S.error != "", rx.callout(S.error, color_scheme="red", icon="triangle_alert")),
        rx.cond(
            P.notice != "",
            rx.callout(P.notice, icon="info", margin_bottom="12px", id="scenario-notice"),
        ),
        rx.grid(
            rx.vstack(
                knobs_card(),
                day_card("day-events-narrow", rx.breakpoints(initial="block", md="none")),
                events_card(),
                financing_card(),
                scenarios_card(),
                spacing="4",
                width="100%",
            ),
            # The result of a move stays in sight: first on a narrow screen, and held at
            # the top of the window beside the knobs on a wide one.
            rx.vstack(
                figures_card(),
                chart_card(),
                day_card("day-events", rx.breakpoints(initial="none", md="block")),
                spacing="4",
                width="100%",
                style={
                    "order": rx.breakpoints(initial="-1", md="0"),
                    "position": rx.breakpoints(initial="static", md="sticky"),
                    "top": "12px",
                    "align_self": "start",
                },
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
            width="100%",
        ),
        rx.cond(D.comparison.length() > 0, rx.box(comparison_card(), margin_top="16px")),
        rx.cond(P.versus.length() > 0, rx.box(versus_card(), margin_top="16px")),
        rx.box(plan_card(), margin_top="16px"),
        confirm_delete_dialog(
            t("delete_scenario_title"),
            P.deleting_question,
            P.deleting_scenario != "",
            P.cancel_delete_scenario,
            P.delete_scenario,
            t("delete"),
            "delete-scenario",
        ),
        live_refresh(S.poll),
        active="/previsions",
        subtitle=t("forecast_subtitle"),
    )
