"""What-if scenarios: the knobs a planning session moves, checked, turned into the engine's
`Scenario`, and saved per company under a name. One transaction each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import select

from treso_app.db import tables as t
from treso_app.db.session import read_only, transaction
from treso_app.domain.bounds import TextLimit, check_amount, check_date, check_text
from treso_app.domain.errors import TresoError, ValidationError
from treso_app.domain.forecast import DEFAULT_FINANCING_FEE_BP, Flow, Scenario

KNOBS = ("delay", "unpaid", "revenue", "expenses")
# Slider ranges: days of extra client delay, % of open invoices never paid, % on revenue and
# on expenses.
LIMITS = {"delay": (-15, 60), "unpaid": (0, 30), "revenue": (-30, 30), "expenses": (-30, 30)}
NAMES = {
    "delay": "retard des clients",
    "unpaid": "factures jamais payées",
    "revenue": "chiffre d'affaires",
    "expenses": "dépenses",
}
MAX_EVENTS = 30
MAX_FEE_BP = 2000  # a financer charging more than 20 % is not a plan worth drawing
EVENT_CATEGORY = "Événements ponctuels"


@dataclass(frozen=True)
class OneOff:
    """A one-off event of a scenario: a big order, an investment, a tax adjustment."""

    on: date
    cents: int  # inflow > 0, outflow < 0
    label: str


@dataclass(frozen=True)
class Plan:
    """Everything a what-if scenario changes; what a saved scenario holds."""

    knobs: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KNOBS, 0))
    events: tuple[OneOff, ...] = ()
    financed: tuple[str, ...] = ()  # invoice numbers advanced by a financer
    fee_bp: int = DEFAULT_FINANCING_FEE_BP

    def scenario(self, name: str) -> Scenario:
        return Scenario(
            name,
            client_delay_days=self.knobs["delay"],
            unpaid_bp=self.knobs["unpaid"] * 100,
            revenue_pct=self.knobs["revenue"],
            expenses_pct=self.knobs["expenses"],
            events=tuple(
                Flow(e.on, e.cents, e.label, EVENT_CATEGORY, "événement") for e in self.events
            ),
            financed=self.financed,
            financing_fee_bp=self.fee_bp,
        )

    def parameters(self) -> dict:
        """The JSON kept in the database."""
        return {
            **self.knobs,
            "events": [
                {"on": e.on.isoformat(), "cents": e.cents, "label": e.label} for e in self.events
            ],
            "financed": list(self.financed),
            "fee_bp": self.fee_bp,
        }


def checked_plan(parameters: dict) -> Plan:
    """A plan from form or database values, refused with a French message when out of range."""
    knobs = {}
    for knob in KNOBS:
        low, high = LIMITS[knob]
        value = int(parameters.get(knob, 0))
        if not low <= value <= high:
            raise TresoError(f"Valeur hors limites pour « {NAMES[knob]} » : {value}.")
        knobs[knob] = value
    events = tuple(
        one_off(str(e["label"]), date.fromisoformat(e["on"]), int(e["cents"]))
        for e in parameters.get("events", [])
    )
    if len(events) > MAX_EVENTS:
        raise TresoError(f"Un scénario compte au plus {MAX_EVENTS} événements ponctuels.")
    fee_bp = int(parameters.get("fee_bp", DEFAULT_FINANCING_FEE_BP))
    if not 0 <= fee_bp <= MAX_FEE_BP:
        raise TresoError("Les frais de financement vont de 0 à 20 %.")
    return Plan(knobs, events, tuple(str(n) for n in parameters.get("financed", [])), fee_bp)


def one_off(label: str, on: date | None, cents: int) -> OneOff:
    """A one-off event typed by the owner (or saved in a scenario), checked."""
    label = " ".join(label.split())
    if not label:
        raise ValidationError("Décrivez l'événement (par exemple « Achat camion »).", "event_label")
    check_text(label, TextLimit.NAME, "le libellé de l'événement", "event_label")
    if on is None:
        raise ValidationError("Choisissez la date de l'événement.", "event_on")
    check_date(on, "la date de l'événement", "event_on")
    check_amount(cents, "le montant de l'événement", "event_amount", zero=False)
    return OneOff(on, cents, label)


@dataclass(frozen=True)
class SavedScenario:
    id: int
    name: str
    plan: Plan


def _checked_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(
            "Donnez un nom au scénario (par exemple « Gros chantier en mars »).", "scenario_name"
        )
    return check_text(name, TextLimit.NAME, "le nom du scénario", "scenario_name")


def save(company_id: int, name: str, plan: Plan, url: str | None = None) -> int:
    """Saves under `name`, replacing the plan of a scenario already called so."""
    name = _checked_name(name)
    parameters = checked_plan(plan.parameters()).parameters()
    with transaction(url) as session:
        found = session.exec(
            select(t.Scenario).where(t.Scenario.company_id == company_id, t.Scenario.name == name)
        ).first()
        if found is None:
            found = t.Scenario(company_id=company_id, name=name, parameters=parameters)
            session.add(found)
        else:
            found.parameters = parameters
        session.flush()
        return found.id


def saved(company_id: int, url: str | None = None) -> list[SavedScenario]:
    with read_only(url) as session:
        rows = session.exec(
            select(t.Scenario).where(t.Scenario.company_id == company_id).order_by(t.Scenario.name)
        ).all()
    return [SavedScenario(r.id, r.name, checked_plan(r.parameters)) for r in rows]


def duplicate(company_id: int, scenario_id: int, url: str | None = None) -> int:
    with transaction(url) as session:
        original = _owned(session, company_id, scenario_id)
        names = set(
            session.exec(select(t.Scenario.name).where(t.Scenario.company_id == company_id)).all()
        )
        copy, number = f"{original.name} (copie)", 2
        while copy in names:
            copy, number = f"{original.name} (copie {number})", number + 1
        clone = t.Scenario(
            company_id=company_id, name=copy[:60], parameters=dict(original.parameters)
        )
        session.add(clone)
        session.flush()
        return clone.id


def delete(company_id: int, scenario_id: int, url: str | None = None) -> None:
    with transaction(url) as session:
        session.delete(_owned(session, company_id, scenario_id))


def _owned(session, company_id: int, scenario_id: int) -> t.Scenario:
    found = session.get(t.Scenario, scenario_id)
    if found is None or found.company_id != company_id:
        raise TresoError("Ce scénario n'existe plus.")
    return found
