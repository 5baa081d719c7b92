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


def locale_name() -> str:
    """The display locale alone: asked for each formatted amount, so kept cheap."""
    return os.environ.get("TRESO_LOCALE", "fr_FR")


def load_settings() -> Settings:
    return Settings(
        database_url=os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_DB_PATH}",
        locale=locale_name(),
        inbox_dir=Path(os.environ.get("TRESO_INBOX") or DEFAULT_INBOX),
        inbox_minutes=float(os.environ.get("TRESO_INBOX_MINUTES") or 5),
    )
