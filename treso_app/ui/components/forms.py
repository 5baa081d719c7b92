"""Form pieces shared by the invoicing pages: labelled fields with their French error under
them, the line editor of quotes and invoices, status badges, key figures. Touch-sized."""

from __future__ import annotations

import reflex as rx

from treso_app.domain.bounds import TextLimit
from treso_app.i18n import t
from treso_app.services.invoices import MEANS

TOUCH = {"min_height": "44px"}
NUMBER = {"font_variant_numeric": "tabular-nums", "white_space": "nowrap"}
VAT_CHOICES = ("20", "10", "5,5", "2,1", "0")


def error_text(message) -> rx.Component:
    return rx.cond(
        message,
        rx.text(message, size="2", color="var(--red-11)", class_name="field-error"),
    )


def field(label: str, control: rx.Component, error=None) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", weight="medium"),
        control,
        error_text(error) if error is not None else rx.fragment(),
        spacing="1",
        width="100%",
    )


# The most a field lets one type: far more than any bound of domain/bounds.py, so that a
# too long text gets its French message, and far less than a websocket message, so that a
# megabyte pasted in a field never drops the page's connection (its events then get lost).
MAX_TYPED = int(TextLimit.NOTE)


def text_input(value, on_change, **props) -> rx.Component:
    return rx.input(
        max_length=MAX_TYPED,
        value=value,
        on_change=on_change,
        size="3",
        style=TOUCH,
        **({"width": "100%"} | props),
    )


def select(options, value, on_change, **props) -> rx.Component:
    """A select over [{"value", "label"}] options."""
    return rx.select.root(
        rx.select.trigger(width="100%", style=TOUCH, **props),
        rx.select.content(
            rx.foreach(options, lambda o: rx.select.item(o["label"], value=o["value"]))
        ),
        value=value,
        on_change=on_change,
        size="3",
    )


def fixed_select(choices: list[tuple[str, str]], value, on_change, **props) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width="100%", style=TOUCH, **props),
        rx.select.content(*[rx.select.item(label, value=v) for v, label in choices]),
        value=value,
        on_change=on_change,
        size="3",
    )


def status_badge(label, color) -> rx.Component:
    return rx.badge(label, color_scheme=color, size="2", variant="soft")


def key_figure(
    label: str, value, figure_id: str, color: str | None = None, hint: str | None = None
) -> rx.Component:
    """A figure in big digits under its name; `hint` says how it is computed."""
    return rx.card(
        rx.vstack(
            rx.text(label, size="2", color_scheme="gray"),
            rx.text(
                value,
                size=rx.breakpoints(initial="4", sm="6"),
                weight="bold",
                color=color,
                style=NUMBER,
                id=figure_id,
            ),
            rx.text(hint, size="1", color_scheme="gray") if hint else rx.fragment(),
            spacing="1",
        ),
        size="2",
        width="100%",
    )


def line_editor(lines, set_line, add_line, remove_line, totals, error) -> rx.Component:
    """The lines of a quote or an invoice: one card per line on a tablet, totals below."""

    def one(line, index) -> rx.Component:
        return rx.grid(
            rx.input(
                max_length=MAX_TYPED,
                value=line["label"],
                placeholder=t("f_label"),
                size="3",
                on_change=lambda v: set_line(index, "label", v),
                style=TOUCH,
                grid_column=rx.breakpoints(initial="1 / -1", md="auto"),
                class_name="line-label",
            ),
            rx.input(
                max_length=MAX_TYPED,
                value=line["quantity"],
                placeholder=t("f_quantity"),
                size="3",
                input_mode="decimal",
                on_change=lambda v: set_line(index, "quantity", v),
                style=TOUCH,
                class_name="line-quantity",
            ),
            rx.input(
                max_length=MAX_TYPED,
                value=line["price"],
                placeholder=t("f_unit_price"),
                size="3",
                input_mode="decimal",
                on_change=lambda v: set_line(index, "price", v),
                style=TOUCH,
                class_name="line-price",
            ),
            rx.select.root(
                rx.select.trigger(style=TOUCH, width="100%"),
                rx.select.content(*[rx.select.item(f"{v} %", value=v) for v in VAT_CHOICES]),
                value=line["vat"],
                on_change=lambda v: set_line(index, "vat", v),
                size="3",
            ),
            rx.icon_button(
                rx.icon("trash-2"),
                variant="soft",
                color_scheme="gray",
                size="3",
                on_click=remove_line(index),
                aria_label="Supprimer la ligne",
                style={"min_width": "44px", "min_height": "44px"},
            ),
            columns=rx.breakpoints(initial="1fr 1fr 1fr 44px", md="3fr 1fr 1.4fr 1fr 44px"),
            gap="8px",
            width="100%",
            padding_bottom="8px",
            border_bottom="1px solid var(--gray-a4)",
        )

    return rx.vstack(
        rx.text(t("lines_title"), size="2", weight="medium"),
        rx.foreach(lines, one),
        rx.button(
            rx.icon("plus"),
            t("f_add_line"),
            variant="soft",
            size="3",
            on_click=add_line,
            style=TOUCH,
        ),
        rx.text(totals, size="3", weight="medium", style=NUMBER, id="form-totals"),
        error_text(error),
        spacing="2",
        width="100%",
    )


def sheet_upload(upload_id: str, handler, busy, message, ok) -> rx.Component:
    """Pick a CSV or XLSX file; its result shows under the button."""
    return rx.vstack(
        rx.upload.root(
            rx.button(
                rx.icon("file-spreadsheet"),
                t("import_sheet"),
                variant="soft",
                size="3",
                style=TOUCH,
                loading=busy,
            ),
            id=upload_id,
            multiple=False,
            accept={
                "text/csv": [".csv", ".txt"],
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [".xlsx"],
            },
            on_drop=handler(rx.upload_files(upload_id=upload_id)),
        ),
        rx.cond(
            message != "",
            rx.callout(
                message,
                color_scheme=rx.cond(ok, "teal", "red"),
                size="1",
                style={"white_space": "pre-line"},
                class_name="sheet-result",
            ),
        ),
        spacing="2",
        width="100%",
    )


def counterparty_fields(fields, errors, set_field, with_bank: bool) -> rx.Component:
    def one(key: str, label: str, **props) -> rx.Component:
        return field(
            label,
            text_input(fields[key], lambda v: set_field(key, v), id=f"cp-{key}", **props),
            errors[key],
        )

    return rx.grid(
        one("name", t("f_name")),
        one("siren", t("f_siren"), input_mode="numeric"),
        one("email", t("f_email"), type="email"),
        one("payment_terms", t("f_terms")),
        one("address", t("f_address")),
        *([one("iban", t("f_iban")), one("bic", t("f_bic"))] if with_bank else []),
        columns=rx.breakpoints(initial="1", sm="2"),
        spacing="3",
        width="100%",
    )


# Phones: a segmented control's items wrap in rows of three instead of running off the
# card; its sliding indicator (made for one row) gives way to the chosen item's own colour.
SEGMENTS_WRAP = {
    "@media (max-width: 767px)": {
        "width": "100%",
        "min_width": "0",  # Radix: max-content, which would push the third item off
        "grid_template_columns": "repeat(3, minmax(0, 1fr))",
        "grid_auto_flow": "row",
        "height": "auto",
        "& .rt-SegmentedControlIndicator, & .rt-SegmentedControlItemSeparator": {"display": "none"},
        "& .rt-SegmentedControlItem": {"min_height": "44px", "min_width": "0"},
        "& .rt-SegmentedControlItemLabel": {"padding_left": "4px", "padding_right": "4px"},
        "& .rt-SegmentedControlItem[data-state='on']": {
            "background": "var(--color-panel-solid)",
            "box_shadow": "var(--shadow-2)",
            "border_radius": "var(--radius-2)",
            "font_weight": "600",
        },
    }
}


def tabbed(tabs: list[tuple[str, str, rx.Component]], value, on_change) -> rx.Component:
    """Tabs (value, text key, body) whose headers wrap on a second row on a phone, so none
    is cut off at the screen's edge."""
    return rx.tabs.root(
        rx.tabs.list(
            *[rx.tabs.trigger(t(label), value=v, style=TOUCH) for v, label, _ in tabs],
            size="2",
            style={"flex_wrap": "wrap"},
        ),
        *[rx.tabs.content(body, value=v, padding_top="12px") for v, _, body in tabs],
        value=value,
        on_change=on_change,
        width="100%",
    )


def form_dialog(
    title,
    *body: rx.Component,
    is_open,
    on_open_change,
    on_save,
    save_label: str,
    save_id: str,
    dialog_id: str,
    error=None,
    max_width: str = "720px",
) -> rx.Component:
    """A form in a dialog: its fields, the form-wide error, Cancel and the save button."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(title),
            rx.vstack(
                *body,
                error_text(error) if error is not None else rx.fragment(),
                rx.hstack(
                    rx.dialog.close(
                        rx.button(
                            t("cancel"), variant="soft", color_scheme="gray", size="3", style=TOUCH
                        )
                    ),
                    rx.button(save_label, size="3", style=TOUCH, on_click=on_save, id=save_id),
                    justify="end",
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            max_width=max_width,
            id=dialog_id,
        ),
        open=is_open,
        on_open_change=on_open_change,
    )


def payment_fields(amount, day, means, set_pay, prefix: str, errors) -> rx.Component:
    """Amount, date and means of a payment (`set_pay(key, value)`), ids `{prefix}-amount`…,
    each with its error (`errors[key]`) under it."""
    return rx.grid(
        field(
            t("f_amount"),
            text_input(
                amount, lambda v: set_pay("amount", v), input_mode="decimal", id=f"{prefix}-amount"
            ),
            errors["amount"],
        ),
        field(
            t("f_date"),
            text_input(day, lambda v: set_pay("date", v), type="date", id=f"{prefix}-date"),
            errors["date"],
        ),
        field(
            t("f_means"),
            fixed_select(
                [(m, m.capitalize()) for m in MEANS],
                means,
                lambda v: set_pay("means", v),
                id=f"{prefix}-means",
            ),
            errors["means"],
        ),
        columns=rx.breakpoints(initial="1", sm="3"),
        spacing="3",
        width="100%",
    )


def payment_row(payment, on_delete) -> rx.Component:
    """A recorded payment (`present_payment`) with its delete button: `on_delete(payment)`."""
    return rx.hstack(
        rx.text(payment["text"], size="2", style={"flex": "1", "min_width": "0"}),
        rx.text(payment["amount"], size="2", style=NUMBER),
        rx.cond(
            payment["id"] != "",
            rx.icon_button(
                rx.icon("trash-2", size=18),
                variant="ghost",
                color_scheme="red",
                size="3",
                aria_label=t("delete_payment"),
                title=t("delete_payment"),
                on_click=on_delete(payment),
                class_name="delete-payment",
                style=TOUCH,
            ),
        ),
        width="100%",
        align="center",
        class_name="payment-row",
    )


def delete_payment_dialog(question, is_open, on_cancel, on_confirm) -> rx.Component:
    """Deleting a payment is asked twice: it changes what is owed."""
    return confirm_delete_dialog(
        t("delete_payment_title"),
        question,
        is_open,
        on_cancel,
        on_confirm,
        t("delete_payment"),
        "delete-payment",
    )


def confirm_delete_dialog(
    title: str, question, is_open, on_cancel, on_confirm, label: str, name: str
) -> rx.Component:
    """What cannot be taken back is asked twice; ids `{name}-dialog`, `confirm-{name}`."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(question, size="2"),
            rx.flex(
                rx.alert_dialog.cancel(
                    rx.button(
                        t("cancel"), variant="soft", color_scheme="gray", size="3", style=TOUCH
                    )
                ),
                rx.button(  # not an alert_dialog.action: the handler closes it once done
                    rx.icon("trash-2"),
                    label,
                    color_scheme="red",
                    size="3",
                    style=TOUCH,
                    on_click=on_confirm,
                    id=f"confirm-{name}",
                ),
                gap="8px",
                justify="end",
                margin_top="16px",
            ),
            max_width="480px",
            id=f"{name}-dialog",
        ),
        open=is_open,
        on_open_change=on_cancel,
    )
