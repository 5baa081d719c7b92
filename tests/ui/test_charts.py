"""Chart date axes in French: plotly only knows English month names, so the labels come
from Babel, and the hover's title is written in digits."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from treso_app.ui.charts import date_ticks, forecast_figure, scenario_figure, versus_figure

ENGLISH_MONTHS = ("Jan", "Feb", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Dec")


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def test_ninety_days_are_labelled_on_the_first_of_each_month_in_french():
    values, labels = date_ticks(date(2026, 12, 1), date(2027, 3, 1))
    assert labels == ["1 déc.", "1 janv.", "1 févr.", "1 mars"]
    assert values == ["2026-12-01", "2027-01-01", "2027-02-01", "2027-03-01"]
    _, labels = date_ticks(date(2026, 12, 2), date(2027, 3, 2))
    assert labels == ["1 janv.", "1 févr.", "1 mars"]


def test_a_year_gets_a_label_every_three_months_with_the_year_under_it_when_it_changes():
    _, labels = date_ticks(date(2026, 12, 1), date(2027, 12, 1))
    assert labels == ["déc.<br>2026", "mars<br>2027", "juin", "sept.", "déc."]


def test_a_month_is_labelled_week_by_week():
    _, labels = date_ticks(date(2026, 11, 3), date(2026, 11, 30))
    assert labels == ["3 nov.", "10", "17", "24"]
    _, labels = date_ticks(date(2026, 11, 17), date(2026, 12, 15))
    assert labels == ["17 nov.", "24", "1 déc.", "8", "15"]


def test_english_labels_when_the_locale_is_english(monkeypatch):
    monkeypatch.setenv("TRESO_LOCALE", "en_GB")
    _, labels = date_ticks(date(2026, 12, 1), date(2027, 6, 1))
    assert labels == ["Dec<br>2026", "Feb<br>2027", "Apr", "Jun"]


@pytest.mark.parametrize("chart", ["dashboard", "planner", "versus"])
def test_every_chart_writes_its_months_in_french(chart):
    span = days(date(2026, 12, 1), date(2027, 5, 31))
    cents = [2_500_000] * len(span)
    figure = {
        "dashboard": lambda: forecast_figure(
            list(zip(span, cents, strict=True)), 1_000_000
        ).to_plotly_json(),
        "planner": lambda: scenario_figure(span, cents, cents, cents, 1_000_000),
        "versus": lambda: versus_figure([(d, c, c) for d, c in zip(span, cents, strict=True)]),
    }[chart]()
    axis = figure["layout"]["xaxis"]
    assert axis["tickmode"] == "array"
    assert axis["ticktext"] == ["déc.<br>2026", "févr.<br>2027", "avr."]
    assert "%b" not in axis.get("tickformat", "") and axis["hoverformat"] == "%d/%m/%Y"
    assert not any(month in text for text in axis["ticktext"] for month in ENGLISH_MONTHS)
