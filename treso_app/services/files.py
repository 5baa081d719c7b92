"""Reading a file from disk or from an upload within its limit (domain/limits.py): a file
over it is refused whole before it fills the memory, never cut short."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from treso_app.domain.limits import FileLimit, check_size


class Upload(Protocol):
    """What an uploaded file offers (Reflex's rx.UploadFile)."""

    size: int | None

    async def read(self, size: int = -1) -> bytes: ...


def read_file(path: Path, limit: FileLimit) -> bytes:
    """A file's bytes; its size is checked before reading, and again on what was read (the
    file may grow meanwhile)."""
    check_size(path.name, path.stat().st_size, limit)
    with path.open("rb") as stream:
        data = stream.read(limit + 1)
    check_size(path.name, len(data), limit)
    return data


async def read_upload(upload: Upload, name: str, limit: FileLimit) -> bytes:
    """An uploaded file's bytes, at most one byte past the limit ever read."""
    if upload.size is not None:
        check_size(name, upload.size, limit)
    data = await upload.read(limit + 1)
    check_size(name, len(data), limit)
    return data
