"""Settings from the environment. Read once at start; no other module-level state."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "treso.db"


DEFAULT_INBOX = PROJECT_ROOT / "data" / "inbox"


@dataclass(frozen=True)
class Settings:
    database_url: str
    locale: str
    inbox_dir: Path  # bank files dropped here are imported by the scheduler
    inbox_minutes: float  # how often the inbox is polled
    inbox_settle_seconds: float  # a file unchanged this long is no longer being written


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    user: str
    password: str
    sender: str
    security: str  # starttls / ssl / none


def smtp_settings() -> Smtp | None:
    """Outgoing mail for reminders, from SMTP_*; None when SMTP_HOST is not set."""
    host = os.environ.get("SMTP_HOST", "").strip()
    if not host:
        return None
    port = int(os.environ.get("SMTP_PORT") or 587)
    security = os.environ.get("SMTP_SECURITY") or ("ssl" if port == 465 else "starttls")
    user = os.environ.get("SMTP_USER", "")
    return Smtp(
        host,
        port,
        user,
        os.environ.get("SMTP_PASSWORD", ""),
        os.environ.get("SMTP_FROM") or user,
        security.lower(),
    )


def locale_name() -> str:
    """The display locale alone: asked for each formatted amount, so kept cheap."""
    return os.environ.get("TRESO_LOCALE", "fr_FR")


def load_settings() -> Settings:
    return Settings(
        database_url=os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_DB_PATH}",
        locale=locale_name(),
        inbox_dir=Path(os.environ.get("TRESO_INBOX") or DEFAULT_INBOX),
        inbox_minutes=float(os.environ.get("TRESO_INBOX_MINUTES") or 5),
        inbox_settle_seconds=float(os.environ.get("TRESO_INBOX_SETTLE_SECONDS") or 30),
    )
