"""Saved what-if scenarios: a name and the knobs, per company. One transaction each."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select

from treso_app.db import tables as t
from treso_app.db.session import read_only, transaction
from treso_app.domain.errors import TresoError

KNOBS = ("delay", "unpaid", "revenue", "expenses")
LIMITS = {"delay": (-15, 60), "unpaid": (0, 30), "revenue": (-30, 30), "expenses": (-30, 30)}


@dataclass(frozen=True)
class SavedScenario:
    id: int
    name: str
    knobs: dict[str, int]


def _checked(name: str, knobs: dict[str, int]) -> tuple[str, dict[str, int]]:
    name = " ".join(name.split())
    if not name:
        raise TresoError("Donnez un nom au scénario (par exemple « Gros chantier en mars »).")
    if len(name) > 60:
        raise TresoError("Le nom du scénario dépasse 60 caractères.")
    clean = {}
    for knob in KNOBS:
        low, high = LIMITS[knob]
        value = int(knobs.get(knob, 0))
        if not low <= value <= high:
            raise TresoError(f"Valeur hors limites pour « {knob} » : {value}.")
        clean[knob] = value
    return name, clean


def save(company_id: int, name: str, knobs: dict[str, int], url: str | None = None) -> int:
    """Saves under `name`, replacing the knobs of a scenario already called so."""
    name, knobs = _checked(name, knobs)
    with transaction(url) as session:
        found = session.exec(
            select(t.Scenario).where(t.Scenario.company_id == company_id, t.Scenario.name == name)
        ).first()
        if found is None:
            found = t.Scenario(company_id=company_id, name=name, parameters=knobs)
            session.add(found)
        else:
            found.parameters = knobs
        session.flush()
        return found.id


def saved(company_id: int, url: str | None = None) -> list[SavedScenario]:
    with read_only(url) as session:
        rows = session.exec(
            select(t.Scenario).where(t.Scenario.company_id == company_id).order_by(t.Scenario.name)
        ).all()
    return [
        SavedScenario(r.id, r.name, {k: int(r.parameters.get(k, 0)) for k in KNOBS}) for r in rows
    ]


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
