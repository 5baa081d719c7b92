"""Money as integer cents: parsing French amounts and formatting them with Babel.

No float ever touches an amount: text goes through `Decimal`, then to `int` cents.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale
from babel.numbers import NumberPattern, format_decimal

from .errors import AmountParseError

# Spaces a French document may put between thousands: space, no-break, narrow no-break, thin.
_GROUP_SPACES = " \u00a0\u202f\u2009'’"
_CURRENCY = re.compile(r"(€|eur(os?)?)", re.IGNORECASE)
_SHAPE = re.compile(r"^[+-]?\d+(\.\d+)?$")


MAX_AMOUNT_TEXT = 40  # « -999 999 999 999,99 € » and room for spaces


def parse_amount(text: str) -> int:
    """Read a French (or plain) amount such as ``1 234,56``, ``-12,5``, ``1.234,56 €`` → cents.

    Refuses garbage, more than two decimals and ambiguous separators with `AmountParseError`.
    """
    if text is None:
        raise AmountParseError("Montant manquant.")
    raw = str(text).strip()
    if len(raw) > MAX_AMOUNT_TEXT:  # before any pattern, and never echoed back whole
        raise AmountParseError(
            f"Ce montant fait {format_decimal(len(raw), locale='fr_FR')} caractères : "
            f"un montant en compte {MAX_AMOUNT_TEXT} au plus."
        )
    cleaned = _CURRENCY.sub("", raw).strip()
    negative = False
    if cleaned.startswith("(") and cleaned.endswith(")"):  # accountants' negative notation
        negative, cleaned = True, cleaned[1:-1].strip()
    for char in _GROUP_SPACES:
        cleaned = cleaned.replace(char, "")
    cleaned = cleaned.replace("−", "-")  # typographic minus sign
    if not cleaned:
        raise AmountParseError(f"« {raw} » n'est pas un montant : aucun chiffre.")
    cleaned = _normalise_separators(cleaned, raw)
    if not _SHAPE.match(cleaned):
        raise AmountParseError(f"« {raw} » n'est pas un montant lisible (exemple : 1 234,56).")
    value = Decimal(cleaned)
    try:
        exact = value == value.quantize(Decimal("0.01"))
    except InvalidOperation:  # more digits than Decimal's precision: no amount has them
        raise AmountParseError("Ce montant a trop de chiffres pour en être un.") from None
    if not exact:
        raise AmountParseError(f"« {raw} » a plus de deux décimales.")
    cents = int(value * 100)
    return -cents if negative else cents


def _normalise_separators(text: str, raw: str) -> str:
    """Turn the decimal separator into '.' and drop thousands separators (dot or comma)."""
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        # The last one is the decimal separator: "1.234,56" (French) or "1,234.56" (English).
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        group_sep = "." if decimal_sep == "," else ","
        if text.count(decimal_sep) > 1:
            raise AmountParseError(f"« {raw} » contient plusieurs séparateurs décimaux.")
        integer_part = text[: text.rfind(decimal_sep)]
        if not re.fullmatch(rf"[+-]?\d{{1,3}}(\{group_sep}\d{{3}})*", integer_part):
            raise AmountParseError(f"« {raw} » : séparateurs de milliers mal placés.")
        return text.replace(group_sep, "").replace(decimal_sep, ".")
    if commas > 1 or dots > 1:
        sep = "," if commas else "."
        if not re.fullmatch(rf"[+-]?\d{{1,3}}(\{sep}\d{{3}})+", text):
            raise AmountParseError(f"« {raw} » contient plusieurs séparateurs décimaux.")
        return text.replace(sep, "")
    if dots == 1 and re.fullmatch(r"[+-]?\d{1,3}\.\d{3}", text):
        # "1.234" alone is a French thousands group, never 1,234 euros in a French file.
        return text.replace(".", "")
    return text.replace(",", ".")


@lru_cache(maxsize=8)
def _currency_pattern(locale: str) -> tuple[Locale, NumberPattern]:
    """The locale and its currency pattern, parsed once: `format_currency` parses both and
    looks up the currency's name on every call."""
    parsed = Locale.parse(locale)
    return parsed, parsed.currency_formats["standard"]


def _babel_amount(cents: int, locale: str) -> str:
    parsed, pattern = _currency_pattern(locale)
    return pattern.apply(to_decimal(cents), parsed, currency="EUR")


_PROBE = re.compile(r"(\D*)1(?P<group>\D*)234(?P=group)567(\D+)89(\D*)")
_CHECKS = (0, 5, -5, 99, 1_234_56, -12_345_67, 123_456_789_00, -100_000_000)


@lru_cache(maxsize=8)
def _amount_shape(locale: str) -> dict[bool, tuple[str, str, str, str]] | None:
    """Babel's way of writing an amount in `locale`, learned once from 1 234 567,89:
    (prefix, group, decimal, suffix) for positive and negative amounts. None when the
    locale's pattern is not that simple (other grouping, minimum grouping digits…)."""
    shape = {}
    for negative in (False, True):
        found = _PROBE.fullmatch(_babel_amount(-123_456_789 if negative else 123_456_789, locale))
        if found is None:
            return None
        shape[negative] = found.groups()
    if any(_shaped(cents, shape) != _babel_amount(cents, locale) for cents in _CHECKS):
        return None
    return shape


def _shaped(cents: int, shape: dict[bool, tuple[str, str, str, str]]) -> str:
    prefix, group, decimal, suffix = shape[cents < 0]
    euros, rest = divmod(abs(cents), 100)
    return f"{prefix}{euros:,}".replace(",", group) + f"{decimal}{rest:02d}{suffix}"


def to_decimal(cents: int) -> Decimal:
    """Cents → euros as an exact Decimal (for Babel and XML, never for arithmetic)."""
    return Decimal(cents).scaleb(-2)


def format_amount(cents: int, locale: str = "fr_FR", signed: bool = False) -> str:
    """``123456`` → ``1 234,56 €`` (narrow no-break space for thousands, fr_FR).

    Babel's own output, written from its learned shape: a chart's hover formats hundreds of
    amounts per slider move, and Babel takes ~0.2 ms for each."""
    shape = _amount_shape(locale)
    text = _shaped(cents, shape) if shape else _babel_amount(cents, locale)
    if signed and cents > 0:
        text = "+" + text
    return text


def typed_amount(cents: int) -> str:
    """``123456`` → ``1234,56``: an amount as a French user types it in a form field."""
    return str(to_decimal(cents)).replace(".", ",")
