"""Run the alembic migrations programmatically (CLI, app start, tests)."""

from __future__ import annotations

from alembic.config import Config

from alembic import command
from treso_app.settings import PROJECT_ROOT, load_settings


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    config.attributes["configure_logging"] = False
    # configparser interpolates '%': a password may contain one.
    config.set_main_option(
        "sqlalchemy.url", (url or load_settings().database_url).replace("%", "%%")
    )
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str | None = None, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)
