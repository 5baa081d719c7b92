"""« À rapprocher » on /banque: each waiting bank line with its suggestions (accepted or
rejected in one tap), the document picker, and the latest automatic matches to undo."""

from __future__ import annotations

import reflex as rx

from treso_app.i18n import t
from treso_app.ui.components.forms import MAX_TYPED
from treso_app.ui.components.layout import card, card_title, live_refresh
from treso_app.ui.states.reconcile import ReconcileState as S

TOUCH = {"min_height": "44px"}
NUMBER = {"font_variant_numeric": "tabular-nums", "white_space": "nowrap"}


def _line(row) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.text(row["day"], size="1", color_scheme="gray"),
            rx.text(row["label"], size="3", weight="medium", style={"overflow_wrap": "anywhere"}),
            rx.cond(row["note"] != "", rx.text(row["note"], size="1", color_scheme="amber")),
            spacing="0",
            # Room for the label: the buttons wrap below rather than squeeze it.
            style={"flex": "1", "min_width": "min(100%, 200px)"},
        ),
        rx.text(
            row["amount"],
            size="4",
            weight="bold",
            color=rx.cond(row["direction"] == "in", "var(--teal-11)", "var(--gray-12)"),
            style=NUMBER,
        ),
        rx.button(
            t("reconcile_by_hand"),
            variant="outline",
            size="3",
            style=TOUCH,
            on_click=S.open_picker(row["id"], row["label"], row["direction"]),
            class_name="match-by-hand",
        ),
        rx.button(
            t("reconcile_ignore"),
            variant="ghost",
            color_scheme="gray",
            size="3",
            style=TOUCH,
            on_click=S.ignore(row["id"]),
            class_name="ignore-line",
        ),
        align="center",
        gap="12px",
        wrap="wrap",
        width="100%",
        padding_top="16px",
        border_top="1px solid var(--gray-a5)",
        class_name="waiting-line",
    )


def _suggestion(row) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.text(row["documents"], size="2", weight="medium"),
            rx.text(row["reasons"], size="2", color_scheme="gray"),
            rx.text(row["score"], size="1", color_scheme="gray"),
            spacing="0",
            style={"flex": "1", "min_width": "220px"},
        ),
        rx.flex(
            rx.button(
                t("reconcile_accept"),
                size="3",
                color_scheme="teal",
                style=TOUCH,
                on_click=S.accept(row["id"]),
                class_name="accept-suggestion",
            ),
            rx.button(
                t("reconcile_reject"),
                size="3",
                variant="soft",
                color_scheme="gray",
                style=TOUCH,
                on_click=S.reject(row["id"]),
                class_name="reject-suggestion",
            ),
            gap="8px",
        ),
        align="center",
        gap="8px",
        wrap="wrap",
        width="100%",
        padding="8px 0 8px 12px",
        border_left="3px solid var(--teal-a6)",
        class_name="suggestion",
    )


def _matched(row) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.text(row["day"] + " · " + row["documents"], size="1", color_scheme="gray"),
            rx.text(row["label"], size="2", style={"overflow_wrap": "anywhere"}),
            rx.text(row["reasons"], size="1", color_scheme="gray"),
            spacing="0",
            style={"flex": "1", "min_width": "200px"},
        ),
        rx.text(row["amount"], size="2", weight="medium", style=NUMBER),
        rx.button(
            t("reconcile_undo"),
            size="3",
            variant="ghost",
            color_scheme="red",
            style=TOUCH,
            on_click=S.undo(row["id"]),
            class_name="undo-match",
        ),
        align="center",
        gap="8px",
        wrap="wrap",
        width="100%",
        padding_y="6px",
        border_bottom="1px solid var(--gray-a4)",
    )


def _choice(row) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.text(row["number"] + " — " + row["party"], size="2", weight="medium"),
            rx.text(row["detail"], size="1", color_scheme="gray"),
            spacing="0",
            style={"flex": "1", "min_width": "0"},
        ),
        rx.button(
            t("reconcile_picker_choose"),
            size="3",
            style=TOUCH,
            on_click=S.choose(row["id"]),
            class_name="choose-document",
        ),
        align="center",
        gap="8px",
        width="100%",
        padding_y="6px",
        border_bottom="1px solid var(--gray-a4)",
    )


def _picker() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("reconcile_picker_title")),
            rx.dialog.description(S.picking_label, size="2", color_scheme="gray"),
            rx.input(
                max_length=MAX_TYPED,
                placeholder=t("reconcile_picker_search"),
                value=S.picker_text,
                on_change=S.set_picker_text.debounce(300),
                size="3",
                style=TOUCH,
                margin_y="12px",
                id="picker-search",
            ),
            rx.cond(
                S.choices.length() > 0,
                rx.vstack(rx.foreach(S.choices, _choice), spacing="0", width="100%"),
                rx.text(t("reconcile_picker_none"), size="2", color_scheme="gray"),
            ),
            rx.flex(
                rx.dialog.close(
                    rx.button(
                        t("reconcile_close"),
                        variant="soft",
                        color_scheme="gray",
                        size="3",
                        style=TOUCH,
                    )
                ),
                justify="end",
                margin_top="12px",
            ),
            max_width="560px",
        ),
        open=S.picking != "",
        on_open_change=S.close_picker,
    )


def review_queue_card() -> rx.Component:
    return card(
        rx.flex(
            card_title(t("reconcile_title")),
            rx.spacer(),
            rx.text(S.waiting_count, size="2", weight="medium", id="waiting-count"),
            align="center",
            width="100%",
        ),
        rx.cond(S.failure != "", rx.callout(S.failure, color_scheme="red", icon="triangle_alert")),
        rx.cond(S.message != "", rx.callout(S.message, color_scheme="teal", icon="check")),
        rx.cond(
            S.ignored != "",
            rx.button(
                t("reconcile_unignore"),
                variant="outline",
                size="3",
                style=TOUCH,
                on_click=S.unignore,
                class_name="unignore-line",
            ),
        ),
        rx.cond(
            S.rows.length() > 0,
            rx.vstack(
                rx.text(t("reconcile_intro"), size="2", color_scheme="gray"),
                rx.foreach(
                    S.rows, lambda row: rx.cond(row["kind"] == "line", _line(row), _suggestion(row))
                ),
                spacing="2",
                width="100%",
            ),
            rx.text(t("reconcile_nothing"), size="2", color_scheme="gray"),
        ),
        rx.cond(
            S.matched.length() > 0,
            rx.vstack(
                rx.text(t("reconcile_auto_title"), size="2", weight="medium", margin_top="12px"),
                rx.foreach(S.matched, _matched),
                spacing="0",
                width="100%",
            ),
        ),
        _picker(),
        live_refresh(S.poll),
        id="review-queue",
        on_mount=S.load,
    )
