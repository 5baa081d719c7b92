"""A copy of the embedded database the owner can keep elsewhere (`treso db backup`).

SQLite's online backup copies a consistent state even while the app runs and writes; the
copy is written beside its final name, checked (`PRAGMA integrity_check`), readable by its
owner only (bank data), and only then given its name: a backup is whole or absent.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from treso_app.domain.calendar import PARIS
from treso_app.domain.errors import TresoError, os_reason
from treso_app.domain.limits import megabytes
from treso_app.settings import load_settings

BACKUP_FOLDER = "sauvegardes"  # beside the database, unless the owner names a place


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int

    @property
    def message(self) -> str:
        return f"Sauvegarde écrite et vérifiée : {self.path} ({megabytes(self.size)})."


def backup_database(
    target: Path | None = None, url: str | None = None, now: datetime | None = None
) -> Backup:
    """Copy the SQLite database of `url` (else DATABASE_URL) to `target`: a new file, or a
    folder to put it in; by default `sauvegardes/treso-AAAA-MM-JJ-HHMMSS.db` beside it. An
    existing file is never overwritten."""
    source = _sqlite_file(url or load_settings().database_url)
    stamp = f"treso-{(now or datetime.now(PARIS)):%Y-%m-%d-%H%M%S}.db"
    target = Path(target) if target else source.parent / BACKUP_FOLDER
    if target.is_dir() or not target.suffix:
        target = target / stamp
    if target.exists():
        raise TresoError(
            f"« {target} » existe déjà : Tréso n'écrase pas un fichier. Choisissez un autre nom."
        )
    partial = target.with_name(target.name + ".partiel")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _copy(source, partial)
        os.replace(partial, target)
    except OSError as error:
        raise TresoError(
            f"Sauvegarde impossible vers « {target} » : {os_reason(error)}. Rien n'a été écrit."
        ) from None
    finally:
        with contextlib.suppress(OSError):  # gone, or its folder never was one
            partial.unlink()
    return Backup(target, target.stat().st_size)


def _sqlite_file(url: str) -> Path:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise TresoError(
            "« treso db backup » sauvegarde la base SQLite intégrée ; pour PostgreSQL, "
            "utilisez pg_dump."
        )
    if parsed.database in (None, "", ":memory:") or not Path(parsed.database).is_file():
        raise TresoError(
            "Il n'y a pas encore de base de données à sauvegarder : lancez « treso db upgrade »."
        )
    return Path(parsed.database)


def _copy(source: Path, partial: Path) -> None:
    # Created readable by its owner only, before any byte is in it.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    with (
        contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as origin,
        contextlib.closing(sqlite3.connect(partial)) as copy,
    ):
        origin.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal
        [verdict] = copy.execute("PRAGMA integrity_check").fetchone()
    if verdict != "ok":
        raise TresoError(f"La copie de la base est abîmée ({verdict}) : rien n'a été écrit.")
