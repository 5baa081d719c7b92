"""Reflex configuration, read from the environment (see treso_app/settings.py)."""

import os

import reflex as rx

from treso_app.settings import load_settings

config = rx.Config(
    app_name="treso_app",
    db_url=load_settings().database_url,
    telemetry_enabled=False,
    # One process by default: page state in memory, not pickled to disk after every event
    # (a slider move would pay for it). With REDIS_URL, Reflex keeps it in Redis instead.
    state_manager_mode="redis" if os.environ.get("REDIS_URL") else "memory",
    show_built_with_reflex=False,
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(
                accent_color="teal", gray_color="slate", radius="large", appearance="light"
            )
        )
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
