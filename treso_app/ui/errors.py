"""What a page says when something fails: a TresoError's own French sentence (a locked
database, a refused value), else a French sentence that sends the detail to the log."""

from __future__ import annotations

import logging

import reflex as rx
from reflex.event import EventSpec

from treso_app.domain.errors import TresoError
from treso_app.i18n import t

log = logging.getLogger(__name__)


def load_failure(error: Exception) -> str:
    """The message of a page whose data could not be read."""
    return error.message if isinstance(error, TresoError) else t("load_error")


def backend_exception_handler(exception: Exception) -> EventSpec:
    """Every event handler's uncaught error, once for the whole app: French, no trace."""
    if isinstance(exception, TresoError):
        log.warning("%s (%s)", exception.message, exception.detail)
        return rx.toast.error(exception.message, id="backend_error", position="top-center")
    log.error("Unexpected error in an event handler", exc_info=exception)
    return rx.toast.error(t("unexpected_error"), id="backend_error", position="top-center")
