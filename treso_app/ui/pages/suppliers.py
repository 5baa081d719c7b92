"""`/fournisseurs` — pay suppliers at the right moment: bills, planning, SEPA transfer files."""

from __future__ import annotations

import reflex as rx

from treso_app.i18n import t
from treso_app.ui.components.forms import (
    MAX_TYPED,
    NUMBER,
    TOUCH,
    counterparty_fields,
    delete_payment_dialog,
    error_text,
    field,
    fixed_select,
    form_dialog,
    key_figure,
    payment_fields,
    payment_row,
    select,
    sheet_upload,
    status_badge,
    tabbed,
    text_input,
)
from treso_app.ui.components.layout import card, card_title, shell
from treso_app.ui.states.suppliers import BILL_FILTERS
from treso_app.ui.states.suppliers import SuppliersState as S

ROW = {"width": "100%", "padding": "10px 4px", "border_bottom": "1px solid var(--gray-a4)"}


def _figures() -> rx.Component:
    return rx.grid(
        key_figure(t("status_à_payer"), S.kpi_to_pay, "kpi-to-pay"),
        key_figure(t("kpi_overdue"), S.kpi_late, "kpi-bills-late", "var(--red-11)"),
        key_figure(t("next_days"), S.kpi_week, "kpi-week"),
        columns=rx.breakpoints(initial="2", md="3"),
        spacing="3",
        width="100%",
    )


def _bill_row(row) -> rx.Component:
    unpaid = row["status"] != "payée"
    return rx.flex(
        rx.cond(
            unpaid,
            rx.checkbox(
                checked=S.selected.contains(row["id"]),
                on_change=lambda v: S.toggle_selected(row["id"], v),
                size="3",
                aria_label="Payer par virement SEPA",
            ),
            rx.box(width="24px"),
        ),
        rx.vstack(
            rx.text(row["supplier"], weight="bold", size="3"),
            rx.text(row["number"] + " · " + row["due"], size="2", color_scheme="gray"),
            rx.cond(row["planned"] != "", rx.text("→ " + row["planned"], size="2")),
            rx.cond(
                unpaid & (row["iban_ok"] != "1"),
                rx.text(t("iban_missing"), size="1", color="var(--amber-11)"),
            ),
            spacing="0",
            style={"flex": "1", "min_width": "180px"},
        ),
        rx.vstack(
            rx.text(row["amount"], size="3", weight="medium", style=NUMBER),
            status_badge(row["status_label"], rx.cond(row["late"] == "1", "red", row["color"])),
            align="end",
            spacing="1",
        ),
        rx.cond(
            row["has_payments"] == "1",
            rx.button(
                t("bill_payments"),
                size="2",
                variant="ghost",
                style=TOUCH,
                on_click=S.open_paid(row),
                class_name="bill-payments",
            ),
        ),
        rx.cond(
            unpaid,
            rx.hstack(
                rx.button(
                    t("edit"),
                    size="2",
                    variant="ghost",
                    style=TOUCH,
                    on_click=S.edit_bill(row["id"]),
                ),
                rx.button(
                    t("bill_pay"),
                    size="2",
                    variant="soft",
                    style=TOUCH,
                    on_click=S.open_payment(row),
                ),
                spacing="1",
            ),
        ),
        gap="10px",
        align="center",
        wrap="wrap",
        class_name="bill-row",
        style=ROW,
    )


def _planned(row) -> rx.Component:
    """A chosen bill and the day the bank is asked to pay it (date and amount first: a phone
    shows them on one line, the bill under them)."""
    return rx.vstack(
        rx.hstack(
            rx.text(row["on"], weight="bold", size="3", class_name="planned-on", style=NUMBER),
            rx.spacer(),
            rx.text(row["amount"], size="3", weight="medium", style=NUMBER),
            width="100%",
            align="center",
        ),
        rx.text(row["label"], size="2"),
        rx.cond(
            row["earlier"] != "",
            rx.text(
                row["earlier"],
                size="1",
                color="var(--amber-11)",
                class_name="earlier",
                style={"overflow_wrap": "anywhere"},
            ),
        ),
        spacing="0",
        class_name="sepa-planned",
        style={"width": "100%", "padding": "6px 0", "border_bottom": "1px solid var(--gray-a4)"},
    )


def _sepa_card() -> rx.Component:
    return rx.vstack(
        card_title(t("sepa_title")),
        rx.text(t("sepa_hint"), size="2", color_scheme="gray"),
        rx.cond(
            S.transfer_plan.length() > 0,
            rx.vstack(
                rx.text(t("sepa_plan_title"), size="2", weight="bold"),
                rx.foreach(S.transfer_plan, _planned),
                spacing="0",
                width="100%",
                id="sepa-plan",
            ),
        ),
        rx.button(
            rx.icon("download"),
            S.sepa_label,
            size="3",
            on_click=S.download_sepa,
            disabled=S.selected.length() == 0,
            id="sepa-download",
            max_width="100%",
            style={**TOUCH, "white_space": "normal", "height": "auto", "padding_y": "8px"},
        ),
        error_text(S.sepa_error),
        width="100%",
        padding="12px",
        border_radius="10px",
        background="var(--teal-a2)",
    )


def _bills_tab() -> rx.Component:
    return rx.vstack(
        _sepa_card(),
        rx.flex(
            rx.text(S.bills_count, size="2", color_scheme="gray"),
            rx.spacer(),
            rx.box(
                fixed_select(
                    [(value, t(key)) for value, key in BILL_FILTERS.items()],
                    S.bill_filter,
                    S.set_bill_filter,
                    id="bill-filter",
                    aria_label=t("bill_filter"),
                ),
                width="200px",
            ),
            align="center",
            gap="8px",
            width="100%",
        ),
        rx.vstack(rx.foreach(S.bills, _bill_row), spacing="0", width="100%", id="bills"),
        sheet_upload("bill-sheet", S.import_bills, S.busy, S.import_message, S.import_ok),
        spacing="3",
        width="100%",
    )


def _files_tab() -> rx.Component:
    return rx.vstack(
        rx.text(t("transfer_files_intro"), size="2", color_scheme="gray"),
        rx.cond(
            S.files.length() == 0,
            rx.text(t("transfer_files_none"), size="2"),
        ),
        rx.foreach(
            S.files,
            lambda f: rx.flex(
                rx.vstack(
                    rx.text(
                        f["name"], weight="bold", size="2", style={"overflow_wrap": "anywhere"}
                    ),
                    rx.text(f["when"] + " · " + f["bills"], size="2", color_scheme="gray"),
                    spacing="0",
                    # A phone puts the total and the button on the next line, on the right.
                    style={"flex": "1", "min_width": "260px"},
                ),
                rx.text(f["total"], size="3", weight="medium", style=NUMBER, margin_left="auto"),
                rx.button(
                    rx.icon("download"),
                    t("download_again"),
                    size="2",
                    variant="soft",
                    style=TOUCH,
                    on_click=S.download_file(f["id"]),
                ),
                gap="10px",
                align="center",
                wrap="wrap",
                style=ROW,
                class_name="transfer-file",
            ),
        ),
        error_text(S.sepa_error),
        spacing="2",
        width="100%",
        id="transfer-files",
    )


def _proposal(row) -> rx.Component:
    conflict = row["conflict"] == "1"
    return rx.flex(
        rx.vstack(
            rx.text(row["label"], weight="bold", size="2"),
            rx.text(row["amount"] + " · " + row["due"], size="2", color_scheme="gray"),
            rx.text(
                row["message"], size="2", color=rx.cond(conflict, "var(--red-11)", "var(--teal-11)")
            ),
            spacing="0",
            style={"flex": "1", "min_width": "220px"},
        ),
        rx.input(
            max_length=MAX_TYPED,
            type="date",
            value=row["on"],
            size="3",
            style=TOUCH,
            on_change=lambda v: S.set_proposed(row["id"], v),
        ),
        gap="10px",
        align="center",
        wrap="wrap",
        style=ROW,
        class_name="proposal",
    )


def _planning_tab() -> rx.Component:
    return rx.vstack(
        rx.text(S.planning_intro, size="2", color_scheme="gray"),
        rx.button(
            rx.icon("calendar-check"),
            t("propose_dates"),
            size="3",
            style=TOUCH,
            on_click=S.propose,
            loading=S.busy,
            id="propose-dates",
        ),
        rx.cond(
            S.proposals.length() > 0,
            rx.vstack(
                rx.foreach(S.proposals, _proposal),
                error_text(S.planning_error),
                rx.button(
                    t("accept_dates"),
                    size="3",
                    style=TOUCH,
                    on_click=S.accept_proposals,
                    id="accept-dates",
                ),
                spacing="2",
                width="100%",
                id="proposals",
            ),
        ),
        card_title(t("timeline_title")),
        rx.foreach(
            S.timeline,
            lambda week: rx.box(
                rx.hstack(
                    rx.text(week["week"], weight="bold", size="3"),
                    rx.spacer(),
                    rx.text(week["total"], weight="bold", size="3", style=NUMBER),
                    width="100%",
                ),
                rx.text(week["items"], size="2", white_space="pre-line", color_scheme="gray"),
                style=ROW,
                class_name="week",
            ),
        ),
        spacing="3",
        width="100%",
    )


def _suppliers_tab() -> rx.Component:
    return rx.vstack(
        rx.button(
            rx.icon("user-plus"),
            t("new_supplier"),
            size="3",
            variant="soft",
            style=TOUCH,
            on_click=S.edit_supplier(""),
            id="new-supplier",
        ),
        rx.foreach(
            S.suppliers,
            lambda s: rx.hstack(
                rx.text(s["name"], size="3", style={"flex": "1"}),
                rx.button(
                    t("edit"),
                    size="2",
                    variant="soft",
                    style=TOUCH,
                    on_click=S.edit_supplier(s["id"]),
                ),
                align="center",
                style=ROW,
                class_name="supplier-row",
            ),
        ),
        spacing="2",
        width="100%",
    )


def _bill_dialog() -> rx.Component:
    f, e = S.bill_fields, S.bill_errors

    def one(key: str, label: str, **props) -> rx.Component:
        return field(
            label,
            text_input(f[key], lambda v: S.set_bill_field(key, v), id=f"bill-{key}", **props),
            e[key],
        )

    return form_dialog(
        rx.cond(S.bill_id > 0, f["number"], t("new_bill")),
        rx.grid(
            field(
                t("f_supplier"),
                select(
                    S.supplier_options,
                    f["supplier_id"],
                    lambda v: S.set_bill_field("supplier_id", v),
                    id="bill-supplier",
                ),
                e["supplier"],
            ),
            one("number", t("f_number")),
            one("issued_on", t("f_issued_on"), type="date"),
            one("due_on", t("f_due_on"), type="date"),
            one("ttc", t("f_ttc"), input_mode="decimal"),
            one("ht", t("f_ht"), input_mode="decimal"),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            width="100%",
        ),
        is_open=S.bill_open,
        on_open_change=S.close_bill,
        on_save=S.save_bill,
        save_label=t("save"),
        save_id="save-bill",
        dialog_id="bill-form",
        error=e["form"],
    )


def _payment_dialog() -> rx.Component:
    return form_dialog(
        S.pay_bill["supplier"] + " — " + S.pay_bill["number"],
        payment_fields(S.pay_amount, S.pay_date, S.pay_means, S.set_pay, "bill-pay", S.pay_errors),
        is_open=S.pay_bill.contains("id"),
        on_open_change=S.close_payment,
        on_save=S.record_payment,
        save_label=t("record_payment"),
        save_id="save-bill-payment",
        dialog_id="bill-payment",
        error=S.pay_errors["form"],
    )


def _paid_dialog() -> rx.Component:
    """What was paid on a bill; a payment recorded by mistake is deleted from here."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(S.paid_bill["supplier"] + " — " + S.paid_bill["number"]),
            rx.vstack(
                rx.foreach(S.paid_rows, lambda p: payment_row(p, S.ask_delete_payment)),
                error_text(S.pay_errors["form"]),
                rx.hstack(
                    rx.dialog.close(
                        rx.button(
                            t("close"), variant="soft", color_scheme="gray", size="3", style=TOUCH
                        )
                    ),
                    justify="end",
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            max_width="min(560px, calc(100vw - 24px))",
            id="bill-payments",
        ),
        open=S.paid_bill.contains("id"),
        on_open_change=S.close_paid,
    )


def _reissue_dialog() -> rx.Component:
    """A bill already in an issued file: the owner says so before it goes into another."""
    return form_dialog(
        t("reissue_title"),
        rx.text(S.reissue_message, size="3"),
        is_open=S.reissue_message != "",
        on_open_change=S.cancel_reissue,
        on_save=S.confirm_reissue,
        save_label=t("reissue_confirm"),
        save_id="confirm-reissue",
        dialog_id="reissue-dialog",
        max_width="520px",
    )


def _supplier_dialog() -> rx.Component:
    return form_dialog(
        rx.cond(S.supplier_id > 0, S.supplier_fields["name"], t("new_supplier")),
        counterparty_fields(
            S.supplier_fields, S.supplier_errors, S.set_supplier_field, with_bank=True
        ),
        is_open=S.supplier_open,
        on_open_change=S.close_supplier,
        on_save=S.save_supplier,
        save_label=t("save"),
        save_id="save-supplier",
        dialog_id="supplier-form",
        error=S.supplier_errors["form"],
    )


def suppliers_page() -> rx.Component:
    tabs = [
        ("bills", "tab_bills", _bills_tab()),
        ("planning", "tab_planning", _planning_tab()),
        ("transfers", "tab_transfers", _files_tab()),
        ("suppliers", "tab_suppliers", _suppliers_tab()),
    ]
    return shell(
        rx.cond(S.error != "", rx.callout(S.error, color_scheme="red", icon="triangle_alert")),
        rx.vstack(
            _figures(),
            rx.button(
                rx.icon("file-plus"),
                t("new_bill"),
                size="3",
                style=TOUCH,
                on_click=S.new_bill,
                id="new-bill",
            ),
            rx.cond(
                S.notice != "", rx.callout(S.notice, color_scheme="teal", size="1", id="notice")
            ),
            card(
                tabbed(tabs, S.tab, S.set_tab),
            ),
            spacing="4",
            width="100%",
        ),
        _bill_dialog(),
        _payment_dialog(),
        _paid_dialog(),
        delete_payment_dialog(
            S.deleting["question"],
            S.deleting.contains("id"),
            S.cancel_delete_payment,
            S.delete_payment,
        ),
        _reissue_dialog(),
        _supplier_dialog(),
        active="/fournisseurs",
        subtitle=t("suppliers_subtitle"),
    )
