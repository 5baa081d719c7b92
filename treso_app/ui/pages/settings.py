"""`/parametres` — the alert threshold, and how Tréso chases late clients: the reminder
sequence and its texts."""

from __future__ import annotations

import reflex as rx

from treso_app.i18n import t
from treso_app.ui.components.categories import categories_card
from treso_app.ui.components.forms import MAX_TYPED, TOUCH, error_text, field, text_input
from treso_app.ui.components.layout import card, card_title, shell
from treso_app.ui.components.recurring import recurring_card
from treso_app.ui.states.settings import SettingsState as S


def _step(step, index) -> rx.Component:
    return rx.vstack(
        rx.grid(
            field(
                t("step_title"), text_input(step["title"], lambda v: S.set_step(index, "title", v))
            ),
            field(
                t("offset_days"),
                text_input(
                    step["offset"], lambda v: S.set_step(index, "offset", v), input_mode="numeric"
                ),
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            width="100%",
        ),
        field(
            t("step_subject"),
            text_input(step["subject"], lambda v: S.set_step(index, "subject", v)),
        ),
        field(
            t("step_body"),
            rx.text_area(
                max_length=MAX_TYPED,
                value=step["body"],
                on_change=lambda v: S.set_step(index, "body", v),
                rows="8",
                size="3",
                width="100%",
            ),
        ),
        _insert_field(index),
        spacing="2",
        width="100%",
        padding_y="12px",
        border_bottom="1px solid var(--gray-a5)",
        class_name="reminder-step",
    )


def _threshold_card() -> rx.Component:
    return card(
        card_title(t("cash_settings_title")),
        rx.text(t("threshold_hint"), size="2", color_scheme="gray"),
        rx.flex(
            rx.box(
                field(
                    t("threshold_field"),
                    text_input(
                        S.threshold, S.set_threshold, input_mode="decimal", id="alert-threshold"
                    ),
                ),
                width="220px",
            ),
            rx.button(
                t("save_threshold"),
                size="3",
                style=TOUCH,
                on_click=S.save_threshold,
                id="save-threshold",
            ),
            gap="12px",
            align="end",
            wrap="wrap",
        ),
        error_text(S.threshold_error),
        rx.cond(
            S.threshold_notice != "",
            rx.callout(S.threshold_notice, color_scheme="teal", size="1", id="threshold-notice"),
        ),
        id="threshold-card",
    )


def _insert_field(index) -> rx.Component:
    """« Insérer un champ »: the fields by name, one tap adds one at the end of the text."""
    return rx.menu.root(
        rx.menu.trigger(
            rx.button(
                rx.icon("plus", size=16),
                t("insert_field"),
                variant="soft",
                size="2",
                style=TOUCH,
                class_name="insert-field",
            )
        ),
        rx.menu.content(
            rx.foreach(
                S.fields,
                lambda f: rx.menu.item(
                    f["name"],
                    on_select=S.insert_field(index, f["name"]),
                    style={"min_height": "44px"},
                ),
            ),
        ),
    )


def _fields_legend() -> rx.Component:
    """What each field of the texts stands for, readable without hovering (touch)."""
    return rx.vstack(
        rx.text(t("placeholders_hint"), size="2", color_scheme="gray"),
        rx.grid(
            rx.foreach(
                S.fields,
                lambda f: rx.text(
                    rx.badge(f["name"], variant="soft", radius="full", size="2"),
                    " ",
                    f["meaning"],
                    size="2",
                    color_scheme="gray",
                ),
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="2",
            width="100%",
        ),
        spacing="2",
        width="100%",
        id="fields-legend",
    )


def settings_page() -> rx.Component:
    return shell(
        rx.cond(S.error != "", rx.callout(S.error, color_scheme="red", icon="triangle_alert")),
        rx.vstack(
            _threshold_card(),
            categories_card(),
            recurring_card(),
            card(
                card_title(t("reminder_plan_title")),
                _fields_legend(),
                rx.foreach(S.steps, _step),
                rx.hstack(
                    rx.switch(
                        checked=S.auto_send, on_change=S.set_auto_send, size="3", id="auto-send"
                    ),
                    rx.text(t("auto_send"), size="3"),
                    align="center",
                ),
                field(
                    t("min_age_field"),
                    text_input(
                        S.min_age_days,
                        S.set_min_age_days,
                        input_mode="numeric",
                        width="160px",
                        id="min-age-days",
                    ),
                    S.settings_errors["min_age"],
                ),
                field(
                    S.rate_label,
                    text_input(
                        S.penalty_rate,
                        S.set_penalty_rate,
                        input_mode="decimal",
                        width="160px",
                        id="penalty-rate",
                    ),
                    S.settings_errors["penalty_rate"],
                ),
                field(
                    t("quote_conversion"),
                    text_input(
                        S.quote_days,
                        S.set_quote_days,
                        input_mode="numeric",
                        width="160px",
                        id="quote-days",
                    ),
                    S.settings_errors["quote_days"],
                ),
                field(
                    t("stale_balance_days"),
                    text_input(
                        S.stale_days,
                        S.set_stale_days,
                        input_mode="numeric",
                        width="160px",
                        id="stale-days",
                    ),
                    S.settings_errors["stale_days"],
                ),
                error_text(S.settings_errors["form"]),
                rx.cond(
                    S.notice != "", rx.callout(S.notice, color_scheme="teal", size="1", id="notice")
                ),
                rx.hstack(
                    rx.button(
                        t("reset_default"),
                        variant="soft",
                        color_scheme="gray",
                        size="3",
                        style=TOUCH,
                        on_click=S.reset_texts,
                    ),
                    rx.button(
                        t("save"), size="3", style=TOUCH, on_click=S.save, id="save-settings"
                    ),
                    justify="end",
                    width="100%",
                    wrap="wrap",
                ),
            ),
            spacing="4",
            width="100%",
        ),
        active="/parametres",
        subtitle=t("settings_subtitle"),
    )
