"""Engine and sessions. One engine per database URL, created lazily."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, create_engine

from treso_app.domain.errors import TresoError
from treso_app.settings import load_settings

# How long a write waits for another one before giving up: long enough for an import's
# commit, short enough that the owner is not left 30 s without a word.
BUSY_TIMEOUT_SECONDS = 5


class DatabaseBusy(TresoError):
    """Another operation held the database past the busy timeout (SQLite's single writer)."""

    def __init__(self, detail: str = "") -> None:
        super().__init__("Une autre opération est en cours, réessayez dans un instant.", detail)


class SchemaMissing(TresoError):
    """The database has no tables yet, or an older schema than the code."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "La base de données n'est pas à jour (ou pas encore créée) : lancez "
            "« treso db upgrade ».",
            detail,
        )


def get_engine(url: str | None = None) -> Engine:
    """The engine of `url`, else of DATABASE_URL as it is now (tests and CLI change it)."""
    return _engine(url or load_settings().database_url)


@cache
def _engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_SECONDS}
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets the dashboard read while an import writes; foreign keys are off by default.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # 64 MB of page cache: a large import inserts keys all over the dedup index.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@contextmanager
def transaction(url: str | None = None) -> Iterator[Session]:
    """One use-case, one transaction: commit on success, roll back on any error."""
    with _busy_said(), Session(get_engine(url), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def read_only(url: str | None = None) -> Iterator[Session]:
    """A session for queries; never commits."""
    with _busy_said(), Session(get_engine(url)) as session:
        yield session


@contextmanager
def _busy_said() -> Iterator[None]:
    """SQLite's « database is locked » becomes DatabaseBusy, a missing table SchemaMissing,
    in French; any other operational error stays what it is (a bug, a broken disk)."""
    try:
        yield
    except OperationalError as error:
        if "database is locked" in str(error.orig):
            raise DatabaseBusy(str(error.orig)) from error
        if "no such table" in str(error.orig):
            raise SchemaMissing(str(error.orig)) from error
        raise
