"""`/banque` — bring statements in, check them, find an operation."""

from __future__ import annotations

import reflex as rx

from treso_app.i18n import t
from treso_app.settings import load_settings
from treso_app.ui.components.categories import (
    category_chip,
    line_notice,
    past_rule_dialog,
    undo_toast,
)
from treso_app.ui.components.forms import MAX_TYPED
from treso_app.ui.components.layout import card, card_title, live_refresh, shell
from treso_app.ui.components.own_company import own_company_dialog
from treso_app.ui.components.review_queue import review_queue_card
from treso_app.ui.states.bank import AUTO, NONE, present_inbox_hint
from treso_app.ui.states.bank import BankState as S

UPLOAD_ID = "statements"
NUMBER = {"font_variant_numeric": "tabular-nums", "white_space": "nowrap"}
TOUCH = {"min_height": "44px"}


def _account_select() -> rx.Component:
    return rx.vstack(
        rx.text(t("import_account"), size="2", weight="medium"),
        rx.select.root(
            rx.select.trigger(width="100%", style=TOUCH, id="import-account"),
            rx.select.content(
                rx.select.item(t("account_auto"), value=AUTO),
                rx.foreach(
                    S.account_options,
                    lambda o: rx.select.item(o["label"], value=o["value"]),
                ),
            ),
            value=S.target,
            on_change=S.set_target,
            size="3",
        ),
        spacing="1",
        width="100%",
    )


def _dropzone() -> rx.Component:
    return rx.upload.root(
        rx.vstack(
            rx.icon("upload", size=32, color="var(--teal-11)"),
            rx.text(t("drop_here"), size="4", weight="medium", text_align="center"),
            rx.text(t("drop_hint"), size="2", color_scheme="gray", text_align="center"),
            align="center",
            spacing="2",
            padding="28px 16px",
        ),
        id=UPLOAD_ID,
        multiple=True,
        disabled=S.importing,
        on_drop=S.handle_upload(rx.upload_files(upload_id=UPLOAD_ID)),
        border="2px dashed var(--teal-7)",
        border_radius="12px",
        background="var(--teal-a2)",
        width="100%",
        cursor="pointer",
    )


def _tone(state, template: str = "{}"):
    """Teal for imported, amber for columns to confirm, red for refused."""
    return rx.match(
        state,
        ("ok", template.format("teal")),
        ("confirm", template.format("amber")),
        template.format("red"),
    )


def _result(result) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.badge(
                result["status"],
                color_scheme=_tone(result["state"]),
                size="2",
            ),
            rx.text(result["file"], weight="medium", size="3", style={"word_break": "break-all"}),
            rx.spacer(),
            rx.text(result["format"], size="2", color_scheme="gray"),
            align="center",
            wrap="wrap",
            width="100%",
        ),
        rx.text(result["message"], size="3", margin_top="6px"),
        rx.cond(
            result["details"] != "",
            rx.text(result["details"], size="2", color_scheme="gray", white_space="pre-line"),
        ),
        rx.cond(
            result["balance"] != "",
            rx.text(
                result["balance"],
                size="2",
                white_space="pre-line",
                color=rx.cond(result["balance_ok"] == "1", "var(--teal-11)", "var(--amber-11)"),
                weight="medium",
            ),
        ),
        class_name="import-result",
        padding="12px",
        border_radius="10px",
        border=_tone(result["state"], "1px solid var(--{}-6)"),
        background=_tone(result["state"], "var(--{}-a2)"),
        width="100%",
    )


def _column_select(label: str, role: str, value) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", weight="medium"),
        rx.select.root(
            rx.select.trigger(width="100%", style=TOUCH),
            rx.select.content(
                rx.select.item(t("col_none"), value=NONE),
                rx.foreach(
                    S.mapping_headers, lambda h: rx.select.item(h["label"], value=h["value"])
                ),
            ),
            value=value,
            on_change=lambda v: S.set_mapping(role, v),
            size="3",
        ),
        spacing="1",
        width="100%",
    )


def mapping_card() -> rx.Component:
    return card(
        card_title(t("mapping_title")),
        rx.text(S.mapping_intro, size="3"),
        _account_select(),
        rx.grid(
            _column_select(t("col_date"), "date", S.map_date),
            _column_select(t("col_label"), "label", S.map_label),
            _column_select(t("col_amount"), "amount", S.map_amount),
            _column_select(t("col_debit"), "debit", S.map_debit),
            _column_select(t("col_credit"), "credit", S.map_credit),
            columns=rx.breakpoints(initial="1", sm="2", lg="5"),
            spacing="3",
            width="100%",
        ),
        rx.cond(S.mapping_error != "", rx.callout(S.mapping_error, color_scheme="red", size="1")),
        rx.hstack(
            rx.button(
                t("mapping_cancel"),
                variant="soft",
                color_scheme="gray",
                size="3",
                on_click=S.cancel_mapping,
            ),
            rx.button(
                t("mapping_confirm"),
                size="3",
                on_click=S.confirm_mapping,
                loading=S.importing,
                id="confirm-mapping",
            ),
            justify="end",
            width="100%",
        ),
        id="csv-mapping",
        border_top="4px solid var(--amber-9)",
    )


def import_card() -> rx.Component:
    return card(
        card_title(t("import_title")),
        _account_select(),
        _dropzone(),
        rx.cond(
            S.importing,
            rx.hstack(
                rx.spinner(size="3"),
                rx.text(S.progress, size="3"),
                align="center",
                id="import-progress",
            ),
        ),
        rx.foreach(S.results, _result),
        rx.text(S.last_sync, size="2", color_scheme="gray", id="last-sync"),
        rx.text(
            present_inbox_hint(load_settings().inbox_minutes),
            size="1",
            color_scheme="gray",
            id="inbox-hint",
        ),
    )


def _transaction(row) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(row["day"] + " · " + row["account"], size="1", color_scheme="gray"),
            rx.text(row["label"], size="2", style={"overflow_wrap": "anywhere"}),
            category_chip(row),
            spacing="0",
            style={"flex": "1", "min_width": "0"},
        ),
        rx.text(
            row["amount"],
            size="3",
            weight="medium",
            color=rx.cond(row["direction"] == "in", "var(--teal-11)", "var(--gray-12)"),
            style=NUMBER,
        ),
        width="100%",
        align="center",
        padding_y="8px",
        border_bottom="1px solid var(--gray-a4)",
        class_name="transaction-row",
    )


def transactions_card() -> rx.Component:
    return card(
        card_title(t("transactions_title")),
        rx.flex(
            rx.input(
                max_length=MAX_TYPED,
                placeholder=t("search_placeholder"),
                value=S.search,
                on_change=S.set_search.debounce(300),
                size="3",
                style={"flex": "2", "min_width": "200px", **TOUCH},
                id="transaction-search",
            ),
            rx.select.root(
                rx.select.trigger(style={"flex": "1", "min_width": "180px", **TOUCH}),
                rx.select.content(
                    rx.select.item(t("all_accounts"), value="all"),
                    rx.foreach(
                        S.account_options, lambda o: rx.select.item(o["label"], value=o["value"])
                    ),
                ),
                value=S.account_filter,
                on_change=S.set_account_filter,
                size="3",
            ),
            gap="8px",
            wrap="wrap",
            width="100%",
        ),
        rx.text(S.transactions_count, size="2", color_scheme="gray", id="transactions-count"),
        line_notice(),
        rx.scroll_area(
            rx.vstack(
                rx.foreach(S.transactions, _transaction),
                spacing="0",
                width="100%",
                padding_right="14px",  # room for the scrollbar next to the amounts
            ),
            type="auto",
            scrollbars="vertical",
            style={"max_height": "min(70vh, 760px)"},
            id="transactions",
        ),
    )


def _run(run) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.badge(
                rx.cond(run["ok"] == "1", t("result_imported"), t("result_refused")),
                color_scheme=rx.cond(run["ok"] == "1", "teal", "red"),
            ),
            rx.text(run["file"], size="2", weight="medium", style={"word_break": "break-all"}),
            align="center",
            wrap="wrap",
        ),
        rx.text(
            run["when"] + " · " + run["source"] + " · " + run["format"],
            size="1",
            color_scheme="gray",
        ),
        rx.text(run["result"], size="2"),
        padding_y="8px",
        border_bottom="1px solid var(--gray-a4)",
        width="100%",
    )


def runs_card() -> rx.Component:
    return card(
        card_title(t("runs_title")),
        rx.cond(
            S.runs.length() > 0,
            rx.vstack(rx.foreach(S.runs, _run), spacing="0", width="100%"),
            rx.text(t("no_runs"), size="3", color_scheme="gray"),
        ),
        id="import-runs",
    )


def _account(account) -> rx.Component:
    """An account, its balance and the day that balance is known at (amber when old)."""
    stale = account["stale"] == "1"
    return rx.hstack(
        rx.vstack(
            rx.text(account["name"], size="3", weight="medium"),
            rx.text(
                account["bank"], size="1", color_scheme="gray", style={"word_break": "break-all"}
            ),
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
            style={"flex": "1", "min_width": "0"},
        ),
        rx.text(account["balance"], size="3", weight="medium", style=NUMBER),
        width="100%",
        align="center",
        padding_y="8px",
        border_bottom="1px solid var(--gray-a4)",
        class_name="bank-account",
    )


def accounts_card() -> rx.Component:
    return card(
        card_title(t("accounts_title")),
        rx.cond(
            S.accounts.length() > 0,
            rx.vstack(rx.foreach(S.accounts, _account), spacing="0", width="100%"),
            rx.text(t("no_accounts"), size="3", color_scheme="gray"),
        ),
        id="bank-accounts",
    )


def old_statement_dialog() -> rx.Component:
    """A statement older than 90 days would create an account: imported only if confirmed."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("old_title")),
            rx.alert_dialog.description(t("old_intro"), size="3"),
            rx.vstack(
                rx.foreach(
                    S.old_files,
                    lambda f: rx.callout(f["name"] + " : " + f["message"], color_scheme="amber"),
                ),
                spacing="2",
                margin_top="12px",
            ),
            rx.flex(
                rx.button(
                    t("mapping_cancel"),
                    variant="soft",
                    color_scheme="gray",
                    size="3",
                    style=TOUCH,
                    on_click=S.cancel_old(False),
                ),
                rx.button(
                    t("old_confirm"),
                    color_scheme="amber",
                    size="3",
                    style=TOUCH,
                    on_click=S.confirm_old,
                    id="confirm-old",
                ),
                justify="end",
                gap="8px",
                wrap="wrap",
                margin_top="16px",
            ),
            max_width="560px",
        ),
        open=(S.old_files.length() > 0) & (S.own_company_for == ""),
        on_open_change=S.cancel_old,
    )


def bank_page() -> rx.Component:
    return shell(
        rx.cond(S.error != "", rx.callout(S.error, color_scheme="red", icon="triangle_alert")),
        rx.grid(
            rx.vstack(
                import_card(),
                rx.cond(S.mapping_token != "", mapping_card()),
                review_queue_card(),
                accounts_card(),
                runs_card(),
                spacing="4",
                width="100%",
            ),
            transactions_card(),
            columns=rx.breakpoints(initial="1", lg="2"),
            spacing="4",
            width="100%",
        ),
        own_company_dialog(
            "import",
            t("own_company_intro_import"),
            t("own_company_create_import"),
            S.create_company_and_import,
            S.cancel_company_files,
        ),
        old_statement_dialog(),
        past_rule_dialog(),
        undo_toast(),
        live_refresh(S.poll),
        active="/banque",
        subtitle=t("bank_subtitle"),
    )
