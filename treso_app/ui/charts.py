"""Plotly figures, built from plain data so they can be tested without a browser."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go

from .format import long_date, money
from .i18n import language, t

GREEN, RED, INK, GRID = "#0f766e", "#dc2626", "#1f2937", "#e5e7eb"


def forecast_figure(days: Sequence[tuple[date, int]], threshold_cents: int) -> go.Figure:
    """Daily balance curve with the alert threshold; amounts plotted in euros, hover in fr_FR."""
    dates = [d for d, _ in days]
    euros = [cents / 100 for _, cents in days]  # display only: plotly draws numbers
    hover = [f"{long_date(d)}<br><b>{money(c)}</b>" for d, c in days]
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=dates,
            y=euros,
            name=t("chart_balance"),
            mode="lines",
            line={"color": GREEN, "width": 3},
            fill="tozeroy",
            fillcolor="rgba(15,118,110,0.08)",
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=[dates[0], dates[-1]],
            y=[threshold_cents / 100] * 2,
            name=t("chart_threshold"),
            mode="lines",
            line={"color": RED, "width": 2, "dash": "dash"},
            hovertemplate=f"{t('chart_threshold')} : {money(threshold_cents)}<extra></extra>",
        )
    )
    figure.update_layout(
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
        height=320,
        showlegend=True,
        legend={"orientation": "h", "y": -0.12, "x": 0},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        font={"family": "Inter, system-ui, sans-serif", "color": INK, "size": 13},
        # French: decimal comma, space between thousands; English: "1,234.5".
        separators=", " if language() == "fr" else ".,",
        hovermode="x unified",
        dragmode=False,
        xaxis={"gridcolor": GRID, "tickformat": "%d %b", "fixedrange": True},
        yaxis={
            "gridcolor": GRID,
            "ticksuffix": " €",
            "tickformat": ",.0f",
            "fixedrange": True,
            "rangemode": "tozero",
        },
    )
    return figure


def scenario_figure(
    days: Sequence[date],
    realistic: Sequence[int],
    p10: Sequence[int],
    p90: Sequence[int],
    threshold_cents: int,
    notes: Sequence[str] = (),
) -> go.Figure:
    """The scenario's curve inside its P10–P90 band, with the alert threshold. `notes` (one
    per day, may be empty) tell what lands that day, under the balance in the hover."""
    figure = forecast_figure(list(zip(days, realistic, strict=True)), threshold_cents)
    curve = figure.data[0]
    curve.fill = None
    if notes:
        curve.customdata = [
            f"{hover}<br>{note}" if note else hover
            for hover, note in zip(curve.customdata, notes, strict=True)
        ]
    band = [
        go.Scatter(
            x=list(days),
            y=[c / 100 for c in p90],
            mode="lines",
            line={"width": 0},
            hoverinfo="skip",
            showlegend=False,
        ),
        go.Scatter(
            x=list(days),
            y=[c / 100 for c in p10],
            name=t("chart_band"),
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor="rgba(15,118,110,0.15)",
            hoverinfo="skip",
        ),
    ]
    figure.add_traces(band)
    # The band first, so the curve and the threshold are drawn over it.
    figure.data = (figure.data[2], figure.data[3], figure.data[0], figure.data[1])
    figure.update_layout(yaxis={"rangemode": "normal"})
    return figure


COMPARED = ("#7c3aed", "#d97706")


def add_curve(figure: go.Figure, name: str, days: Sequence[date], balances: Sequence[int]) -> None:
    """Another scenario's realistic curve over the current one (dotted, its own colour)."""
    colour = COMPARED[(len(figure.data) - 4) % len(COMPARED)]
    hover = [
        f"{name}<br>{long_date(d)}<br><b>{money(c)}</b>"
        for d, c in zip(days, balances, strict=True)
    ]
    figure.add_trace(
        go.Scatter(
            x=list(days),
            y=[c / 100 for c in balances],
            name=name,
            mode="lines",
            line={"color": colour, "width": 2, "dash": "dot"},
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
