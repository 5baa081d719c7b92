"""Settings from the environment. Read once at start; no other module-level state."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "treso.db"


@dataclass(frozen=True)
class Settings:
    database_url: str
    locale: str


def load_settings() -> Settings:
    return Settings(
        database_url=os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_DB_PATH}",
        locale=os.environ.get("TRESO_LOCALE", "fr_FR"),
    )
