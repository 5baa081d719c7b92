"""The Reflex app: pages and theme."""

from __future__ import annotations

import reflex as rx

from treso_app.i18n import language, t
from treso_app.scheduler import scheduler_lifespan
from treso_app.ui.errors import backend_exception_handler
from treso_app.ui.pages.bank import bank_page
from treso_app.ui.pages.dashboard import dashboard_page
from treso_app.ui.pages.forecast import forecast_page
from treso_app.ui.pages.invoices import invoices_page
from treso_app.ui.pages.not_found import not_found_page
from treso_app.ui.pages.settings import settings_page
from treso_app.ui.pages.suppliers import suppliers_page
from treso_app.ui.states.bank import BankState
from treso_app.ui.states.categories import CategoriesState
from treso_app.ui.states.dashboard import DashboardState
from treso_app.ui.states.forecast import ForecastState
from treso_app.ui.states.invoices import InvoicesState
from treso_app.ui.states.recurring import RecurringState
from treso_app.ui.states.settings import SettingsState
from treso_app.ui.states.suppliers import SuppliersState

app = rx.App(
    head_components=[
        rx.el.link(rel="manifest", href="/manifest.webmanifest"),
        rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml"),
        rx.el.meta(name="theme-color", content="#0f766e"),
    ],
    html_lang=language(),
    backend_exception_handler=backend_exception_handler,  # French, never a trace
)
app.add_page(
    dashboard_page,
    route="/",
    title=f"{t('app_title')} — {t('nav_dashboard')}",
    on_load=DashboardState.load,
)
app.add_page(
    bank_page,
    route="/banque",
    title=f"{t('app_title')} — {t('nav_bank')}",
    on_load=[BankState.load, CategoriesState.load_options],
)
app.add_page(
    forecast_page,
    route="/previsions",
    title=f"{t('app_title')} — {t('nav_forecast')}",
    on_load=ForecastState.load,
)
app.add_page(
    invoices_page,
    route="/factures",
    title=f"{t('app_title')} — {t('nav_invoices')}",
    on_load=InvoicesState.load,
)
app.add_page(
    suppliers_page,
    route="/fournisseurs",
    title=f"{t('app_title')} — {t('nav_suppliers')}",
    on_load=SuppliersState.load,
)
app.add_page(
    settings_page,
    route="/parametres",
    title=f"{t('app_title')} — {t('nav_settings')}",
    on_load=[SettingsState.load, CategoriesState.load_settings, RecurringState.load],
)
# Reflex shows its route "404" for every unknown address (else an English one-liner).
app.add_page(not_found_page, route="404", title=f"{t('app_title')} — {t('not_found_title')}")
app.register_lifespan_task(scheduler_lifespan)
