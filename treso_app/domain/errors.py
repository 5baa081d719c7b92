"""One exception class per kind of failure, each with a French message for the user."""

from __future__ import annotations

import errno


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


_OS_REASONS = {
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.EISDIR: "c'est un dossier, pas un fichier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EACCES: "accès refusé",
    errno.EPERM: "opération non permise",
    errno.EEXIST: "un fichier de ce nom existe déjà",
    errno.ENOSPC: "disque plein",
    errno.EROFS: "disque en lecture seule",
    errno.EIO: "erreur de lecture du disque",
    errno.ELOOP: "lien symbolique refusé",
}


def os_reason(error: OSError) -> str:
    """An operating-system error in French words (its own text is English)."""
    return _OS_REASONS.get(error.errno, f"erreur du système ({error.errno or '?'})")
