"""The dashboard view-model and chart, without a browser."""

from __future__ import annotations

from tests.conftest import DEMO_TODAY
from treso_app.domain.money import format_amount
from treso_app.services.dashboard import load_dashboard
from treso_app.ui.charts import forecast_figure
from treso_app.ui.states.dashboard import present


def test_present_formats_everything_in_french(demo_url):
    board = load_dashboard(today=DEMO_TODAY, url=demo_url)
    view = present(board)
    assert view["total"] == format_amount(board.total_cents)
    assert view["today_label"] == "mercredi 25 novembre 2026"
    assert view["last_day_label"] == "Hier"
    assert view["safe_until"].count("/") == 2  # in August 2027
    assert not view["at_risk"]  # beyond the 90 days of the chart: a warning, not red
    assert view["alerts"][0]["severity"] == "warning"
    assert "seuil d'alerte" in view["alerts"][0]["text"]
    assert all(row["amount"].endswith("€") for row in view["agenda"])


def test_forecast_figure_has_the_curve_and_the_threshold(demo_url):
    board = load_dashboard(today=DEMO_TODAY, url=demo_url)
    points = [(d.on, d.balance_cents) for d in board.projection.days]
    figure = forecast_figure(points, board.threshold_cents)
    curve, threshold = figure.data
    assert len(curve.x) == 91
    assert curve.y[0] == board.total_cents / 100
    assert set(threshold.y) == {board.threshold_cents / 100}
    assert "€" in curve.customdata[0] and "novembre" in curve.customdata[0]
    assert figure.layout.separators == ", "


def test_english_is_the_second_language(demo_url, monkeypatch):
    monkeypatch.setenv("TRESO_LOCALE", "en_GB")
    board = load_dashboard(today=DEMO_TODAY, url=demo_url)
    view = present(board)
    assert view["today_label"] == "Wednesday, 25 November 2026"
    assert view["last_day_label"] == "Yesterday"
    assert view["total"].startswith("€")
    points = [(d.on, d.balance_cents) for d in board.projection.days]
    assert forecast_figure(points, board.threshold_cents).layout.separators == ".,"
