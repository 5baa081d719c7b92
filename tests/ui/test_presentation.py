"""The dashboard view-model and chart, without a browser."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from tests.conftest import DEMO_TODAY
from treso_app.domain.money import format_amount
from treso_app.i18n import GENERAL_TEXTS
from treso_app.services.dashboard import load_dashboard
from treso_app.texts_invoicing import TEXTS as INVOICING_TEXTS
from treso_app.ui.charts import forecast_figure
from treso_app.ui.states.dashboard import present


def test_present_formats_everything_in_french(demo_url):
    board = load_dashboard(today=DEMO_TODAY, url=demo_url)
    view = present(board)
    assert view["total"] == format_amount(board.total_cents)
    assert view["today_label"] == "mercredi 25 novembre 2026"
    assert view["last_day_label"] == "Hier"
    # This demo day stays over the threshold: from 45 078 €, the CEDEO, Brossette and Frans
    # Bonhomme bills (12 052 €) and the salaries (9 235 €) on Monday the 30th are met by the
    # Régie Immobilière du Rhône's payment that day (4 560 €: it pays about 52 days after its
    # invoices, whatever its « fin de mois » terms), so the lowest is about 27 400 €, over
    # 25 000 €; the attention points are the overdue invoices.
    assert view["safe_until"] == "Plus de 12 mois"
    assert not view["at_risk"]
    assert [a["severity"] for a in view["alerts"]] == ["warning", "warning"]
    assert "factures client en retard" in view["alerts"][0]["text"]
    assert view["dso"] == f"{board.indicators.dso_days} jours"
    assert view["overdue_share"].endswith("\u00a0%")  # Babel: a no-break space, then %
    assert view["working_capital"] == format_amount(board.indicators.working_capital_cents)


@pytest.mark.parametrize(
    ("days_ahead", "colour", "severity"), [(30, True, "critical"), (200, False, "warning")]
)
def test_a_crossing_within_the_chart_is_red_later_a_warning(demo_url, days_ahead, colour, severity):
    board = load_dashboard(today=DEMO_TODAY, url=demo_url)
    crossing = DEMO_TODAY + timedelta(days=days_ahead)
    board = replace(board, projection=replace(board.projection, safe_until=crossing))
    view = present(board)
    assert view["safe_until"] == crossing.strftime("%d/%m/%Y")
    assert view["at_risk"] is colour
    assert view["alerts"][0]["severity"] == severity
    assert "seuil d'alerte" in view["alerts"][0]["text"]


def test_forecast_figure_has_the_curve_and_the_threshold(demo_url):
    board = load_dashboard(today=DEMO_TODAY, url=demo_url)
    points = [(d.on, d.balance_cents) for d in board.projection.days]
    figure = forecast_figure(points, board.threshold_cents)
    curve, threshold = figure.data
    assert len(curve.x) == 91
    assert curve.y[0] == board.total_cents / 100
    assert set(threshold.y) == {board.threshold_cents / 100}
    assert "novembre" in curve.customdata[0] and "€" in curve.hovertemplate
    assert figure.layout.separators == ",\u202f"  # Babel's fr_FR decimal and group symbols


def test_english_is_the_second_language(demo_url, monkeypatch):
    monkeypatch.setenv("TRESO_LOCALE", "en_GB")
    board = load_dashboard(today=DEMO_TODAY, url=demo_url)
    view = present(board)
    assert view["today_label"] == "Wednesday, 25 November 2026"
    assert view["last_day_label"] == "Yesterday"
    assert view["total"].startswith("€")
    assert view["dso"].endswith(" days") and view["overdue_share"].endswith("%")
    points = [(d.on, d.balance_cents) for d in board.projection.days]
    assert forecast_figure(points, board.threshold_cents).layout.separators == ".,"


def test_each_text_key_is_defined_once():
    """The invoicing texts are merged into the others: a key in both would show one
    page's words on the other."""
    assert not GENERAL_TEXTS.keys() & INVOICING_TEXTS.keys()
