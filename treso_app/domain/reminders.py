"""Escalating payment reminders (relances): which one is due for an invoice, and its text.

Default sequence: a courtesy reminder 3 days before the due date, a reminder at +7 days, a firm
one at +15, a formal notice (mise en demeure, with penalties and the €40 indemnity) at +30.
Only the highest level due is proposed and a level is never sent twice: an invoice found 20
days late gets the firm reminder, not the three before it. A fresh invoice is left alone: no
reminder on its issue day, nor before it is `min_age_days` old (the company's setting, 7 by
default) — a client cannot be chased for an invoice it has just received.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from .errors import ValidationError


@dataclass(frozen=True)
class Step:
    level: int
    offset_days: int  # from the due date: -3 = three days before
    title: str
    subject: str
    body: str


_SIGNATURE = "\n\nCordialement,\n{entreprise}"
DEFAULT_PLAN = (
    Step(
        1,
        -3,
        "Rappel courtois",
        "Facture {numero} : échéance le {echeance}",
        "Bonjour,\n\nPetit rappel : notre facture {numero} de {montant} arrive à échéance le "
        "{echeance}. Si le règlement est déjà parti, merci de ne pas tenir compte de ce message."
        + _SIGNATURE,
    ),
    Step(
        2,
        7,
        "Relance",
        "Facture {numero} en attente de règlement",
        "Bonjour,\n\nSauf erreur de notre part, notre facture {numero} de {montant}, échue le "
        "{echeance}, n'est pas encore réglée ({jours_retard} jours de retard). Pourriez-vous "
        "nous indiquer la date de paiement prévue ?" + _SIGNATURE,
    ),
    Step(
        3,
        15,
        "Relance ferme",
        "Deuxième relance : facture {numero} impayée",
        "Bonjour,\n\nMalgré notre précédente relance, la facture {numero} de {montant}, échue "
        "le {echeance}, reste impayée ({jours_retard} jours de retard). Merci de procéder au "
        "règlement sous 8 jours.{avertissement_penalites}" + _SIGNATURE,
    ),
    Step(
        4,
        30,
        "Mise en demeure",
        "Mise en demeure de payer : facture {numero}",
        "Madame, Monsieur,\n\nNotre facture {numero} de {montant}, échue le {echeance}, reste "
        "impayée malgré nos relances ({jours_retard} jours de retard).\n\nPar la présente, nous "
        "vous mettons en demeure de nous régler sous huit jours la somme de {montant_du}"
        "{detail_somme_due}.\n\nÀ défaut, nous engagerons une procédure de recouvrement "
        "judiciaire (injonction de payer)." + _SIGNATURE,
    ),
)
PLACEHOLDERS = (
    "client", "numero", "montant", "montant_du", "echeance", "jours_retard", "penalites",
    "entreprise", "avertissement_penalites", "detail_somme_due",
)  # fmt: skip
MAX_MIN_AGE_DAYS = 90  # bound of the company's « no reminder before … days » setting
_FIELD = re.compile(r"\{([^{}]*)\}")


def plan_from(stored: Sequence[Mapping] | None) -> tuple[Step, ...]:
    """The company's sequence as saved in settings, else the default."""
    if not stored:
        return DEFAULT_PLAN
    return tuple(sorted((Step(**dict(s)) for s in stored), key=lambda s: s.offset_days))


def plan_to_json(plan: Sequence[Step]) -> list[dict]:
    return [asdict(step) for step in plan]


def checked_template(text: str, what: str) -> str:
    """A template whose placeholders all exist, else a message listing the known ones."""
    for name in _FIELD.findall(text):
        if name not in PLACEHOLDERS:
            known = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
            raise ValidationError(
                f"{what} : « {{{name}}} » n'est pas un champ connu. Champs possibles : {known}.",
                "template",
            )
    return text


def penalty_sentences(professional: bool, interest: str) -> dict[str, str]:
    """The legal sentences about penalties: only for a professional client (B2B); a private
    customer owes neither the penalties of L441-10 nor the €40 indemnity."""
    if not professional:
        return {"avertissement_penalites": "", "detail_somme_due": ""}
    return {
        "avertissement_penalites": f" À défaut, des pénalités de retard ({interest} à ce jour) "
        "et l'indemnité forfaitaire pour frais de recouvrement de 40 € seront appliquées.",
        "detail_somme_due": ", soit le principal restant dû, les pénalités de retard "
        f"({interest}, art. L441-10 du Code de commerce) et l'indemnité forfaitaire pour frais "
        "de recouvrement de 40 € (art. D441-5)",
    }


def render(template: str, values: Mapping[str, str]) -> str:
    return _FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def due_step(
    plan: Sequence[Step],
    issued_on: date,
    due_on: date,
    today: date,
    done_levels: Collection[int],
    min_age_days: int,
) -> Step | None:
    """The reminder to send today for an open invoice, if any: the highest level whose day
    has come, provided no level as high was already done and the invoice is old enough."""
    age = (today - issued_on).days
    if age < max(min_age_days, 1):  # never on the issue day, even with a 0-day setting
        return None
    reached = [s for s in plan if due_on + timedelta(days=s.offset_days) <= today]
    if not reached:
        return None
    step = max(reached, key=lambda s: s.level)
    if done_levels and max(done_levels) >= step.level:
        return None
    # A courtesy reminder before the due date makes no sense once it has passed.
    if step.offset_days < 0 and today > due_on:
        return None
    return step
