"""Amounts, dates and text as bank files write them. Each helper raises ValueError on garbage."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

from babel.numbers import format_decimal

from treso_app.domain.calendar import PARIS
from treso_app.domain.limits import ReadLimit

from .model import StatementError

_GROUP_CHARS = " \u00a0\u202f\u2009'’"
_SYMBOLS = {"R$": "BRL", "€": "EUR", "$": "USD", "£": "GBP"}
# Sign, currency (code or symbol) and sign again on either side of the number:
# "-12,50", "+ $73.01", "EUR 1 234,56", "1.234,56 €", "123,45-". Possessive quantifiers
# never give back what they took: the number's spaces were once retried against the
# spaces after it in every split, quadratic in a run of spaces.
_AMOUNT = re.compile(
    r"(?P<sign1>[+\-−])?\s*+(?:[A-Z]{3}|R\$|[€$£])?\s*+(?P<sign2>[+\-−])?\s*+"
    r"(?P<number>\d[\d.,'’ \u00a0\u202f\u2009]*+)"
    r"(?:[A-Z]{3}|[€$£]|[Ee]uros?)?\s*+(?P<sign3>-)?"
)
_NUMBER = re.compile(r"\d+(\.\d+)?")


_PLAIN = re.compile(r"(-?)(\d{1,15})(?:([.,])(\d{1,2}))?")  # most bank amounts: fast path


def amount_to_cents(text: str, decimal_sep: str = ".") -> int:
    """``"-1 234,56"`` with ``decimal_sep=","`` → ``-123456``. Refuses sub-cent amounts."""
    plain = _PLAIN.fullmatch(text)
    if plain and plain[3] in (None, decimal_sep):
        cents = int(plain[2]) * 100 + (int(plain[4].ljust(2, "0")) if plain[4] else 0)
        return -cents if plain[1] else cents
    raw = text.strip()
    if len(raw) > ReadLimit.AMOUNT_LENGTH:
        raise ValueError(f"« {shown(raw)} » est trop long pour un montant")
    body, negative = raw, False
    if body.startswith("(") and body.endswith(")"):  # accountants' negative notation
        body, negative = body[1:-1].strip(), True
    match = _AMOUNT.fullmatch(body)
    if not match:
        raise ValueError(f"« {raw} » n'est pas un montant")
    signs = [match[name] for name in ("sign1", "sign2", "sign3") if match[name]]
    if len(signs) > 1:
        raise ValueError(f"« {raw} » a plusieurs signes")
    negative = negative != (signs[:1] in (["-"], ["−"]))
    number = match["number"]
    for char in _GROUP_CHARS:
        number = number.replace(char, "")
    group_sep = "," if decimal_sep == "." else "."
    number = number.replace(group_sep, "").replace(decimal_sep, ".")
    if not _NUMBER.fullmatch(number):
        raise ValueError(f"« {raw} » n'est pas un montant")
    value = Decimal(number) * 100
    if value != value.to_integral_value():
        raise ValueError(f"« {raw} » a plus de deux décimales")
    return -int(value) if negative else int(value)


def currency_of(text: str) -> str | None:
    """The currency a symbol in an amount reveals (``"£67.40"`` → ``"GBP"``), if any."""
    for symbol in _SYMBOLS:  # "R$" before "$"
        if symbol in text:
            return _SYMBOLS[symbol]
    return None


def paris_day(moment: datetime) -> date:
    """The Paris calendar day of an instant (naive instants are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(PARIS).date()


def century(two_digit_year: int) -> int:
    """Two-digit years in bank files: 00–69 → 2000s, 70–99 → 1900s."""
    return 2000 + two_digit_year if two_digit_year < 70 else 1900 + two_digit_year


def decode_text(data: bytes) -> str:
    """The bytes decide, not what a header claims: UTF-8 (BOM or not) when it decodes,
    else Windows-1252, what Excel and most French bank exports write."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def check_no_nul(text: str) -> None:
    """No bank text file holds a NUL character: a binary file, or one saved as UTF-16."""
    at = text.find("\x00")
    if at >= 0:
        raise StatementError(
            "caractère nul (octet 0) : ce n'est pas un fichier texte lisible (fichier binaire, "
            "abîmé ou enregistré en UTF-16).",
            line_at(text, at),
        )


def check_line_length(text: str, breaks: str = "\r\n", without: str = "retour à la ligne") -> None:
    """Refuse more than `ReadLimit.LINE_LENGTH` characters in a row without one of `breaks`,
    before any parsing. Each window of the limit's size is searched backwards for its last
    break: a few steps per window, linear in the text."""
    limit, start = ReadLimit.LINE_LENGTH, 0
    while len(text) - start > limit:
        end = start + limit + 1
        last = max(text.rfind(char, start, end) for char in breaks)
        if last < 0:
            raise StatementError(
                f"plus de {french_count(limit)} caractères sans {without} : "
                "ce fichier n'est pas un relevé lisible (abîmé ou malveillant).",
                line_at(text, start),
            )
        start = last + 1


def check_rows(count: int, what: str = "lignes") -> None:
    """At most `ReadLimit.ROWS` lines in one file."""
    if count > ReadLimit.ROWS:
        raise StatementError(
            f"plus de {french_count(ReadLimit.ROWS)} {what} : découpez le fichier (par exemple par "
            "période)."
        )


def french_count(value: int) -> str:
    """10 000, as a French reader writes it."""
    return format_decimal(value, locale="fr_FR")


def line_at(text: str, position: int) -> int:
    """The line number of a position, counted only when a message needs it."""
    return text.count("\n", 0, position) + 1


def shown(text: str) -> str:
    """A file's text quoted in a message, cut when long: messages are read, and logged."""
    return text if len(text) <= 40 else f"{text[:40]}…"


def clean_text(text: str | None) -> str:
    """Single spaces, no control characters: labels end up on screen."""
    if not text:
        return ""
    return " ".join(text.replace("\x00", " ").split())
