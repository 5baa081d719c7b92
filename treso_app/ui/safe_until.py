"""« À l'abri jusqu'au » in words, as the dashboard, the planner and `treso forecast` say it."""

from __future__ import annotations

from datetime import date

from treso_app.i18n import t
from treso_app.ui.format import short_date


def safe_until_words(
    safe_until: date | None, under_since: date | None, today: date, beyond: str
) -> tuple[str, str]:
    """A title and its figure: « À l'abri jusqu'au » 12/03/2027 (`beyond` when the curve
    stays above the threshold); when today's balance is under it already, « Sous le seuil
    depuis le » 30/10/2026, else « Sous le seuil » aujourd'hui — never a future for today."""
    if under_since is not None and under_since < today:
        return t("under_since"), short_date(under_since)
    if under_since is not None:
        return t("under_now"), t("under_today")
    return t("safe_until"), short_date(safe_until) if safe_until else beyond


def risk_words(probability_below: float, under_since: date | None) -> str:
    """The share of sampled futures under the threshold: « Risque de passer sous le seuil :
    34 % », or, under it today already (every future is), « Déjà sous le seuil : risque 100 % »."""
    key = "probability_under_now" if under_since is not None else "probability_below"
    return t(key, value=round(100 * probability_below))


def safe_until_sentence(
    safe_until: date | None, under_since: date | None, today: date, beyond: str
) -> str:
    """The same in one line: « Sous le seuil aujourd'hui », « À l'abri jusqu'au 12/03/2027 »."""
    title, figure = safe_until_words(safe_until, under_since, today, beyond)
    return f"{title} {figure}" if under_since or safe_until else f"{title} : {figure}"
