"""The page for an address Tréso does not know: in French, inside the app's layout, so
the navigation is there to go on (Reflex serves it for every unknown route)."""

from __future__ import annotations

import reflex as rx

from treso_app.i18n import t
from treso_app.ui.components.forms import TOUCH
from treso_app.ui.components.layout import card, shell


def not_found_page() -> rx.Component:
    return shell(
        card(
            rx.heading(t("not_found_title"), size="6", as_="h1", id="not-found"),
            rx.text(t("not_found_text"), size="3"),
            rx.link(rx.button(t("not_found_home"), size="3", style=TOUCH), href="/"),
        ),
        active="",
    )
