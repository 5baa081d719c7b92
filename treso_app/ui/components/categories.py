"""A bank line's category chip and its menu (`/banque`), the question « appliquer aux
opérations passées ? », and the « Catégories et règles » card (`/parametres`)."""

from __future__ import annotations

import reflex as rx

from treso_app.domain.categorise import Direction, Match
from treso_app.i18n import t
from treso_app.ui.components.forms import TOUCH, error_text, field, fixed_select, select, text_input
from treso_app.ui.components.layout import card, card_title
from treso_app.ui.states.categories import BOTH
from treso_app.ui.states.categories import CategoriesState as C

ITEM = {"min_height": "44px"}  # a finger, on a tablet
# 19 categories and more: the menu scrolls within the room the screen leaves it.
SCROLL = {
    "max_height": "min(var(--radix-dropdown-menu-content-available-height), 480px)",
    "overflow_y": "auto",
}


def category_chip(row) -> rx.Component:
    """Tap the chip → the categories; the same menu's « Toujours classer … ici » makes a
    rule. A suggestion has its own ✓: one tap confirms it."""
    state = row["chip_state"]
    chip = rx.button(
        row["chip"],
        rx.icon("chevron-down", size=14),
        size="1",
        radius="full",
        color_scheme=rx.match(state, ("chosen", "teal"), ("suggested", "amber"), "gray"),
        variant=rx.match(state, ("chosen", "soft"), ("suggested", "outline"), "surface"),
        style={"min_height": "32px", "padding": "0 10px", "max_width": "100%"},
        class_name="category-chip",
    )
    menu = rx.menu.root(
        rx.menu.trigger(chip),
        rx.menu.content(
            # The rule first: on a tablet it must not sit below a long list.
            rx.cond(
                row["always"] != "",
                rx.fragment(
                    rx.menu.sub(
                        rx.menu.sub_trigger(row["always"], style=ITEM, class_name="always-rule"),
                        rx.menu.sub_content(
                            rx.foreach(
                                C.options,
                                lambda o: rx.menu.item(
                                    o["label"],
                                    on_select=C.always(row["id"], o["value"]),
                                    style=ITEM,
                                ),
                            ),
                            style=SCROLL,
                            class_name="always-menu",
                        ),
                    ),
                    rx.menu.separator(),
                ),
            ),
            rx.foreach(C.options, lambda o: _choice(row, o)),
            style=SCROLL,
            align="start",
            class_name="category-menu",
        ),
    )
    confirm = rx.cond(
        state == "suggested",
        rx.icon_button(
            rx.icon("check", size=16),
            size="1",
            radius="full",
            color_scheme="amber",
            variant="soft",
            title=t("category_confirm"),
            aria_label=t("category_confirm"),
            on_click=C.choose(row["id"], row["suggestion_id"]),
            style={"min_height": "32px", "min_width": "32px"},
            class_name="confirm-suggestion",
        ),
    )
    return rx.hstack(menu, confirm, spacing="1", align="center", margin_top="4px")


def _choice(row, option) -> rx.Component:
    """A category of the menu; the line's current one ticked and in bold."""
    current = option["label"] == row["current"]
    return rx.menu.item(
        rx.flex(
            rx.cond(
                current,
                rx.icon("check", size=16, aria_label=t("category_current")),
                rx.box(width="16px"),
            ),
            rx.text(option["label"], weight=rx.cond(current, "bold", "regular")),
            gap="8px",
            align="center",
        ),
        on_select=C.choose(row["id"], option["value"]),
        style=ITEM,
        class_name=rx.cond(current, "current-category", ""),
    )


def undo_toast() -> rx.Component:
    """« Classée en Divers. Annuler », at the bottom of the screen after a line's category
    changed; « Annuler » gives it back its category and where it came from."""
    return rx.cond(
        C.undo_text != "",
        rx.flex(
            rx.text(C.undo_text, size="2", style={"flex": "1", "min_width": "0"}),
            rx.button(
                t("category_undo"),
                size="3",
                variant="soft",
                style=TOUCH,
                on_click=C.undo,
                id="undo-category",
            ),
            _icon_button("x", t("close"), "gray", C.close_undo),
            align="center",
            gap="8px",
            padding="8px 8px 8px 16px",
            background="var(--color-panel-solid)",
            border="1px solid var(--gray-a6)",
            border_radius="12px",
            box_shadow="var(--shadow-4)",
            position="fixed",
            bottom="16px",
            left="50%",
            transform="translateX(-50%)",
            width="min(480px, calc(100vw - 32px))",
            z_index="50",
            id="category-toast",
        ),
    )


def past_rule_dialog() -> rx.Component:
    """After a rule is made from a line: apply it to the lines already there?"""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("apply_past_title")),
            rx.alert_dialog.description(C.past_question, size="3"),
            rx.flex(
                rx.button(
                    t("apply_past_no"),
                    variant="soft",
                    color_scheme="gray",
                    size="3",
                    style=TOUCH,
                    on_click=C.answer_past(False),
                ),
                rx.button(
                    t("apply_past_yes"),
                    size="3",
                    style=TOUCH,
                    on_click=C.answer_past(True),
                    id="apply-past",
                ),
                justify="end",
                gap="8px",
                wrap="wrap",
                margin_top="16px",
            ),
            max_width="480px",
        ),
        open=C.past_rule != "",
        on_open_change=C.close_past,
    )


def line_notice() -> rx.Component:
    return rx.cond(
        C.line_notice != "",
        rx.callout(C.line_notice, color_scheme="teal", size="1", id="category-notice"),
    )


def _icon_button(icon: str, label: str, color: str, on_click) -> rx.Component:
    return rx.icon_button(
        rx.icon(icon, size=18),
        variant="ghost",
        color_scheme=color,
        size="2",
        aria_label=label,
        title=label,
        on_click=on_click,
        style={"min_width": "44px", "min_height": "44px"},
    )


def _actions(*buttons) -> rx.Component:
    return rx.flex(*buttons, gap="8px", align="center", width="100%", wrap="wrap")


def _category_row(row) -> rx.Component:
    """A category; renamed in place; deleted after a second tap that says where its lines
    go."""
    shown = rx.flex(
        rx.vstack(
            rx.text(row["name"], size="3", weight="medium"),
            rx.text(row["count"], size="1", color_scheme="gray"),
            spacing="0",
            style={"flex": "1", "min_width": "0"},
        ),
        rx.cond(
            row["deletable"] == "1",
            rx.hstack(
                _icon_button(
                    "pencil", t("category_rename"), "gray", C.start_rename(row["id"], row["name"])
                ),
                _icon_button("trash-2", t("category_delete"), "red", C.ask_delete(row["id"])),
                spacing="1",
            ),
        ),
        align="center",
        gap="8px",
        width="100%",
    )
    renaming = _actions(
        rx.box(text_input(C.editing_name, C.set_editing_name), style={"flex": "1"}),
        rx.button(t("save"), size="3", style=TOUCH, on_click=C.save_rename),
        rx.button(
            t("mapping_cancel"),
            size="3",
            variant="soft",
            color_scheme="gray",
            style=TOUCH,
            on_click=C.cancel_rename,
        ),
    )
    deleting = rx.vstack(
        rx.text(row["question"], size="2"),
        _actions(
            rx.button(
                t("mapping_cancel"),
                size="3",
                variant="soft",
                color_scheme="gray",
                style=TOUCH,
                on_click=C.cancel_delete,
            ),
            rx.button(
                t("category_delete"),
                size="3",
                color_scheme="red",
                style=TOUCH,
                on_click=C.delete_category(row["id"]),
                class_name="confirm-delete",
            ),
        ),
        spacing="2",
        width="100%",
    )
    return rx.box(
        rx.cond(
            C.editing == row["id"],
            renaming,
            rx.cond(C.deleting == row["id"], deleting, shown),
        ),
        padding_y="4px",
        border_bottom="1px solid var(--gray-a4)",
        width="100%",
        class_name="category-row",
    )


def _rule_row(rule) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.text(rule["text"], " → ", rx.text.strong(rule["category"]), size="2"),
            rx.cond(rule["details"] != "", rx.text(rule["details"], size="1", color_scheme="gray")),
            spacing="0",
            style={"flex": "1", "min_width": "0", "overflow_wrap": "anywhere"},
        ),
        _icon_button("trash-2", t("rule_delete"), "red", C.delete_rule(rule["id"])),
        align="center",
        gap="8px",
        padding_y="6px",
        border_bottom="1px solid var(--gray-a4)",
        width="100%",
        class_name="rule-row",
    )


def _error(name: str):
    return rx.cond(C.rule_error_field == name, C.rule_error, "")


def _rule_input(name: str, value, **props) -> rx.Component:
    return text_input(value, lambda v: C.set_rule_field(name, v), id=f"rule-{name}", **props)


def _rule_form() -> rx.Component:
    """« Nouvelle règle »: kind, pattern, direction, |amount| range, category, priority."""
    kinds = [
        (Match.CONTAINS.value, t("rule_kind_contains")),
        (Match.REGEX.value, t("rule_kind_regex")),
        (Match.COUNTERPARTY.value, t("rule_kind_counterparty")),
    ]
    ways = [
        (BOTH, t("rule_both")),
        (Direction.IN.value, t("rule_ins")),
        (Direction.OUT.value, t("rule_outs")),
    ]
    cell = {"flex": "1 1 200px", "min_width": "0"}
    return rx.vstack(
        rx.text(t("rule_new"), size="3", weight="medium", margin_top="12px"),
        rx.flex(
            rx.box(
                field(
                    t("rule_kind"),
                    fixed_select(
                        kinds, C.rule_match, lambda v: C.set_rule_field("match", v), id="rule-match"
                    ),
                    _error("match"),
                ),
                style=cell,
            ),
            rx.box(
                field(t("rule_pattern"), _rule_input("pattern", C.rule_pattern), _error("pattern")),
                style={"flex": "2 1 260px", "min_width": "0"},
            ),
            rx.box(
                field(
                    t("rule_direction"),
                    fixed_select(
                        ways,
                        C.rule_direction,
                        lambda v: C.set_rule_field("direction", v),
                        id="rule-direction",
                    ),
                ),
                style=cell,
            ),
            rx.box(
                field(
                    t("rule_min_label"),
                    _rule_input("min", C.rule_min, input_mode="decimal", placeholder="0,00"),
                    _error("min_cents"),
                ),
                style=cell,
            ),
            rx.box(
                field(
                    t("rule_max_label"),
                    _rule_input("max", C.rule_max, input_mode="decimal", placeholder="0,00"),
                    _error("max_cents"),
                ),
                style=cell,
            ),
            rx.box(
                field(
                    t("rule_category"),
                    select(
                        C.options,
                        C.rule_category,
                        lambda v: C.set_rule_field("category", v),
                        id="rule-category",
                        placeholder=t("rule_category_placeholder"),
                    ),
                    _error("category"),
                ),
                style=cell,
            ),
            rx.box(
                field(
                    t("rule_priority"),
                    _rule_input("priority", C.rule_priority, input_mode="numeric"),
                    _error("priority"),
                ),
                style=cell,
            ),
            gap="12px",
            wrap="wrap",
            width="100%",
        ),
        rx.flex(
            rx.checkbox(
                t("rule_past"),
                checked=C.rule_past,
                on_change=lambda v: C.set_rule_field("past", v),
                size="3",
                id="rule-past",
                style=TOUCH | {"align_items": "center"},
            ),
            rx.button(
                rx.icon("plus", size=16),
                t("rule_add"),
                size="3",
                style=TOUCH,
                on_click=C.add_rule,
                id="add-rule",
            ),
            gap="12px",
            align="center",
            justify="between",
            wrap="wrap",
            width="100%",
        ),
        error_text(_error("")),
        rx.cond(
            C.rule_notice != "",
            rx.callout(C.rule_notice, color_scheme="teal", size="1", id="rule-notice"),
        ),
        spacing="2",
        width="100%",
        id="rule-form",
    )


def categories_card() -> rx.Component:
    """« Catégories et règles » on /parametres."""
    return card(
        card_title(t("categories_title")),
        rx.text(t("categories_hint"), size="2", color_scheme="gray"),
        rx.grid(
            rx.foreach(C.category_rows, _category_row),
            columns=rx.breakpoints(initial="1", md="2"),
            column_gap="24px",
            width="100%",
        ),
        rx.flex(
            text_input(
                C.new_name,
                C.set_new_name,
                placeholder=t("category_new_placeholder"),
                id="new-category",
                width="100%",
            ),
            rx.button(
                rx.icon("plus", size=16),
                t("category_add"),
                size="3",
                style=TOUCH,
                on_click=C.add_category,
                id="add-category",
            ),
            gap="8px",
            align="center",
            width="100%",
        ),
        error_text(C.category_error),
        rx.text(t("rules_title"), size="3", weight="medium", margin_top="12px"),
        rx.cond(
            C.rule_rows.length() > 0,
            rx.vstack(rx.foreach(C.rule_rows, _rule_row), spacing="0", width="100%"),
            rx.text(t("no_rules"), size="2", color_scheme="gray"),
        ),
        _rule_form(),
        id="categories-card",
    )
