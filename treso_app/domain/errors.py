"""One exception class per kind of failure, each with a French message for the user."""

from __future__ import annotations


class TresoError(Exception):
    """Base error: `message` is shown to the user (French), `detail` goes to the log."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class AmountParseError(TresoError, ValueError):
    """A text could not be read as an amount of money."""


class PaymentTermsError(TresoError, ValueError):
    """A payment-terms text is not one we understand, or exceeds the legal cap."""


class VatRateError(TresoError, ValueError):
    """A VAT rate that does not exist in France."""


class ValidationError(TresoError, ValueError):
    """A form or file value that cannot be accepted; `field` names the input it belongs to."""

    def __init__(self, message: str, field: str = "", detail: str = "") -> None:
        super().__init__(message, detail)
        self.field = field
