"""`/factures` — get paid: invoices, quotes, clients, reminders, aged receivables."""

from __future__ import annotations

import reflex as rx

from treso_app.domain.aging import BUCKETS
from treso_app.i18n import t
from treso_app.ui.components.forms import (
    MAX_TYPED,
    NUMBER,
    SEGMENTS_WRAP,
    TOUCH,
    counterparty_fields,
    delete_payment_dialog,
    error_text,
    field,
    form_dialog,
    key_figure,
    line_editor,
    payment_fields,
    payment_row,
    select,
    sheet_upload,
    status_badge,
    tabbed,
    text_input,
)
from treso_app.ui.components.layout import card, card_title, shell
from treso_app.ui.components.own_company import own_company_dialog
from treso_app.ui.states.invoice_forms import InvoiceFormsState as F
from treso_app.ui.states.invoices import InvoicesState as S

ROW = {
    "width": "100%",
    "padding": "10px 4px",
    "border_bottom": "1px solid var(--gray-a4)",
    "min_height": "56px",
}


def _figures() -> rx.Component:
    return rx.grid(
        key_figure(t("kpi_receivable"), S.kpi_receivable, "kpi-receivable"),
        key_figure(t("kpi_overdue"), S.kpi_overdue, "kpi-overdue", "var(--red-11)"),
        key_figure(t("kpi_pipeline"), S.kpi_pipeline, "kpi-pipeline"),
        key_figure(t("kpi_reminders"), S.due_reminders.length().to_string(), "kpi-reminders"),
        columns=rx.breakpoints(initial="2", md="4"),
        spacing="3",
        width="100%",
    )


def _actions() -> rx.Component:
    return rx.flex(
        rx.button(
            rx.icon("file-plus"),
            t("new_invoice"),
            size="3",
            style=TOUCH,
            on_click=F.new_document("facture"),
            id="new-invoice",
        ),
        rx.button(
            rx.icon("file-pen-line"),
            t("new_quote"),
            size="3",
            variant="soft",
            style=TOUCH,
            on_click=F.new_document("devis"),
            id="new-quote",
        ),
        rx.button(
            rx.icon("user-plus"),
            t("new_client"),
            size="3",
            variant="soft",
            style=TOUCH,
            on_click=F.edit_client(""),
            id="new-client",
        ),
        gap="8px",
        wrap="wrap",
    )


def _invoice_row(row) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.hstack(
                rx.text(row["number"], weight="bold", size="3"),
                rx.cond(row["kind"] != "", rx.badge(row["kind"], variant="outline")),
                align="center",
            ),
            rx.text(row["client"], size="2", style={"overflow_wrap": "anywhere"}),
            spacing="0",
            style={"flex": "2 1 0", "min_width": "0"},  # zero basis: columns line up
        ),
        rx.vstack(
            rx.text(row["due"], size="2", color_scheme="gray"),
            rx.text(row["late"], size="2", color="var(--red-11)"),
            spacing="0",
            align="start",
            style={"flex": "1 1 0"},
            display=["none", "flex"],
        ),
        rx.vstack(
            rx.text(row["amount"], size="3", weight="medium", style=NUMBER),
            rx.text(row["remaining"], size="1", color_scheme="gray", style=NUMBER),
            status_badge(row["status_label"], row["color"]),
            spacing="1",
            align="end",
            style={"flex": "0 0 auto", "min_width": "150px"},
        ),
        on_click=S.open_invoice(row["id"]),
        cursor="pointer",
        align="center",
        class_name="invoice-row",
        style=ROW,
        _hover={"background": "var(--gray-a2)"},
    )


def _invoices_tab() -> rx.Component:
    chips = [
        ("open", "filter_open"),
        ("late", "filter_late"),
        ("paid", "filter_paid"),
        ("disputed", "filter_disputed"),
        ("all", "filter_all"),
    ]
    return rx.vstack(
        rx.flex(
            rx.box(
                rx.segmented_control.root(
                    *[rx.segmented_control.item(t(label), value=v) for v, label in chips],
                    value=S.status_filter,
                    on_change=S.set_status_filter,
                    size="3",
                    id="invoice-filter",
                    style=SEGMENTS_WRAP,
                ),
                overflow_x="auto",
                max_width="100%",
            ),
            rx.input(
                max_length=MAX_TYPED,
                placeholder=t("search_invoices"),
                value=S.search,
                size="3",
                on_change=S.set_search.debounce(250),
                style={"flex": "1", "min_width": "180px", **TOUCH},
            ),
            gap="8px",
            wrap="wrap",
            width="100%",
        ),
        rx.text(S.invoices_count, size="2", color_scheme="gray"),
        rx.vstack(rx.foreach(S.invoices, _invoice_row), spacing="0", width="100%", id="invoices"),
        sheet_upload("invoice-sheet", S.import_invoices, S.busy, S.import_message, S.import_ok),
        spacing="3",
        width="100%",
    )


def _quote_row(row) -> rx.Component:
    def action(label: str, status: str) -> rx.Component:
        return rx.button(
            label, size="2", variant="soft", style=TOUCH, on_click=S.quote_status(row["id"], status)
        )

    return rx.flex(
        rx.vstack(
            rx.hstack(
                rx.text(row["number"], weight="bold"),
                status_badge(row["status_label"], row["color"]),
            ),
            rx.text(row["client"], size="2"),
            rx.text(row["issued"] + " · " + row["valid"], size="1", color_scheme="gray"),
            spacing="1",
            style={"flex": "1", "min_width": "200px"},
        ),
        rx.vstack(
            rx.text(row["amount"], size="3", weight="medium", style=NUMBER),
            rx.text(row["pipeline"], size="1", color="var(--teal-11)"),
            align="end",
            spacing="1",
        ),
        rx.flex(
            rx.cond(row["status"] == "brouillon", action(t("quote_send"), "envoyé")),
            rx.cond(
                (row["status"] == "brouillon")
                | (row["status"] == "envoyé")
                | (row["status"] == "expiré"),
                rx.fragment(
                    action(t("quote_accept"), "accepté"), action(t("quote_refuse"), "refusé")
                ),
            ),
            rx.cond(
                row["status"] == "accepté",
                rx.fragment(
                    rx.button(
                        t("quote_invoice"),
                        size="2",
                        style=TOUCH,
                        on_click=S.invoice_quote(row["id"], False),
                        class_name="quote-invoice",
                    ),
                    rx.button(
                        t("quote_deposit"),
                        size="2",
                        variant="soft",
                        style=TOUCH,
                        on_click=S.invoice_quote(row["id"], True),
                        class_name="quote-deposit",
                    ),
                ),
            ),
            gap="6px",
            wrap="wrap",
            justify="end",
            width=["100%", "auto"],
        ),
        gap="10px",
        wrap="wrap",
        align="center",
        class_name="quote-row",
        style=ROW,
    )


def _quotes_tab() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(t("deposit_percent"), size="2"),
            rx.input(
                max_length=MAX_TYPED,
                value=S.deposit_percent,
                on_change=S.set_deposit_percent,
                size="3",
                width="120px",
                input_mode="decimal",
                style=TOUCH,
                id="deposit-percent",
            ),
            align="center",
        ),
        error_text(S.quote_error),
        rx.cond(
            S.quotes.length() > 0,
            rx.vstack(rx.foreach(S.quotes, _quote_row), spacing="0", width="100%", id="quotes"),
            rx.text(t("none_yet"), color_scheme="gray"),
        ),
        spacing="3",
        width="100%",
    )


def _client_row(row) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.text(row["name"], weight="bold", size="3"),
            rx.text(
                row["details"], size="1", color_scheme="gray", style={"overflow_wrap": "anywhere"}
            ),
            rx.text(row["delay"], size="2"),
            spacing="1",
            style={"flex": "1", "min_width": "220px"},
        ),
        rx.vstack(
            rx.text(row["outstanding"], size="3", weight="medium", style=NUMBER),
            rx.text(row["overdue"], size="2", color="var(--red-11)"),
            align="end",
            spacing="1",
        ),
        rx.flex(
            rx.text(t("do_not_remind"), as_="label", size="2"),
            rx.switch(
                checked=row["do_not_remind"] == "1",
                size="3",
                on_change=lambda v: S.toggle_do_not_remind(row["id"], v),
            ),
            rx.button(
                t("edit"), size="2", variant="soft", style=TOUCH, on_click=F.edit_client(row["id"])
            ),
            gap="8px",
            align="center",
        ),
        gap="10px",
        wrap="wrap",
        align="center",
        class_name="client-row",
        style=ROW,
    )


def _reminders_tab() -> rx.Component:
    return rx.vstack(
        rx.cond(~S.smtp_ready, rx.callout(t("smtp_missing"), color_scheme="amber", size="1")),
        rx.cond(
            S.due_reminders.length() > 0,
            rx.vstack(
                rx.button(
                    rx.icon("send"),
                    S.send_label,
                    size="3",
                    style=TOUCH,
                    on_click=S.send_due_reminders,
                    loading=S.busy,
                    id="send-reminders",
                ),
                rx.foreach(
                    S.due_reminders,
                    lambda r: rx.flex(
                        rx.vstack(
                            rx.text(r["title"], weight="bold", size="2"),
                            rx.text(r["client"] + " · " + r["to"], size="2", color_scheme="gray"),
                            spacing="0",
                            style={"flex": "1", "min_width": "200px"},
                        ),
                        rx.button(
                            t("show_text"),
                            size="2",
                            variant="soft",
                            style=TOUCH,
                            on_click=S.show_text(r["subject"], r["body"]),
                        ),
                        gap="8px",
                        wrap="wrap",
                        align="center",
                        style=ROW,
                        class_name="due-reminder",
                    ),
                ),
                spacing="2",
                width="100%",
            ),
            rx.text(t("no_reminder_due"), color_scheme="gray"),
        ),
        rx.cond(
            S.todo_reminders.length() > 0,
            rx.vstack(
                card_title(t("todo_title")),
                rx.foreach(
                    S.todo_reminders,
                    lambda r: rx.flex(
                        rx.text(r["text"], size="2", style={"flex": "1", "min_width": "200px"}),
                        rx.button(
                            t("show_text"),
                            size="2",
                            variant="soft",
                            style=TOUCH,
                            on_click=S.show_text(r["text"], r["body"]),
                        ),
                        rx.button(
                            t("mark_done"), size="2", style=TOUCH, on_click=S.reminder_done(r["id"])
                        ),
                        gap="8px",
                        wrap="wrap",
                        align="center",
                        style=ROW,
                        class_name="todo-reminder",
                    ),
                ),
                width="100%",
            ),
        ),
        spacing="3",
        width="100%",
    )


def _aging_tab() -> rx.Component:
    heads = ["aging_client", *[f"aging_{b}" for b in BUCKETS], "aging_total"]
    keys = ["client", *BUCKETS, "total"]

    def line(row, strong: bool = False) -> rx.Component:
        return rx.table.row(
            *[
                rx.table.cell(
                    rx.text(
                        row[k],
                        weight="bold" if strong else None,
                        style=NUMBER if k != "client" else {},
                    ),
                    text_align="left" if k == "client" else "right",
                )
                for k in keys
            ]
        )

    return rx.vstack(
        rx.text(t("aging_note"), size="2", color_scheme="gray"),
        rx.scroll_area(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *[
                            rx.table.column_header_cell(
                                t(h), text_align="left" if h == "aging_client" else "right"
                            )
                            for h in heads
                        ]
                    )
                ),
                rx.table.body(rx.foreach(S.aged, lambda row: line(row)), line(S.aged_total, True)),
                size="2",
                width="100%",
                id="aged-receivables",
            ),
            type="auto",
            scrollbars="horizontal",
        ),
        width="100%",
    )


def _detail_dialog() -> rx.Component:
    d = S.detail
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(d["number"] + " — " + d["client"]),
            rx.vstack(
                rx.flex(
                    status_badge(d["status_label"], d["color"]),
                    rx.text(d["issued_line"], size="2", id="sheet-issued"),
                    rx.text(d["due_line"], size="2", id="sheet-due"),
                    rx.text(d["terms_line"], size="2", color_scheme="gray", id="sheet-terms"),
                    rx.cond(
                        d["late_line"] != "",
                        rx.text(
                            d["late_line"],
                            size="2",
                            weight="medium",
                            color="var(--red-11)",
                            id="sheet-late",
                        ),
                    ),
                    gap="4px 14px",
                    align="center",
                    wrap="wrap",
                ),
                rx.text(d["description"], size="2", color_scheme="gray"),
                rx.foreach(
                    S.detail_lines,
                    lambda line: rx.hstack(
                        rx.vstack(
                            rx.text(line["label"], size="2"),
                            rx.text(line["detail"], size="1", color_scheme="gray"),
                            spacing="0",
                            style={"flex": "1"},
                        ),
                        rx.text(line["amount"], size="2", style=NUMBER),
                        width="100%",
                    ),
                ),
                # May wrap: on a phone the three totals are wider than the sheet.
                rx.text(
                    d["totals"],
                    size="2",
                    weight="medium",
                    style={"font_variant_numeric": "tabular-nums"},
                ),
                rx.cond(
                    d["penalties"] != "",
                    rx.callout(d["penalties"], color_scheme="red", size="1", id="penalties"),
                ),
                card_title(t("payments_title")),
                rx.cond(
                    S.detail_payments.length() > 0,
                    rx.foreach(S.detail_payments, lambda p: payment_row(p, S.ask_delete_payment)),
                    rx.text(t("no_payments"), size="2", color_scheme="gray"),
                ),
                rx.cond(d["open"] == "1", _payment_form()),
                card_title(t("reminders_history")),
                rx.cond(
                    S.detail_reminders.length() > 0,
                    rx.foreach(
                        S.detail_reminders,
                        lambda r: rx.text(r["text"] + " — " + r["result"], size="2"),
                    ),
                    rx.text(t("no_reminders_yet"), size="2", color_scheme="gray"),
                ),
                rx.cond(
                    S.detail_history.length() > 0,
                    rx.vstack(
                        card_title(t("history_title")),
                        rx.foreach(
                            S.detail_history,
                            lambda h: rx.text(h["text"], size="2", class_name="history-line"),
                        ),
                        spacing="1",
                        width="100%",
                        id="invoice-history",
                    ),
                ),
                rx.cond(d["status"] != "avoir", _credit_form()),
                rx.hstack(
                    rx.cond(
                        d["open"] == "1",
                        rx.button(
                            rx.cond(d["disputed"] == "1", t("unmark_disputed"), t("mark_disputed")),
                            variant="soft",
                            color_scheme="orange",
                            size="3",
                            style=TOUCH,
                            on_click=S.toggle_disputed,
                            id="toggle-disputed",
                        ),
                    ),
                    rx.spacer(),
                    rx.dialog.close(
                        rx.button(
                            t("close"), variant="soft", color_scheme="gray", size="3", style=TOUCH
                        )
                    ),
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            max_width="min(720px, calc(100vw - 24px))",
            id="invoice-detail",
        ),
        open=S.detail_open,
        on_open_change=S.close_invoice,
    )


def _payment_form() -> rx.Component:
    return rx.vstack(
        card_title(t("record_payment")),
        payment_fields(S.pay_amount, S.pay_date, S.pay_means, S.set_pay, "pay", S.pay_errors),
        field(
            t("f_reference"),
            text_input(S.pay_reference, lambda v: S.set_pay("reference", v), id="pay-reference"),
            S.pay_errors["reference"],
        ),
        error_text(S.pay_errors["form"]),
        rx.button(
            rx.icon("check"),
            t("record_payment"),
            size="3",
            style=TOUCH,
            on_click=S.record_payment,
            id="save-payment",
        ),
        spacing="2",
        width="100%",
        padding="12px",
        border_radius="10px",
        background="var(--teal-a2)",
    )


def _credit_form() -> rx.Component:
    return rx.vstack(
        card_title(t("credit_note")),
        rx.grid(
            field(
                t("f_amount") + " TTC",
                text_input(
                    S.credit_amount,
                    lambda v: S.set_credit("amount", v),
                    input_mode="decimal",
                    id="credit-amount",
                ),
                S.credit_errors["amount"],
            ),
            field(
                t("f_reason"),
                text_input(
                    S.credit_reason, lambda v: S.set_credit("reason", v), id="credit-reason"
                ),
                S.credit_errors["reason"],
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            width="100%",
        ),
        error_text(S.credit_errors["form"]),
        rx.button(
            t("credit_note"),
            size="3",
            variant="soft",
            style=TOUCH,
            on_click=S.issue_credit_note,
            id="save-credit",
        ),
        spacing="2",
        width="100%",
    )


def _document_dialog() -> rx.Component:
    e = F.form_errors
    return form_dialog(
        rx.cond(F.form_kind == "devis", t("new_quote"), t("new_invoice")),
        rx.grid(
            field(
                t("f_client"),
                select(
                    F.client_options,
                    F.form_client,
                    lambda v: F.set_form("client", v),
                    id="form-client",
                ),
                e["client"],
            ),
            field(
                rx.cond(F.form_kind == "devis", t("f_quote_date"), t("f_issued_on")),
                text_input(
                    F.form_date,
                    lambda v: F.set_form("date", v),
                    type="date",
                    id="form-date",
                ),
                e["date"],
            ),
            rx.cond(
                F.form_kind == "devis",
                field(
                    t("f_validity"),
                    text_input(
                        F.form_validity,
                        lambda v: F.set_form("validity", v),
                        input_mode="numeric",
                    ),
                    e["validity"],
                ),
                field(
                    t("f_terms"),
                    text_input(
                        F.form_terms,
                        lambda v: F.set_form("terms", v),
                        placeholder=t("f_terms_hint"),
                        id="form-terms",
                    ),
                    e["payment_terms"],
                ),
            ),
            field(
                t("f_description"),
                text_input(F.form_description, lambda v: F.set_form("description", v)),
                e["description"],
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            width="100%",
        ),
        line_editor(F.form_lines, F.set_line, F.add_line, F.remove_line, F.form_totals, e["lines"]),
        is_open=F.form_open,
        on_open_change=F.close_form,
        on_save=F.save_document,
        save_label=t("save"),
        save_id="save-document",
        dialog_id="document-form",
        error=e["form"],
        max_width="860px",
    )


def _client_dialog() -> rx.Component:
    return form_dialog(
        rx.cond(F.client_id > 0, F.client_fields["name"], t("new_client")),
        counterparty_fields(F.client_fields, F.client_errors, F.set_client_field, with_bank=True),
        rx.hstack(
            rx.switch(checked=F.client_professional, on_change=F.set_client_professional, size="3"),
            rx.text(t("f_professional"), size="2"),
            align="center",
        ),
        is_open=F.client_open,
        on_open_change=F.close_client,
        on_save=F.save_client,
        save_label=t("save"),
        save_id="save-client",
        dialog_id="client-form",
        error=F.client_errors["form"],
    )


def _text_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(S.text_title),
            rx.text(S.text_body, size="2", white_space="pre-line", id="reminder-text"),
            rx.hstack(
                rx.button(
                    rx.icon("copy"),
                    t("copy_text"),
                    variant="soft",
                    size="3",
                    style=TOUCH,
                    on_click=rx.set_clipboard(S.text_title + "\n\n" + S.text_body),
                ),
                rx.dialog.close(rx.button(t("close"), size="3", style=TOUCH)),
                justify="end",
                width="100%",
                margin_top="12px",
            ),
            max_width="640px",
        ),
        open=S.text_title != "",
        on_open_change=S.hide_text,
    )


def invoices_page() -> rx.Component:
    tabs = [
        ("invoices", "tab_invoices", _invoices_tab()),
        ("quotes", "tab_quotes", _quotes_tab()),
        (
            "clients",
            "tab_clients",
            rx.vstack(rx.foreach(S.clients, _client_row), spacing="0", width="100%"),
        ),
        ("reminders", "tab_reminders", _reminders_tab()),
        ("aging", "tab_aging", _aging_tab()),
    ]
    return shell(
        rx.cond(S.error != "", rx.callout(S.error, color_scheme="red", icon="triangle_alert")),
        rx.vstack(
            _figures(),
            _actions(),
            rx.cond(
                S.notice != "", rx.callout(S.notice, color_scheme="teal", size="1", id="notice")
            ),
            card(
                tabbed(tabs, S.tab, S.set_tab),
            ),
            spacing="4",
            width="100%",
        ),
        _detail_dialog(),
        delete_payment_dialog(
            S.deleting["question"],
            S.deleting.contains("id"),
            S.cancel_delete_payment,
            S.delete_payment,
        ),
        _document_dialog(),
        _client_dialog(),
        _text_dialog(),
        own_company_dialog(  # a first invoice or quote in the demo: the owner's company first
            "invoice",
            t("own_company_intro_invoice"),
            t("own_company_create_invoice"),
            F.create_company_and_invoice,
            F.cancel_own_company,
            F.stay_in_demo,
        ),
        active="/factures",
        subtitle=t("invoices_subtitle"),
    )
