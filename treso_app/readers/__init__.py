"""Bank statement readers: bytes in, neutral statement records out. Pure: no database.

`read_file` detects the format from the content (never the file name) and always either
returns a `ParsedFile` or raises `StatementError` with a French message.
"""

from __future__ import annotations

import io
import logging
import zipfile

from . import bank_csv, camt, cfonb, ofx
from .model import (
    AccountIdentity,
    Balance,
    CsvColumns,
    ParsedFile,
    Statement,
    StatementError,
    StatementLine,
)
from .numbers import decode_text

__all__ = [
    "AccountIdentity",
    "Balance",
    "CsvColumns",
    "ParsedFile",
    "Statement",
    "StatementError",
    "StatementLine",
    "detect_format",
    "read_file",
]

log = logging.getLogger(__name__)
MAX_ARCHIVE_MEMBERS = 50


def detect_format(data: bytes) -> str | None:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    text = head.decode("latin-1")
    if head.startswith(b"PK\x03\x04"):
        return "ZIP"
    if ofx.looks_like(text):
        return ofx.FORMAT
    if text.startswith("<") and ("camt" in text or "BkToCstmr" in text or "Document" in text):
        return camt.FORMAT
    if cfonb.looks_like(head):
        return cfonb.FORMAT
    if text.startswith("<"):
        return "XML"
    if b"\x00" not in head and bank_csv.looks_like(decode_text(data[:65536])):
        return bank_csv.FORMAT
    return None


def read_file(data: bytes, csv_columns: CsvColumns | None = None) -> ParsedFile:
    """Any supported statement file → `ParsedFile`; anything else → `StatementError`."""
    kind = detect_format(data)
    try:
        if kind == ofx.FORMAT:
            return ofx.read(data)
        if kind == camt.FORMAT:
            return camt.read(data)
        if kind == cfonb.FORMAT:
            return cfonb.read(data)
        if kind == bank_csv.FORMAT:
            return bank_csv.read(data, csv_columns)
        if kind == "ZIP":
            return _read_archive(data)
    except StatementError:
        raise
    except (ValueError, IndexError, KeyError, TypeError, RecursionError) as error:
        # A reader bug must never reach the owner as a traceback.
        log.exception("Reader %s failed", kind)
        raise StatementError(
            f"le fichier {kind} n'a pas pu être lu (structure inattendue).", detail=repr(error)
        ) from error
    if kind == "XML":
        raise StatementError("ce fichier XML n'est pas un relevé bancaire camt.053 ni OFX.")
    raise StatementError(
        "format non reconnu : Tréso lit les relevés OFX/QFX, CSV, CAMT.053 et CFONB 120."
    )


def _read_archive(data: bytes) -> ParsedFile:
    """A ZIP of statements is one import: all of its members, or nothing."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [info for info in archive.infolist() if not info.is_dir()]
    except zipfile.BadZipFile as error:
        raise StatementError("archive ZIP abîmée.") from error
    if not members or len(members) > MAX_ARCHIVE_MEMBERS:
        raise StatementError(f"l'archive doit contenir entre 1 et {MAX_ARCHIVE_MEMBERS} relevés.")
    formats, statements, notes = [], [], []
    for info in members:
        if info.file_size > 200 * 1024 * 1024:
            raise StatementError(f"{info.filename} : fichier trop volumineux dans l'archive.")
        inner = archive.read(info)
        if detect_format(inner) == "ZIP":
            raise StatementError(f"{info.filename} : archive dans l'archive, non prise en charge.")
        try:
            parsed = read_file(inner)
        except StatementError as error:
            raise StatementError(f"{info.filename} : {error.message}") from error
        if parsed.needs_confirmation:
            raise StatementError(f"{info.filename} : CSV aux colonnes inconnues, importez-le seul.")
        formats.append(parsed.format)
        statements.extend(parsed.statements)
        notes.extend(parsed.notes)
    return ParsedFile(
        format=f"ZIP ({', '.join(sorted(set(formats)))})", statements=statements, notes=notes
    )
