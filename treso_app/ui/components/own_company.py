"""The dialog that creates the owner's own company when they start real work in the demo."""

from __future__ import annotations

import reflex as rx

from treso_app.i18n import t
from treso_app.ui.components.forms import MAX_TYPED, TOUCH, error_text
from treso_app.ui.states.base import BaseState as B


def own_company_dialog(
    page: str, intro: str, confirm: str, on_confirm, on_cancel, on_stay=None
) -> rx.Component:
    """Shown while the page `page` waits for the company; `on_confirm` creates it and
    carries on (the import, the invoice) there; `on_stay`, when given, carries on in the
    demo instead (trying the invoice form on the demo's clients)."""
    stay = (
        []
        if on_stay is None
        else [
            rx.button(
                t("own_company_stay"),
                variant="soft",
                size="3",
                style=TOUCH,
                on_click=on_stay,
                id="stay-in-demo",
            )
        ]
    )
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("own_company_title")),
            rx.dialog.description(intro, size="3"),
            rx.vstack(
                rx.text(t("own_company_label"), size="2", weight="medium"),
                rx.input(
                    max_length=MAX_TYPED,
                    value=B.own_company_name,
                    on_change=B.set_own_company_name,
                    placeholder=t("own_company_placeholder"),
                    size="3",
                    width="100%",
                    style=TOUCH,
                    id="own-company-name",
                ),
                error_text(B.own_company_error),
                spacing="1",
                width="100%",
                margin_top="12px",
            ),
            rx.flex(
                rx.button(
                    t("mapping_cancel"),
                    variant="soft",
                    color_scheme="gray",
                    size="3",
                    style=TOUCH,
                    on_click=on_cancel(False),
                ),
                *stay,
                rx.button(
                    confirm, size="3", style=TOUCH, on_click=on_confirm, id="create-own-company"
                ),
                justify="end",
                gap="8px",
                wrap="wrap",
                margin_top="16px",
            ),
            max_width="480px",
        ),
        open=B.own_company_for == page,
        on_open_change=on_cancel,
    )
