"""`/previsions` view-model: the scenario knobs, the key figures and the chart."""

from __future__ import annotations

import asyncio
import logging

import plotly.graph_objects as go
import reflex as rx

from treso_app.domain.calendar import today_paris
from treso_app.domain.errors import TresoError
from treso_app.domain.forecast import PRESETS, Scenario, forecast, monthly_table
from treso_app.domain.money import to_decimal
from treso_app.services import scenarios
from treso_app.services.forecast import planning_inputs
from treso_app.services.snapshots import forecast_vs_actual
from treso_app.ui import charts
from treso_app.ui.format import money, short_date
from treso_app.ui.i18n import t

from .base import BaseState

log = logging.getLogger(__name__)
HORIZON_DAYS = 180
MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
          "nov.", "déc.")  # fmt: skip


def _scenario(name: str, knobs: dict[str, int]) -> Scenario:
    return Scenario(
        name,
        client_delay_days=knobs["delay"],
        unpaid_bp=knobs["unpaid"] * 100,
        revenue_pct=knobs["revenue"],
        expenses_pct=knobs["expenses"],
    )


def present(
    company_id: int, knobs: dict[str, int], refresh: bool, compared: tuple[str, ...] = ()
) -> dict | None:
    """Runs in a worker thread: the forecast for these knobs, formatted for the page, with
    up to two saved scenarios overlaid and compared."""
    found = planning_inputs(company_id or None, today_paris(), HORIZON_DAYS, refresh)
    if found is None:
        return None
    company_id, inputs = found
    result = forecast(inputs, _scenario(t("current_scenario"), knobs), paths=500)
    figure = charts.scenario_figure(
        result.days, result.realistic.tolist(), result.p10.tolist(), result.p90.tolist(),
        inputs.threshold_cents,
    )  # fmt: skip
    table = monthly_table(result)
    saved = scenarios.saved(company_id)
    comparison = [_compared_row(t("current_scenario"), result, table, table)]
    for item in [s for s in saved if str(s.id) in compared][:2]:
        other = forecast(inputs, _scenario(item.name, item.knobs), paths=1)
        charts.add_curve(figure, item.name, other.days, other.realistic.tolist())
        comparison.append(_compared_row(item.name, other, monthly_table(other), table))
    return {
        "versus": _versus(company_id),
        "comparison": comparison if len(comparison) > 1 else [],
        "company_id": company_id,
        "csv": _csv(table),
        "saved": [
            {
                "id": str(item.id),
                "name": item.name,
                "summary": _summary(item.knobs),
                "compared": "1" if str(item.id) in compared else "",
            }
            for item in saved
        ],
        "safe_until": short_date(result.safe_until)
        if result.safe_until
        else t("safe_whole_horizon"),
        "at_risk": result.safe_until is not None,
        "lowest": money(result.lowest_cents),
        "lowest_on": t("on_date", date=short_date(result.lowest_on)),
        "probability": t("probability_below", value=round(100 * result.probability_below)),
        "monthly": [
            {
                "month": f"{MONTHS[int(m.month[5:]) - 1]} {m.month[:4]}",
                "inflows": money(m.inflows_cents),
                "outflows": money(m.outflows_cents),
                "net": money(m.inflows_cents + m.outflows_cents, signed=True),
            }
            for m in table
        ],
        "figure": figure,
    }


def _compared_row(name: str, result, table, reference) -> dict[str, str]:
    """One line of the comparison: its safe-until, lowest point, and by how much each
    month's net differs from the current scenario's."""
    differences = [
        f"{MONTHS[int(m.month[5:]) - 1]} "
        + money((m.inflows_cents + m.outflows_cents) - (r.inflows_cents + r.outflows_cents),
                signed=True)
        for m, r in zip(table, reference, strict=True)
    ]  # fmt: skip
    return {
        "name": name,
        "safe_until": short_date(result.safe_until)
        if result.safe_until
        else t("safe_whole_horizon"),
        "lowest": f"{money(result.lowest_cents)} ({short_date(result.lowest_on)})",
        "months": " · ".join(differences) if name != t("current_scenario") else "",
    }


def _versus(company_id: int) -> list[str]:
    """Forecast vs actual in sentences: what was expected a month ago, what happened, why."""
    found = forecast_vs_actual(today_paris(), company_id=company_id)
    if found is None:
        return []
    lines = [
        f"Le {short_date(found.made_on)}, Tréso prévoyait {money(found.expected_cents)} pour "
        f"aujourd'hui ; réel : {money(found.actual_cents)} "
        f"(écart {money(found.gap_cents, signed=True)})."
    ]
    for cause in found.causes:
        spending = min(cause.expected_cents, cause.actual_cents) < 0
        verb = "dépensé" if spending else "encaissé"
        more = (cause.gap_cents < 0) if spending else (cause.gap_cents > 0)
        lines.append(
            f"{cause.category} : {verb} {money(abs(cause.gap_cents))} de "
            f"{'plus' if more else 'moins'} que prévu (prévu {money(cause.expected_cents)}, "
            f"réel {money(cause.actual_cents)})."
        )
    return lines


def _summary(knobs: dict[str, int]) -> str:
    return " · ".join(t(f"knob_{name}", value=knobs[name]) for name in scenarios.KNOBS)


def _csv(table) -> str:
    """The monthly table for Excel in France: semicolons, decimal commas."""
    lines = ["Mois;Entrées (€);Sorties (€);Solde du mois (€)"]
    for m in table:
        values = (m.inflows_cents, m.outflows_cents, m.inflows_cents + m.outflows_cents)
        lines.append(";".join([m.month, *(str(to_decimal(v)).replace(".", ",") for v in values)]))
    return "\r\n".join(lines) + "\r\n"


class ForecastState(BaseState):
    delay: int = 0
    unpaid: int = 0
    revenue: int = 0
    expenses: int = 0
    preset: str = "realiste"
    knobs_version: int = 0  # bumped by a preset: the sliders take its values
    safe_until: str = ""
    at_risk: bool = False
    lowest: str = ""
    lowest_on: str = ""
    probability: str = ""
    monthly: list[dict[str, str]] = []
    figure: go.Figure = go.Figure()
    csv: str = ""
    saved: list[dict[str, str]] = []
    scenario_name: str = ""
    notice: str = ""
    compared: list[str] = []  # ids of the saved scenarios overlaid (two at most)
    comparison: list[dict[str, str]] = []
    versus: list[str] = []  # forecast vs actual, in sentences

    @rx.var
    def delay_label(self) -> str:
        return t("knob_delay", value=self.delay)

    @rx.var
    def unpaid_label(self) -> str:
        return t("knob_unpaid", value=self.unpaid)

    @rx.var
    def revenue_label(self) -> str:
        return t("knob_revenue", value=self.revenue)

    @rx.var
    def expenses_label(self) -> str:
        return t("knob_expenses", value=self.expenses)

    @rx.event
    async def load(self):
        await self._compute(refresh=True)

    async def _compute(self, refresh: bool = False):
        knobs = {"delay": self.delay, "unpaid": self.unpaid, "revenue": self.revenue,
                 "expenses": self.expenses}  # fmt: skip
        try:
            view = await asyncio.to_thread(
                present, self.company_id, knobs, refresh, tuple(self.compared)
            )
        except Exception:
            log.exception("forecast failed")
            self.error = t("load_error")
            return
        if view is None:
            self.error = t("no_company")
            return
        self.error = ""
        for name, value in view.items():
            setattr(self, name, value)

    @rx.event
    async def use_preset(self, name: str):
        preset = PRESETS[name]
        self.preset = name
        self.delay, self.unpaid = preset.client_delay_days, preset.unpaid_bp // 100
        self.revenue, self.expenses = preset.revenue_pct, preset.expenses_pct
        self.knobs_version += 1
        await self._compute()

    @rx.event
    async def set_knob(self, name: str, value: list[int | float]):
        if name in ("delay", "unpaid", "revenue", "expenses") and value:
            setattr(self, name, int(value[0]))
            self.preset = ""
            await self._compute()

    def _knobs(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in scenarios.KNOBS}

    @rx.event
    def set_scenario_name(self, value: str):
        self.scenario_name = value

    @rx.event
    async def save_scenario(self):
        try:
            await asyncio.to_thread(
                scenarios.save, self.company_id, self.scenario_name, self._knobs()
            )
        except TresoError as error:
            self.notice = error.message
            return
        self.notice = f"Scénario « {' '.join(self.scenario_name.split())} » enregistré."
        await self._compute()

    @rx.event
    async def load_scenario(self, scenario_id: str):
        for item in await asyncio.to_thread(scenarios.saved, self.company_id):
            if str(item.id) == scenario_id:
                for name, value in item.knobs.items():
                    setattr(self, name, value)
                self.scenario_name, self.preset, self.notice = item.name, "", ""
                self.knobs_version += 1
        await self._compute()

    @rx.event
    async def duplicate_scenario(self, scenario_id: str):
        await self._act(scenarios.duplicate, scenario_id)

    @rx.event
    async def delete_scenario(self, scenario_id: str):
        await self._act(scenarios.delete, scenario_id)

    async def _act(self, action, scenario_id: str):
        try:
            await asyncio.to_thread(action, self.company_id, int(scenario_id))
        except TresoError as error:
            self.notice = error.message
        await self._compute()

    @rx.event
    def export_csv(self):
        return rx.download(data=self.csv, filename="previsions-mensuelles.csv")

    @rx.event
    async def toggle_compare(self, scenario_id: str):
        if scenario_id in self.compared:
            self.compared = [i for i in self.compared if i != scenario_id]
        else:
            self.compared = [*self.compared[-1:], scenario_id]  # two at most
        await self._compute()
