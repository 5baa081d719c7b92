"""French and SEPA identifiers: SIREN (Luhn checksum), IBAN and BIC (through schwifty)."""

from __future__ import annotations

import re

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from .errors import ValidationError

_SPACES = re.compile(r"[\s.\-]")


def siren(text: str | None) -> str | None:
    """A SIREN as 9 digits (a 14-digit SIRET gives its SIREN), or None when empty."""
    raw = _SPACES.sub("", text or "")
    if not raw:
        return None
    if not raw.isdigit() or len(raw) not in (9, 14):
        raise ValidationError(f"« {text} » n'est pas un SIREN : il faut 9 chiffres.", "siren")
    if not _luhn_ok(raw[:9]) or (len(raw) == 14 and not _siret_ok(raw)):
        raise ValidationError(
            f"SIREN « {text} » invalide : la clé de contrôle ne correspond pas "
            "(vérifiez les chiffres sur l'extrait Kbis ou l'annuaire des entreprises).",
            "siren",
        )
    return raw[:9]


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _siret_ok(digits: str) -> bool:
    # La Poste's establishments (SIREN 356000000) use a plain digit sum instead of Luhn.
    return _luhn_ok(digits) or (digits.startswith("356000000") and sum(map(int, digits)) % 5 == 0)


def iban(text: str | None) -> str | None:
    """An IBAN in its compact form (FR76…), or None when empty."""
    if not (text or "").strip():
        return None
    try:
        return IBAN(text).compact
    except SchwiftyException:
        raise ValidationError(
            f"IBAN « {text} » invalide : vérifiez-le sur le RIB (27 caractères pour la France, "
            "commençant par FR76).",
            "iban",
        ) from None


def bic(text: str | None) -> str | None:
    if not (text or "").strip():
        return None
    try:
        return str(BIC(text.strip().upper()))
    except SchwiftyException:
        raise ValidationError(
            f"BIC « {text} » invalide : 8 ou 11 caractères, comme AGRIFRPP ou AGRIFRPP878.", "bic"
        ) from None


def email(text: str | None) -> str | None:
    raw = (text or "").strip()
    if not raw:
        return None
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", raw):
        raise ValidationError(f"« {raw} » n'est pas une adresse e-mail.", "email")
    return raw
