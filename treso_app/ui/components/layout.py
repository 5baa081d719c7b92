"""The app shell: a top bar with the brand and the pages (a menu on a phone), then the page."""

from __future__ import annotations

import plotly.graph_objects as go
import reflex as rx

from treso_app.i18n import language, t
from treso_app.ui.states.base import BaseState

ACCENT = "#0f766e"


def card(*children, **props) -> rx.Component:
    return rx.card(
        rx.vstack(*children, spacing="2", align="stretch", width="100%"),
        size="3",
        width="100%",
        **props,
    )


def chart(figure, element_id: str, **props) -> rx.Component:
    """A plotly chart drawn from a figure var (see ui/charts.py), which styles itself: no
    plotly template, which the browser would merge into the figure and plotly re-read on
    every redraw: ~40 % of its work after a slider move."""
    return rx.plotly(
        data=figure.to(go.Figure),
        template=None,
        locale=language(),
        config={"displayModeBar": False, "responsive": True},
        width="100%",
        id=element_id,
        **props,
    )


def card_title(text: str) -> rx.Component:
    return rx.text(
        text,
        size="2",
        weight="medium",
        color_scheme="gray",
        style={"text_transform": "uppercase", "letter_spacing": "0.04em"},
    )


# The six pages, in the order of the owner's day: (route, text key, lucide icon).
PAGES = (
    ("/", "nav_dashboard", "layout-dashboard"),
    ("/factures", "nav_invoices", "file-text"),
    ("/fournisseurs", "nav_suppliers", "truck"),
    ("/previsions", "nav_forecast", "chart-line"),
    ("/banque", "nav_bank", "landmark"),
    ("/parametres", "nav_settings", "settings"),
)
# Radix breakpoints: phones (< 768 px) get the menu, tablets and larger the row of links.
ON_PHONE, FROM_TABLET = ["flex", "flex", "none"], ["none", "none", "flex"]


def _nav_link(text: str, href: str, active: bool) -> rx.Component:
    return rx.link(
        text,
        href=href,
        weight="bold" if active else "medium",
        size="3",
        aria_current="page" if active else None,
        style={
            "min_height": "44px",
            "display": "flex",
            "align_items": "center",
            "padding": "0 10px",  # six fit on one row of a portrait tablet (768 px)
            "white_space": "nowrap",
            "border_bottom": "3px solid var(--teal-9)" if active else "3px solid transparent",
        },
    )


def company_tag() -> rx.Component:
    """The company every page shows, marked « Démo » when it is the demo company."""
    return rx.hstack(
        rx.text(
            BaseState.company_name,
            size="2",
            weight="medium",
            color_scheme="gray",
            max_width=["9rem", "16rem"],
            style={"overflow": "hidden", "text_overflow": "ellipsis", "white_space": "nowrap"},
        ),
        rx.cond(
            BaseState.company_is_demo,
            rx.badge(t("demo_badge"), color_scheme="amber", variant="solid", size="2"),
        ),
        align="center",
        spacing="2",
        id="company-tag",
        on_mount=BaseState.load_company,
    )


def _links(active: str) -> rx.Component:
    """Tablets and larger: every page in a row (its own row under the brand in portrait)."""
    return rx.flex(
        *[_nav_link(t(key), route, active == route) for route, key, _ in PAGES],
        wrap="wrap",
        gap="4px",
        display=FROM_TABLET,
        id="nav-links",
    )


def _menu(active: str) -> rx.Component:
    """Phones: six pages do not fit a bottom bar (five at most), so one « Menu » button
    naming the current page opens all of them as rows a thumb can hit (48 px)."""
    current = next((key for route, key, _ in PAGES if route == active), "nav_menu")
    items = [
        rx.menu.item(
            rx.link(
                rx.icon(icon, size=20),
                t(key),
                href=route,
                aria_current="page" if route == active else None,
                weight="bold" if route == active else "regular",
                size="3",
                underline="none",
                style={
                    "display": "flex",
                    "gap": "12px",
                    "align_items": "center",
                    "width": "100%",
                    "min_height": "48px",
                    "padding": "0 16px",
                },
            ),
            style={"min_height": "48px", "padding": "0"},
        )
        for route, key, icon in PAGES
    ]
    return rx.box(
        rx.menu.root(
            rx.menu.trigger(
                rx.button(
                    rx.icon("menu", size=20),
                    t(current),
                    variant="soft",
                    size="3",
                    aria_label=t("nav_menu"),
                    style={"min_height": "44px"},
                    id="nav-menu",
                )
            ),
            rx.menu.content(*items, size="2", min_width="240px", align="end"),
        ),
        display=ON_PHONE,
    )


def live_refresh(handler, every_ms: int = 5000) -> rx.Component:
    """Calls `handler` every few seconds while the page is open, so data imported
    elsewhere (inbox, command line, another tab) shows up without a reload."""
    return rx.box(rx.moment(interval=every_ms, on_change=handler), display="none")


def shell(*children, active: str, subtitle: rx.Var | str = "") -> rx.Component:
    return rx.box(
        rx.flex(
            rx.hstack(
                rx.image(src="/logo.svg", alt="Tréso", width="36px", height="36px"),
                rx.vstack(
                    rx.heading(t("app_title"), size="5", weight="bold"),
                    rx.text(t("tagline"), size="1", color_scheme="gray", display=["none", "block"]),
                    spacing="0",
                ),
                company_tag(),
                align="center",
                spacing="3",
            ),
            rx.spacer(),
            _menu(active),
            _links(active),
            align="center",
            wrap="wrap",
            gap="4px",
            width="100%",
            padding_x=["16px", "16px", "32px"],
            padding_y="10px",
            border_bottom="1px solid var(--gray-a5)",
            background="var(--color-panel-solid)",
            position="sticky",
            top="0",
            z_index="10",
        ),
        rx.box(
            rx.text(subtitle, size="2", color_scheme="gray", margin_bottom="12px"),
            *children,
            max_width="1280px",
            margin="0 auto",
            padding=["12px", "16px", "24px 32px"],
        ),
        min_height="100vh",
        background="var(--gray-2)",
    )
