"""`/previsions` — what-if planning: presets, sliders, the band, the months ahead."""

from __future__ import annotations

import reflex as rx

from treso_app.ui.components.layout import card, card_title, shell
from treso_app.ui.i18n import language, t
from treso_app.ui.states.forecast import ForecastState as S

BIG = {"font_size": "clamp(1.6rem, 2.2vw, 2.2rem)", "font_weight": "700", "white_space": "nowrap"}


def _preset(name: str) -> rx.Component:
    return rx.button(
        t(f"preset_{name}"),
        on_click=S.use_preset(name),
        variant=rx.cond(S.preset == name, "solid", "soft"),
        size="3",
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
            on_change=lambda v: S.set_knob(name, v).throttle(150),
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
        rx.hstack(_preset("optimiste"), _preset("realiste"), _preset("pessimiste"), wrap="wrap"),
        _slider(S.delay_label, "delay", -15, 60, S.delay),
        _slider(S.unpaid_label, "unpaid", 0, 30, S.unpaid),
        _slider(S.revenue_label, "revenue", -30, 30, S.revenue),
        _slider(S.expenses_label, "expenses", -30, 30, S.expenses),
    )


def _saved(item) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(item["name"], weight="medium", size="3"),
            rx.text(item["summary"], size="1", color_scheme="gray"),
            spacing="0",
            style={"flex": "1", "min_width": "0"},
        ),
        rx.button("Charger", size="2", variant="soft", on_click=S.load_scenario(item["id"])),
        rx.button(
            "Comparer",
            size="2",
            variant=rx.cond(item["compared"] == "1", "solid", "outline"),
            on_click=S.toggle_compare(item["id"]),
        ),
        rx.button(
            "Dupliquer",
            size="2",
            variant="soft",
            color_scheme="gray",
            on_click=S.duplicate_scenario(item["id"]),
        ),
        rx.button(
            "Supprimer",
            size="2",
            variant="soft",
            color_scheme="red",
            on_click=S.delete_scenario(item["id"]),
        ),
        align="center",
        wrap="wrap",
        width="100%",
        padding_y="6px",
        border_bottom="1px solid var(--gray-a4)",
    )


def scenarios_card() -> rx.Component:
    return card(
        card_title("Scénarios enregistrés"),
        rx.hstack(
            rx.input(
                placeholder="Nom du scénario",
                value=S.scenario_name,
                on_change=S.set_scenario_name,
                size="3",
                style={"flex": "1", "min_height": "44px"},
                id="scenario-name",
            ),
            rx.button("Enregistrer", size="3", on_click=S.save_scenario, id="save-scenario"),
            width="100%",
        ),
        rx.cond(S.notice != "", rx.text(S.notice, size="2", id="scenario-notice")),
        rx.foreach(S.saved, _saved),
    )


def figures_card() -> rx.Component:
    color = rx.cond(S.at_risk, "var(--red-11)", "var(--teal-11)")
    return card(
        card_title(t("safe_until")),
        rx.text(S.safe_until, id="forecast-safe-until", style={**BIG, "color": color}),
        rx.text(t("lowest_point") + " : " + S.lowest + " " + S.lowest_on, size="3"),
        rx.text(S.probability, size="3", id="forecast-probability"),
    )


def comparison_card() -> rx.Component:
    return card(
        card_title("Comparaison"),
        rx.foreach(
            S.comparison,
            lambda row: rx.box(
                rx.text(row["name"], weight="bold", size="3"),
                rx.text(
                    "À l'abri jusqu'au " + row["safe_until"] + " · point bas " + row["lowest"],
                    size="2",
                ),
                rx.cond(row["months"] != "", rx.text(row["months"], size="1", color_scheme="gray")),
                padding_y="6px",
                border_bottom="1px solid var(--gray-a4)",
            ),
        ),
        id="comparison",
    )


def versus_card() -> rx.Component:
    return card(
        card_title("Prévu et réel"),
        rx.foreach(S.versus, lambda line: rx.text(line, size="2")),
        id="forecast-vs-actual",
    )


def monthly_card() -> rx.Component:
    return card(
        rx.hstack(
            card_title(t("monthly_title")),
            rx.spacer(),
            rx.button("Exporter en CSV", size="2", variant="soft", on_click=S.export_csv),
            align="center",
            width="100%",
        ),
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell(t("col_month")),
                    rx.table.column_header_cell(t("money_in")),
                    rx.table.column_header_cell(t("money_out")),
                    rx.table.column_header_cell(t("col_month_net")),
                )
            ),
            rx.table.body(
                rx.foreach(
                    S.monthly,
                    lambda m: rx.table.row(
                        rx.table.cell(m["month"]),
                        rx.table.cell(m["inflows"]),
                        rx.table.cell(m["outflows"]),
                        rx.table.cell(m["net"]),
                    ),
                )
            ),
            width="100%",
            size="2",
        ),
    )


def forecast_page() -> rx.Component:
    return shell(
        rx.cond(S.error != "", rx.callout(S.error, color_scheme="red", icon="triangle_alert")),
        rx.grid(
            rx.vstack(knobs_card(), scenarios_card(), spacing="4", width="100%"),
            rx.vstack(
                figures_card(),
                card(
                    rx.plotly(
                        data=S.figure,
                        locale=language(),
                        config={"displayModeBar": False, "responsive": True},
                        width="100%",
                        id="scenario-chart",
                    )
                ),
                spacing="4",
                width="100%",
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
            width="100%",
        ),
        rx.cond(S.comparison.length() > 0, rx.box(comparison_card(), margin_top="16px")),
        rx.cond(S.versus.length() > 0, rx.box(versus_card(), margin_top="16px")),
        rx.box(monthly_card(), margin_top="16px"),
        active="/previsions",
        subtitle=t("forecast_subtitle"),
    )
