"""A form's errors as its page shows them: the message next to the field it names, or under
the form when the form has no such field (so that no refusal is ever lost)."""

from __future__ import annotations

from collections.abc import Collection

from treso_app.domain.errors import TresoError, ValidationError
from treso_app.domain.money import parse_amount


def errors_of(error: TresoError, shown: Collection[str]) -> dict[str, str]:
    """{field: message} for a refusal; `shown`: the fields the form puts an error under."""
    field = getattr(error, "field", "")
    return {field if field in shown else "form": error.message}


def without(errors: dict[str, str], field: str) -> dict[str, str]:
    """The errors left once `field` is typed in again (the form-wide one goes too)."""
    return {k: v for k, v in errors.items() if k not in (field, "form")}


def typed_cents(text: str, field: str = "amount") -> int:
    """An amount typed in a form's `field`: a text that does not read is that field's error."""
    try:
        return parse_amount(text)
    except TresoError as error:
        raise ValidationError(error.message, field) from None
