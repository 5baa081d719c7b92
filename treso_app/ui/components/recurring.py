"""« Échéances récurrentes » on /parametres: each flow on one row — what, its rhythm, next
date and amount — and its actions in one tap (44 px), wrapping under it on a phone."""

from __future__ import annotations

import reflex as rx

from treso_app.i18n import t
from treso_app.ui.components.forms import NUMBER, TOUCH, field, form_dialog, select, text_input
from treso_app.ui.components.layout import card, card_title
from treso_app.ui.states.recurring import RecurringState as R


def _button(text: str, on_click, element_class: str, **props) -> rx.Component:
    return rx.button(
        text, size="3", style=TOUCH, on_click=on_click, class_name=element_class, **props
    )


def _row(item, detected: bool) -> rx.Component:
    actions = (
        [
            _button(t("recurring_confirm"), R.confirm(item["id"]), "recurring-confirm"),
            _button(t("recurring_edit"), R.start_edit(item), "recurring-edit", variant="soft"),
            _button(
                t("recurring_dismiss"),
                R.dismiss(item["id"]),
                "recurring-dismiss",
                variant="soft",
                color_scheme="gray",
            ),
        ]
        if detected
        else [
            _button(t("recurring_edit"), R.start_edit(item), "recurring-edit", variant="soft"),
            _button(
                t("recurring_delete"),
                R.ask_delete(item),
                "recurring-delete",
                variant="soft",
                color_scheme="red",
            ),
        ]
    )
    return rx.flex(
        rx.vstack(
            rx.hstack(
                rx.text(item["label"], size="3", weight="medium", class_name="recurring-label"),
                rx.badge(t("recurring_detected_badge"), color_scheme="amber", size="2")
                if detected
                else rx.fragment(),
                align="center",
                wrap="wrap",
            ),
            rx.text(item["rhythm"], size="2", class_name="recurring-rhythm"),
            rx.text(
                rx.text.span(item["amount"], weight="medium", style=NUMBER),
                item["details"],
                size="2",
                color_scheme="gray",
            ),
            spacing="1",
            flex="1",
            min_width="220px",
        ),
        rx.flex(*actions, gap="8px", wrap="wrap", align="center"),
        gap="12px",
        wrap="wrap",
        align="center",
        justify="between",
        width="100%",
        padding_y="10px",
        border_bottom="1px solid var(--gray-a5)",
        class_name="recurring-detected" if detected else "recurring-confirmed",
    )


def _delete_dialog() -> rx.Component:
    """Deleting says what it does: no longer forecast nor proposed, restorable."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("recurring_delete_title")),
            rx.alert_dialog.description(R.delete_question, size="3"),
            rx.flex(
                rx.alert_dialog.cancel(  # closes: on_open_change clears `deleting`
                    rx.button(
                        t("mapping_cancel"),
                        size="3",
                        style=TOUCH,
                        variant="soft",
                        color_scheme="gray",
                        class_name="recurring-keep",
                    ),
                ),
                _button(
                    t("recurring_delete"),
                    R.delete,
                    "recurring-delete-confirm",
                    color_scheme="red",
                ),
                justify="end",
                gap="8px",
                wrap="wrap",
                margin_top="16px",
            ),
            max_width="480px",
        ),
        open=R.deleting != "",
        on_open_change=R.close_delete,
    )


def _ignored_row(item) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.text(item["label"], size="2", weight="medium"),
            rx.text(item["rhythm"], " · ", item["amount"], size="1", color_scheme="gray"),
            spacing="0",
            flex="1",
            min_width="200px",
        ),
        _button(t("recurring_restore"), R.restore(item["id"]), "recurring-restore", variant="soft"),
        gap="12px",
        wrap="wrap",
        align="center",
        justify="between",
        width="100%",
        padding_y="6px",
        border_bottom="1px solid var(--gray-a4)",
        class_name="recurring-ignored",
    )


def _ignored() -> rx.Component:
    """The dismissed or deleted flows, folded: « Rétablir » puts one back for review."""
    return rx.cond(
        R.ignored.length() > 0,
        rx.vstack(
            rx.button(
                rx.icon(rx.cond(R.show_ignored, "chevron-down", "chevron-right"), size=16),
                R.ignored_title,
                variant="ghost",
                color_scheme="gray",
                size="3",
                style=TOUCH,
                on_click=R.toggle_ignored,
                id="recurring-ignored-toggle",
            ),
            rx.cond(R.show_ignored, rx.foreach(R.ignored, _ignored_row)),
            spacing="1",
            width="100%",
            margin_top="8px",
        ),
    )


def _edit_dialog() -> rx.Component:
    return form_dialog(
        t("recurring_edit_title"),
        field(
            t("recurring_label_field"),
            text_input(R.edit_label, R.set_edit_label),
            R.edit_errors["label"],
        ),
        rx.grid(
            field(
                t("recurring_amount_field"),
                text_input(R.edit_amount, R.set_edit_amount, input_mode="decimal"),
                R.edit_errors["amount"],
            ),
            field(
                t("recurring_frequency_field"),
                select(R.frequencies, R.edit_frequency, R.set_edit_frequency),
                R.edit_errors["frequency"],
            ),
            field(
                t("recurring_rule_field"),
                select(R.rules, R.edit_rule, R.set_edit_rule),
                R.edit_errors["day_rule"],
            ),
            field(
                t("recurring_day_field"),
                select(R.days, R.edit_day, R.set_edit_day),
                R.edit_errors["day"],
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            width="100%",
        ),
        is_open=R.editing != "",
        on_open_change=R.close_edit,
        on_save=R.save_edit,
        save_label=t("recurring_save"),
        save_id="recurring-save",
        dialog_id="recurring-dialog",
        error=R.edit_errors["form"],
        max_width="560px",
    )


def recurring_card() -> rx.Component:
    return card(
        card_title(t("recurring_title")),
        rx.text(t("recurring_hint"), size="2", color_scheme="gray"),
        rx.cond(
            R.recurring_error != "",
            rx.callout(R.recurring_error, color_scheme="red", size="1"),
        ),
        rx.foreach(R.detected, lambda item: _row(item, True)),
        rx.foreach(R.confirmed, lambda item: _row(item, False)),
        rx.cond(
            (R.detected.length() == 0) & (R.confirmed.length() == 0),
            rx.text(t("recurring_none"), size="2", color_scheme="gray"),
        ),
        _ignored(),
        _edit_dialog(),
        _delete_dialog(),
        id="recurring-card",
    )
