"""Plotly figures, built from plain data so they can be tested without a browser.

Figures are written as plain JSON-ready dicts. The planner sends its figure as such on
every slider move: a plotly `Figure` object costs more to validate and serialise than the
forecast itself."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache

import numpy as np
import plotly.graph_objects as go
from babel.dates import format_date

from treso_app.i18n import t

from .format import locale, long_date, money, number_separators

GREEN, RED, INK, GRID = "#0f766e", "#dc2626", "#1f2937", "#e5e7eb"
COMPARED = ("#7c3aed", "#d97706")
# The day (Babel, in customdata), then the balance formatted by plotly with the locale's
# separators, so no amount is formatted in Python for each of hundreds of points.
BALANCE_HOVER = "%{customdata}<br><b>%{y:,.2f}\u00a0€</b><extra></extra>"


def _euros(cents: Sequence[int]) -> list[float]:
    return (np.asarray(cents, dtype=np.int64) / 100).tolist()  # display only: plotly draws numbers


def date_ticks(first: date, last: date) -> tuple[list[str], list[str]]:
    """Where the date axis gets a label, and the label in the locale's words (Babel):
    plotly only knows English month names. Up to six weeks: every seventh day, the month
    named when it changes (« 3 nov. », « 10 », « 17 »…); up to four months: the 1st of each
    (« 1 janv. »); longer: the 1st of every few months, the year under the month when it
    changes (« déc.<br>2026 », « févr.<br>2027 », « avr. »…). Few and short enough for a
    phone."""
    return _date_ticks(first, last, locale())


@lru_cache(maxsize=64)
def _date_ticks(first: date, last: date, locale_name: str) -> tuple[list[str], list[str]]:
    months = (last.year - first.year) * 12 + last.month - first.month
    if (last - first).days <= 45:
        ticks = [first + timedelta(days=n) for n in range(0, (last - first).days + 1, 7)]
    else:  # at most about five labels: a phone's chart is 200 px wide, else plotly tilts them
        step = 1 if months <= 4 else -(-months // 4)
        ticks = [d for d in _month_starts(first, last) if first <= d][::step]
    labels, previous = [], None
    for tick in ticks:
        if months > 4:
            pattern = "MMM'<br>'y" if previous is None or tick.year != previous.year else "MMM"
        else:
            same_month = previous is not None and tick.month == previous.month
            pattern = "d" if same_month else "d MMM"
        labels.append(format_date(tick, pattern, locale=locale_name))
        previous = tick
    return [d.isoformat() for d in ticks], labels


def _month_starts(first: date, last: date) -> list[date]:
    """The 1st of every month from `first`'s to `last`'s."""
    found, month = [], first.replace(day=1)
    while month <= last:
        found.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return found


def _layout(rangemode: str, days: Sequence[date]) -> dict:
    tickvals, ticktext = date_ticks(days[0], days[-1]) if days else ([], [])
    return {
        "margin": {"l": 8, "r": 8, "t": 8, "b": 8},
        "height": 320,
        "showlegend": True,
        "legend": {"orientation": "h", "y": -0.12, "x": 0},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": "Inter, system-ui, sans-serif", "color": INK, "size": 13},
        # The locale's decimal and group symbols (Babel): "1 234,56" in French.
        "separators": number_separators(),
        "hovermode": "x unified",
        "dragmode": False,
        # "allow": plotly otherwise measures every tick label again for each label drawn,
        # a sixth of a redraw after a slider move.
        "xaxis": {
            "gridcolor": GRID,
            "tickmode": "array",
            "tickvals": tickvals,
            "ticktext": ticktext,
            "hoverformat": "%d/%m/%Y",  # the hover's title: digits, no English month name
            "fixedrange": True,
            "ticklabeloverflow": "allow",
            "automargin": True,
        },
        "yaxis": {
            "gridcolor": GRID,
            "ticksuffix": " €",
            "tickformat": ",.0f",
            "fixedrange": True,
            "rangemode": rangemode,
            "ticklabeloverflow": "allow",
            "automargin": True,
        },
    }


def _curve(days: Sequence[date], cents: Sequence[int], name: str, line: dict, hover) -> dict:
    return {
        "type": "scatter",
        "x": [d.isoformat() for d in days],
        "y": _euros(cents),
        "name": name,
        "mode": "lines",
        "line": line,
        "customdata": hover,
        "hovertemplate": BALANCE_HOVER,
    }


def _threshold(days: Sequence[date], threshold_cents: int) -> dict:
    return {
        "type": "scatter",
        "x": [days[0].isoformat(), days[-1].isoformat()],
        "y": [threshold_cents / 100] * 2,
        "name": t("chart_threshold"),
        "mode": "lines",
        "line": {"color": RED, "width": 2, "dash": "dash"},
        "hovertemplate": f"{t('chart_threshold')} : {money(threshold_cents)}<extra></extra>",
    }


def forecast_figure(days: Sequence[tuple[date, int]], threshold_cents: int) -> go.Figure:
    """Daily balance curve with the alert threshold; amounts plotted in euros, hover in fr_FR."""
    dates = [d for d, _ in days]
    curve = _curve(
        dates,
        [c for _, c in days],
        t("chart_balance"),
        {"color": GREEN, "width": 3},
        [long_date(d) for d in dates],
    )
    curve.update(fill="tozeroy", fillcolor="rgba(15,118,110,0.08)")
    data = [curve, _threshold(dates, threshold_cents)]
    return go.Figure({"data": data, "layout": _layout("tozero", dates)}, _validate=False)


def scenario_figure(
    days: Sequence[date],
    realistic: Sequence[int],
    p10: Sequence[int],
    p90: Sequence[int],
    threshold_cents: int,
    notes: Sequence[str] = (),
    others: Sequence[tuple[str, Sequence[int]]] = (),
) -> dict:
    """The scenario's curve inside its P10–P90 band, with the alert threshold, and other
    scenarios' curves dotted over it. `notes` (one per day, may be empty) tell what lands
    that day, under the balance in the hover."""
    labels = [long_date(d) for d in days]
    notes = notes or [""] * len(labels)
    pairs = zip(labels, notes, strict=True)
    hover = [f"{label}<br>{note}" if note else label for label, note in pairs]
    x = [d.isoformat() for d in days]
    band = {"type": "scatter", "x": x, "mode": "lines", "line": {"width": 0}, "hoverinfo": "skip"}
    data = [
        {**band, "y": _euros(p90), "showlegend": False},
        {
            **band,
            "y": _euros(p10),
            "name": t("chart_band"),
            "fill": "tonexty",
            "fillcolor": "rgba(15,118,110,0.15)",
        },
        _curve(days, realistic, t("chart_balance"), {"color": GREEN, "width": 3}, hover),
        _threshold(days, threshold_cents),
    ]
    for number, (name, balances) in enumerate(others):
        line = {"color": COMPARED[number % len(COMPARED)], "width": 2, "dash": "dot"}
        data.append(_curve(days, balances, name, line, [f"{name}<br>{x}" for x in labels]))
    return {"data": data, "layout": _layout("normal", days)}


def versus_figure(days: Sequence[tuple[date, int, int]]) -> dict:
    """What the forecast expected day by day since it was kept (dashed), and the real
    balance (solid)."""
    dates = [d for d, _, _ in days]
    labels = [long_date(d) for d in dates]
    expected = _curve(dates, [e for _, e, _ in days], t("versus_expected"),
                      {"color": INK, "width": 2, "dash": "dash"}, labels)  # fmt: skip
    actual = _curve(dates, [a for _, _, a in days], t("versus_actual"),
                    {"color": GREEN, "width": 3}, labels)  # fmt: skip
    layout = _layout("normal", dates) | {"height": 220}
    return {"data": [expected, actual], "layout": layout}
