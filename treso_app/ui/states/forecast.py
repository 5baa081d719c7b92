"""`/previsions` view-model: the scenario being planned, its key figures, chart and plan.

The database is read when the page opens (or the horizon changes); the forecast inputs are
then kept in a backend-only var, so each slider move only recomputes from memory.

Three states, because the browser redraws everything that reads a state whenever that
state changes: `ForecastState` holds the knobs and what a move must change at once (key
figures, chart); `PlanState`, its child, what follows a few milliseconds later (the monthly
plan, the comparison, the tapped day); `PlannerState`, another child, the panels a move
leaves alone (events, financing, saved scenarios, forecast vs actual)."""

from __future__ import annotations

import asyncio
import logging
from datetime import date

import reflex as rx
from babel.dates import format_date

from treso_app.domain.calendar import today_paris
from treso_app.domain.dates import parse_day
from treso_app.domain.errors import TresoError, ValidationError
from treso_app.domain.forecast import (
    DEFAULT_FINANCING_FEE_BP,
    ESTIMATES,
    PRESETS,
    Forecast,
    ForecastInput,
    MonthTotals,
    cash_plan,
    expected_receipt,
    forecast,
    monthly_table,
)
from treso_app.domain.money import parse_amount
from treso_app.i18n import t, tn
from treso_app.services import exports, scenarios
from treso_app.services.bank import data_version
from treso_app.services.forecast import planning_inputs
from treso_app.services.scenarios import OneOff, Plan, SavedScenario
from treso_app.services.snapshots import forecast_vs_actual
from treso_app.ui import charts
from treso_app.ui.format import locale, money, short_date
from treso_app.ui.safe_until import risk_words, safe_until_sentence, safe_until_words

from .base import BaseState
from .form_errors import errors_of, typed_cents, without

log = logging.getLogger(__name__)
HORIZONS = ("3", "6", "12", "24")  # months
PLANNER_PATHS = 500  # Monte Carlo paths per slider move: a stable band, well under 50 ms
FINANCEABLE = 12  # invoices offered for financing
EVENT_FIELDS = ("event_label", "event_on", "event_amount")
WARNING_PROBABILITY = 0.2  # from this share of futures under the threshold: amber
NOTES_PER_DAY = 3  # events named in the chart's hover; the day card lists them all


def horizon_days(months: str) -> int:
    return round(int(months) * 365 / 12)


def month_label(month: str) -> str:
    """2026-11 → « nov. 2026 »"""
    return format_date(date(int(month[:4]), int(month[5:]), 1), "MMM y", locale=locale())


def month_heading(month: MonthTotals) -> str:
    """A column of the plan: « déc. 2026 », « déc. 2026 (dès le 02/12) » for the month
    today falls in, or « juin 2027 (au 01/06) » when the horizon ends before the month
    does, so a part of a month is never read as a whole one."""
    label = month_label(month.month)
    late = month.since is not None and month.since.day != 1
    since = format_date(month.since, "dd/MM", locale=locale()) if late else ""
    through = format_date(month.through, "dd/MM", locale=locale())
    if late and month.partial:
        return t("month_between", month=label, since=since, date=through)
    if late:
        return t("month_since", month=label, since=since)
    return t("month_partial", month=label, date=through) if month.partial else label


def _tone(result: Forecast) -> str:
    """Red when the realistic curve goes under the threshold; amber when it does not but
    one future in five or more does (« sur tout l'horizon » is then no all-clear)."""
    if result.safe_until is not None:
        return "danger"
    return "warning" if result.probability_below >= WARNING_PROBABILITY else "safe"


def _plan_totals() -> dict[str, str]:
    keys = ("start", "in", "out", "net", "end")
    return {key: t(f"plan_{key}") for key in keys}


def _safe(result: Forecast) -> tuple[str, str]:
    """The safe-until figure's title and value (« Sous le seuil depuis le » 30/10/2026…)."""
    return safe_until_words(
        result.safe_until, result.under_since, result.days[0], t("safe_whole_horizon")
    )


def _event_row(label: str, cents: int, role: str = "") -> dict[str, str]:
    amount = "" if role == "head" else money(cents, signed=True)
    return {"label": label, "amount": amount, "in": "1" if cents > 0 else "", "role": role}


def present_chart(
    inputs: ForecastInput, plan: Plan, compared: list[SavedScenario]
) -> tuple[dict, Forecast, list[tuple[str, Forecast]]]:
    """Runs in a worker thread: the forecast of `plan` with saved scenarios overlaid, as the
    key figures and chart (what a slider move must show first), and the forecasts behind
    them for `present_plan`."""
    result = forecast(inputs, plan.scenario(t("current_scenario")), paths=PLANNER_PATHS)
    others = [(s.name, forecast(inputs, s.plan.scenario(s.name), paths=1)) for s in compared]
    notes, labels = [], _estimate_labels()
    for day in result.days:
        counted = _counted(result, day, labels)
        named = [
            f"{label} : {money(cents, signed=True)}" for label, cents in counted[:NOTES_PER_DAY]
        ]
        if len(counted) > NOTES_PER_DAY:
            named.append(tn("more_lines", len(counted) - NOTES_PER_DAY))
        notes.append("<br>".join(named))
    figure = charts.scenario_figure(
        result.days, result.realistic, result.p10, result.p90, inputs.threshold_cents, notes,
        [(name, other.realistic) for name, other in others],
    )  # fmt: skip
    safe_title, safe_until = _safe(result)
    chart = {
        "safe_title": safe_title,
        "safe_until": safe_until,
        "tone": _tone(result),
        "lowest": money(result.lowest_cents),
        "lowest_on": t("on_date", date=short_date(result.lowest_on)),
        "probability": risk_words(result.probability_below, result.under_since),
        "figure": figure,
    }
    return chart, result, others


def present_plan(result: Forecast, others: list[tuple[str, Forecast]]) -> dict:
    """The monthly plan, the comparison with saved scenarios and each day's events."""
    table, labels = monthly_table(result), _estimate_labels()
    comparison = []
    for name, other in others:
        differences = [
            f"{month_heading(mine)} "
            + money(
                (theirs.inflows_cents + theirs.outflows_cents)
                - (mine.inflows_cents + mine.outflows_cents),
                signed=True,
            )
            for theirs, mine in zip(monthly_table(other), table, strict=True)
        ]
        comparison.append(
            {"name": name, "summary": _comparison_line(other), "months": " · ".join(differences)}
        )
    if comparison:
        mine = {"name": t("current_scenario"), "summary": _comparison_line(result), "months": ""}
        comparison.insert(0, mine)
    rows = cash_plan(table, _plan_totals())
    headings = [month_heading(m) for m in table]
    return {
        "comparison": comparison,
        "plan_months": headings,
        "plan_rows": [[row.kind, row.label, *(money(c) for c in row.cents)] for row in rows],
        "day_events": {
            day.isoformat(): _day_lines(result, day, labels)
            for day in {*result.events, *result.expected}
        },
        "lowest_day": result.lowest_on.isoformat(),
        "exports": (headings, rows),
    }


def _comparison_line(result: Forecast) -> str:
    lowest = f"{money(result.lowest_cents)} ({short_date(result.lowest_on)})"
    safe = safe_until_sentence(
        result.safe_until, result.under_since, result.days[0], t("safe_whole_horizon")
    )
    return t("comparison_line", safe=safe, lowest=lowest)


def _estimate_labels() -> dict[str, str]:
    return {"habituel": t("usual_activity"), "probable": t("probable_receipts")}


def _counted(result: Forecast, day: date, labels: dict[str, str]) -> list[tuple[str, int]]:
    """What the curve counts on a day, biggest first: each bill, charge or event due then,
    and the estimates as one line each (`labels`: their names) — the usual activity
    (learned, not yet invoiced) and the open invoices' chances of being paid that day."""
    flows = result.events.get(day, [])
    lines = [(f.label, f.amount_cents) for f in flows if f.kind not in ESTIMATES]
    for kind, label in labels.items():
        cents = sum(f.amount_cents for f in flows if f.kind == kind)
        if cents:
            lines.append((label, cents))
    return sorted(lines, key=lambda line: -abs(line[1]))


def _day_lines(result: Forecast, day: date, labels: dict[str, str]) -> list[tuple[str, int, str]]:
    """The day card: the day's change, what the curve counts, then — for information, as
    their amounts are already in the weighted receipts — the invoices most likely paid that
    day. Each row: label, cents, role ("" counted, "total", "head", "info")."""
    rows = [(label, cents, "") for label, cents in _counted(result, day, labels)]
    if rows:  # first, so that it shows without scrolling
        evening = money(int(result.realistic[result.days.index(day)]))
        change = (t("day_change", evening=evening), sum(cents for _, cents, _ in rows), "total")
        rows.insert(0, change)
    expected = result.expected.get(day, [])
    if expected:
        rows.append((t("day_expected_head"), 0, "head"))
        rows += [(f.label, f.amount_cents, "info") for f in expected]
    return rows


def open_page(company_id: int, months: str) -> tuple[int, ForecastInput, dict] | None:
    """Runs in a worker thread: the inputs, and what does not move with the sliders."""
    today = today_paris()
    version = data_version(company_id or None)  # read first: a change during the load shows
    found = planning_inputs(today, horizon_days(months), company_id or None)
    if found is None:
        return None
    company_id, inputs = found
    # The biggest open invoices: what a financer takes, and a list a thumb can go through.
    ranked = sorted(inputs.receivables, key=lambda r: -r.amount_cents)[:FINANCEABLE]
    return (
        company_id,
        inputs,
        {
            "receivables": [
                {
                    "number": r.number,
                    "label": f"{r.label} · {money(r.amount_cents)}",
                    "expected": t(
                        "expected_on",
                        date=short_date(expected_receipt(r, today, inputs.company_delay_days)),
                    ),
                }
                for r in ranked
            ],
            "versus": _versus(company_id, today),
            "version": version,
        },
    )


def _versus(company_id: int, today: date) -> tuple[list[str], dict]:
    """Forecast vs actual: what was expected a month ago, what happened and why in sentences,
    and both balances day by day in a chart."""
    found = forecast_vs_actual(today, company_id=company_id)
    if found is None:
        return [], {}
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
    return lines, charts.versus_figure(found.days)


def _event_item(event: OneOff) -> dict[str, str]:
    shown = f"{short_date(event.on)} · {event.label} · {money(event.cents, signed=True)}"
    return {"on": event.on.isoformat(), "cents": str(event.cents), "label": event.label,
            "shown": shown}  # fmt: skip


def knob_label(name: str, value: int) -> str:
    """« Clients : +1 jour de retard »: the delay counts days (a plural), the others are %."""
    if name == "delay":
        return tn("knob_delay", abs(value), value=value)
    return t(f"knob_{name}", value=value)


def _summary(plan: Plan) -> str:
    parts = [knob_label(name, plan.knobs[name]) for name in scenarios.KNOBS]
    if plan.events:
        parts.append(tn("events_count", len(plan.events)))
    if plan.financed:
        parts.append(tn("financed_count", len(plan.financed)))
    return " · ".join(parts)


class ForecastState(BaseState):
    horizon: str = "6"
    delay: int = 0
    unpaid: int = 0
    revenue: int = 0
    expenses: int = 0
    preset: str = "realiste"
    knobs_version: int = 0  # bumped when knobs jump (preset, loaded scenario): sliders re-mount
    # What the forecast shows
    safe_title: str = t("safe_until")  # « Sous le seuil depuis le » when under it today
    safe_until: str = ""
    tone: str = "safe"  # safe / warning / danger: the safe-until figure's colour
    lowest: str = ""
    lowest_on: str = ""
    probability: str = ""
    figure: dict = {}  # a plotly figure as plain JSON (see charts.scenario_figure)
    version: str = ""  # of the bank data the forecast starts from; `poll` reloads on change
    # The rest of the plan, set by the panels (`PlannerState`)
    _events: tuple[OneOff, ...] = ()
    _financed: tuple[str, ...] = ()
    _fee_bp: int = DEFAULT_FINANCING_FEE_BP
    _compared: tuple[str, ...] = ()  # ids of the saved scenarios overlaid (two at most)
    _inputs: ForecastInput | None = None
    _saved: list[SavedScenario] = []

    @rx.var
    def delay_label(self) -> str:
        return knob_label("delay", self.delay)

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
        try:
            opened = await asyncio.to_thread(open_page, self.company_id, self.horizon)
        except Exception:
            log.exception("forecast inputs failed")
            self.error = t("load_error")
            return
        if opened is None:
            self.error = t("no_company")
            return
        self.company_id, self._inputs, fixed = opened
        self.version = fixed["version"]
        panels = await self.get_state(PlannerState)
        panels.receivables = fixed["receivables"]
        panels.versus, panels.versus_figure = fixed["versus"]
        open_numbers = {r["number"] for r in fixed["receivables"]}
        panels.financed = [n for n in panels.financed if n in open_numbers]
        self._financed = tuple(panels.financed)
        await panels.refresh_saved()
        await self.compute()

    @rx.event
    async def poll(self, _now: str = ""):
        """Every few seconds: start again from new bank lines (inbox, CLI, upload), the
        knobs, events and financing kept as they are."""
        try:
            version = await asyncio.to_thread(data_version, self.company_id or None)
        except Exception:
            log.exception("forecast poll failed")
            return
        if version != self.version:
            await self.load()

    def plan(self) -> Plan:
        return Plan(
            {name: getattr(self, name) for name in scenarios.KNOBS},
            tuple(self._events),
            tuple(self._financed),
            self._fee_bp,
        )

    async def _chart(self) -> tuple[dict, Forecast, list] | None:
        """The key figures and chart of the current plan (in a worker thread), and the
        forecasts behind them."""
        # Raw values, not Reflex's change-tracking proxies: the engine reads thousands of
        # attributes, and through a proxy each read costs many times more.
        inputs = self.get_value("_inputs")
        if inputs is None:
            return None
        compared = [s for s in self.get_value("_saved") if str(s.id) in self._compared]
        try:
            found = await asyncio.to_thread(present_chart, inputs, self.plan(), compared)
        except Exception:
            log.exception("forecast failed")
            self.error = t("load_error")
            return None
        if self.error:  # set only when it changes: any write redraws the page's shell
            self.error = ""
        for name, value in found[0].items():
            setattr(self, name, value)
        return found

    async def _show_plan(self, result: Forecast, others: list) -> None:
        view = await asyncio.to_thread(present_plan, result, others)
        (await self.get_state(PlanState)).show(view)

    async def compute(self):
        found = await self._chart()
        if found is not None:
            await self._show_plan(*found[1:])

    @rx.event
    async def set_horizon(self, months: str | list[str]):
        if isinstance(months, str) and months in HORIZONS and months != self.horizon:
            self.horizon = months
            await self.load()

    @rx.event
    async def use_preset(self, name: str):
        preset = PRESETS[name]
        self.preset = name
        self.delay, self.unpaid = preset.client_delay_days, preset.unpaid_bp // 100
        self.revenue, self.expenses = preset.revenue_pct, preset.expenses_pct
        self.knobs_version += 1
        await self.compute()

    @rx.event
    async def set_knob(self, name: str, value: list[int | float]):
        if name not in scenarios.KNOBS or not value:
            return
        low, high = scenarios.LIMITS[name]
        chosen = min(max(int(value[0]), low), high)
        if chosen == getattr(self, name):
            return  # a key press sends the same value twice (change, then commit)
        setattr(self, name, chosen)
        self.preset = ""
        found = await self._chart()
        if found is not None:
            yield  # the chart and key figures first, while the finger is still on the slider
            await self._show_plan(*found[1:])


class PlanState(ForecastState):
    """What a move changes below the chart: drawn just after it, in a delta of its own."""

    plan_months: list[str] = []
    plan_rows: list[list[str]] = []  # kind, label, one amount per month
    comparison: list[dict[str, str]] = []
    day_title: str = ""
    day_events: list[dict[str, str]] = []
    _day_events: dict[str, list[tuple[str, int, str]]] = {}
    _day_shown: str = ""
    _exports: tuple = ()

    def show(self, view: dict) -> None:
        self.plan_months, self.plan_rows = view["plan_months"], view["plan_rows"]
        self.comparison = view["comparison"]
        self._day_events, self._exports = view["day_events"], view["exports"]
        self._show_day(self._day_shown or view["lowest_day"])  # a move redraws the day shown

    def _show_day(self, iso_day: str):
        self._day_shown = iso_day
        self.day_title = t("day_title", date=short_date(date.fromisoformat(iso_day)))
        self.day_events = [_event_row(*row) for row in self._day_events.get(iso_day, [])]

    @rx.event
    def show_day(self, points: list[dict]):
        """A tap on the chart: what lands that day."""
        for point in points:
            x = str(point.get("x") or "")[:10]
            try:
                date.fromisoformat(x)
            except ValueError:
                continue
            self._show_day(x)
            return

    @rx.event
    async def export_plan(self, kind: str):
        if not self._exports:
            return
        months, rows = self.get_value("_exports")
        make = exports.plan_xlsx if kind == "xlsx" else exports.plan_csv
        data = await asyncio.to_thread(make, months, rows, t("plan_category"))
        return rx.download(data=data, filename=f"plan-de-tresorerie.{kind}")


class PlannerState(ForecastState):
    """The panels beside the knobs; each change here recomputes through `ForecastState`."""

    events: list[dict[str, str]] = []  # on (ISO), cents, label, shown
    deleting_scenario: str = ""  # the saved scenario whose deletion is being confirmed
    deleting_question: str = ""
    financed: list[str] = []
    fee: str = "3,95"
    receivables: list[dict[str, str]] = []
    versus: list[str] = []
    versus_figure: dict = {}
    saved: list[dict[str, str]] = []
    compared: list[str] = []
    scenario_name: str = ""
    name_error: str = ""  # under the scenario's name; the plan's other refusals: `notice`
    notice: str = ""
    # The event form
    event_label: str = ""
    event_on: str = ""
    event_amount: str = ""
    event_direction: str = "out"
    event_errors: dict[str, str] = {}  # by field: event_label, event_on, event_amount, form

    async def _forecast(self) -> ForecastState:
        return await self.get_state(ForecastState)

    async def _replan(self):
        """Hands the plan to `ForecastState` and recomputes there."""
        forecast_state = await self._forecast()
        forecast_state._events = tuple(
            OneOff(date.fromisoformat(e["on"]), int(e["cents"]), e["label"]) for e in self.events
        )
        forecast_state._financed = tuple(self.financed)
        forecast_state._fee_bp = self._typed_fee()
        forecast_state._compared = tuple(self.compared)
        await forecast_state.compute()

    def _typed_fee(self) -> int:
        """The fee typed in %, in basis points; the default when it does not read."""
        try:
            return parse_amount(self.fee)  # cents of a percent are basis points
        except TresoError:
            return DEFAULT_FINANCING_FEE_BP

    async def refresh_saved(self):
        forecast_state = await self._forecast()
        forecast_state._saved = await asyncio.to_thread(scenarios.saved, self.company_id)
        ids = {str(s.id) for s in forecast_state._saved}
        self.compared = [i for i in self.compared if i in ids]
        forecast_state._compared = tuple(self.compared)
        self.saved = [
            {
                "id": str(item.id),
                "name": item.name,
                "summary": _summary(item.plan),
                "compared": "1" if str(item.id) in self.compared else "",
            }
            for item in forecast_state._saved
        ]

    # One-off events

    @rx.event
    def set_event_label(self, value: str):
        self.event_label = value
        self.event_errors = without(self.event_errors, "event_label")

    @rx.event
    def set_event_on(self, value: str):
        self.event_on = value
        self.event_errors = without(self.event_errors, "event_on")

    @rx.event
    def set_event_amount(self, value: str):
        self.event_amount = value
        self.event_errors = without(self.event_errors, "event_amount")

    @rx.event
    def set_event_direction(self, value: str | list[str]):
        if value in ("in", "out"):
            self.event_direction = value

    @rx.event
    async def add_event(self):
        forecast_state = await self._forecast()
        try:
            on = parse_day(self.event_on, "event_on") if self.event_on else None
            cents = abs(typed_cents(self.event_amount, "event_amount"))
            event = scenarios.one_off(
                self.event_label, on, -cents if self.event_direction == "out" else cents
            )
            inputs = forecast_state.get_value("_inputs")
            if inputs and event.on < inputs.as_of:
                raise ValidationError(
                    "L'événement doit être daté d'aujourd'hui ou plus tard.", "event_on"
                )
        except TresoError as error:
            self.event_errors = errors_of(error, EVENT_FIELDS)
            return
        self.events = sorted([*self.events, _event_item(event)], key=lambda e: e["on"])
        self.event_label = self.event_amount = self.notice = ""
        self.event_errors = {}
        await self._replan()

    @rx.event
    async def remove_event(self, index: int):
        self.events = [e for i, e in enumerate(self.events) if i != index]
        await self._replan()

    # Financing

    @rx.event
    async def toggle_financed(self, number: str):
        if number in self.financed:
            self.financed = [n for n in self.financed if n != number]
        else:
            self.financed = [*self.financed, number]
        await self._replan()

    @rx.event
    def set_fee(self, value: str):
        self.fee = value

    @rx.event
    async def apply_fee(self):
        try:
            scenarios.checked_plan({"fee_bp": parse_amount(self.fee)})
        except TresoError as error:
            self.notice = error.message
            return
        self.notice = ""
        await self._replan()

    # Saved scenarios

    @rx.event
    def set_scenario_name(self, value: str):
        self.scenario_name, self.name_error = value, ""

    @rx.event
    async def save_scenario(self):
        forecast_state = await self._forecast()
        try:
            await asyncio.to_thread(
                scenarios.save, self.company_id, self.scenario_name, forecast_state.plan()
            )
        except TresoError as error:
            errors = errors_of(error, ("scenario_name",))
            self.name_error, self.notice = errors.get("scenario_name", ""), errors.get("form", "")
            return
        self.notice = t("saved_notice", name=" ".join(self.scenario_name.split()))
        await self.refresh_saved()
        await self._replan()

    @rx.event
    async def load_scenario(self, scenario_id: str):
        await self.refresh_saved()
        forecast_state = await self._forecast()
        found = next((s for s in forecast_state._saved if str(s.id) == scenario_id), None)
        if found is None:
            self.notice = "Ce scénario n'existe plus."
            return
        plan = found.plan
        for name, value in plan.knobs.items():
            setattr(forecast_state, name, value)
        forecast_state.preset = ""
        forecast_state.knobs_version += 1
        self.events = [_event_item(e) for e in plan.events]
        open_numbers = {r["number"] for r in self.receivables}
        self.financed = [n for n in plan.financed if n in open_numbers]
        self.fee = f"{plan.fee_bp / 100:.2f}".replace(".", ",")
        self.scenario_name, self.notice = found.name, ""
        await self._replan()

    @rx.event
    async def duplicate_scenario(self, scenario_id: str):
        await self._act(scenarios.duplicate, scenario_id)

    @rx.event
    def ask_delete_scenario(self, scenario_id: str, name: str):
        self.deleting_scenario = scenario_id
        self.deleting_question = t("delete_scenario_question", name=name)

    @rx.event
    def cancel_delete_scenario(self, _open: bool = False):
        self.deleting_scenario = ""

    @rx.event
    async def delete_scenario(self):
        scenario_id, self.deleting_scenario = self.deleting_scenario, ""
        if scenario_id:
            await self._act(scenarios.delete, scenario_id)

    async def _act(self, action, scenario_id: str):
        try:
            await asyncio.to_thread(action, self.company_id, int(scenario_id))
        except TresoError as error:
            self.notice = error.message
        await self.refresh_saved()
        await self._replan()

    @rx.event
    async def toggle_compare(self, scenario_id: str):
        if scenario_id in self.compared:
            self.compared = [i for i in self.compared if i != scenario_id]
        else:
            self.compared = [*self.compared[-1:], scenario_id]  # two at most
        await self.refresh_saved()
        await self._replan()
