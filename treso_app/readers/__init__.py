"""Bank statement readers: bytes in, neutral statement records out. Pure: no database.

`read_file` detects the format from the content (never the file name) and always either
returns a `ParsedFile` or raises `StatementError` with a French message.
"""

from __future__ import annotations

import io
import logging
import struct
import zipfile
import zlib

from treso_app.domain.limits import MEGABYTE, FileLimit, ReadLimit, megabytes

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
_UNKNOWN_FORMAT = "format non reconnu : Tréso lit les relevés OFX/QFX, CSV, CAMT.053 et CFONB 120."
_NOT_XML_STATEMENT = "ce fichier XML n'est pas un relevé bancaire camt.053 ni OFX."


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
    raise StatementError(_NOT_XML_STATEMENT if kind == "XML" else _UNKNOWN_FORMAT)


def _read_archive(data: bytes) -> ParsedFile:
    """A ZIP of statements is one import: all of its members, or nothing."""
    _check_directory(data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, ValueError, EOFError, OSError) as error:
        raise StatementError("archive ZIP abîmée ou incomplète.", detail=repr(error)) from error
    if not members or len(members) > ReadLimit.ARCHIVE_MEMBERS:
        raise StatementError(
            f"l'archive doit contenir entre 1 et {int(ReadLimit.ARCHIVE_MEMBERS)} relevés."
        )
    formats, statements, notes = [], [], []
    inflated = 0  # all members together: the bound is on the archive, not each member
    for info in members:
        name = _member_name(info)
        inner = _inflate(archive, info, name, inflated)
        inflated += len(inner)
        try:
            parsed = read_file(inner)
        except StatementError as error:
            raise StatementError(f"{name} : {error.message}") from error
        if parsed.needs_confirmation:
            raise StatementError(f"{name} : CSV aux colonnes inconnues, importez-le seul.")
        formats.append(parsed.format)
        statements.extend(parsed.statements)
        notes.extend(parsed.notes)
    return ParsedFile(
        format=f"ZIP ({', '.join(sorted(set(formats)))})", statements=statements, notes=notes
    )


# A member's central-directory record (46 bytes, its name and extra fields) is far below
# this: a directory larger than the members allowed can only be a hostile one, refused
# before zipfile makes an object of each of its records.
_DIRECTORY_RECORD = 4096
_CHUNK = 64 * 1024


def _check_directory(data: bytes) -> None:
    """Read the end-of-archive record ourselves: members counted before any is listed."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        raise StatementError("archive ZIP abîmée ou incomplète (fin de l'archive absente).")
    count, size = struct.unpack_from("<HI", data, end + 10)
    locator = end - 20
    if (count == 0xFFFF or size == 0xFFFFFFFF) and data[locator : locator + 4] == b"PK\x06\x07":
        (record,) = struct.unpack_from("<Q", data, locator + 8)  # ZIP64: the real counts
        if data[record : record + 4] == b"PK\x06\x06":
            count, size = struct.unpack_from("<QQ", data, record + 32)
    if count > ReadLimit.ARCHIVE_MEMBERS or size > ReadLimit.ARCHIVE_MEMBERS * _DIRECTORY_RECORD:
        raise StatementError(
            f"l'archive doit contenir entre 1 et {int(ReadLimit.ARCHIVE_MEMBERS)} relevés."
        )


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as a message shows it; a path leaving the archive is refused."""
    raw = info.filename
    shown = f"« {raw if len(raw) <= 120 else raw[:117] + '…'} »"
    parts = raw.replace("\\", "/").split("/")
    if raw.startswith(("/", "\\")) or ".." in parts or ":" in raw or "\x00" in raw:
        raise StatementError(f"{shown} : nom de fichier suspect dans l'archive (chemin).")
    return shown


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, before: int) -> bytes:
    """One member, inflated chunk by chunk and stopped at the first sign of a bomb: its
    start is no statement (or is an archive), it inflates far more than text does, past
    what a statement file may weigh, or the members together pass ReadLimit.UNCOMPRESSED.
    The sizes in the ZIP's headers are the sender's word, never trusted."""
    if info.flag_bits & 0x1:
        raise StatementError(
            f"{name} : fichier protégé par un mot de passe ; ouvrez l'archive et importez "
            "le relevé lui-même."
        )
    ratio_cap = max(info.compress_size, 1) * ReadLimit.COMPRESSION_RATIO + MEGABYTE
    inflated = io.BytesIO()  # its buffer becomes the bytes returned, without a copy
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                if not inflated.tell():
                    _check_start(chunk, name)
                inflated.write(chunk)
                size = inflated.tell()
                if size > FileLimit.STATEMENT:
                    raise StatementError(
                        f"{name} : une fois décompressé, ce fichier dépasse "
                        f"{megabytes(FileLimit.STATEMENT)}, la limite d'un relevé."
                    )
                if size > ratio_cap:
                    raise StatementError(
                        f"{name} : taux de compression anormal (bombe de décompression ?)."
                    )
                if before + size > ReadLimit.UNCOMPRESSED:
                    raise StatementError(
                        f"{name} : les fichiers de l'archive dépassent ensemble "
                        f"{megabytes(ReadLimit.UNCOMPRESSED)} une fois décompressés."
                    )
    except StatementError:
        raise
    except zipfile.BadZipFile as error:  # zipfile says "Bad CRC-32 for file …"
        raise StatementError(f"{name} : contenu abîmé (somme de contrôle fausse).") from error
    except NotImplementedError as error:
        raise StatementError(f"{name} : méthode de compression non prise en charge.") from error
    except (zlib.error, EOFError, OSError, ValueError, RuntimeError) as error:
        raise StatementError(
            f"{name} : contenu abîmé ou incomplet dans l'archive.", detail=repr(error)
        ) from error
    return inflated.getvalue()


def _check_start(chunk: bytes, name: str) -> None:
    """The format is known from a file's first 64 KB: nothing else is worth inflating."""
    kind = detect_format(chunk)
    if kind == "ZIP":
        raise StatementError(f"{name} : archive dans l'archive, non prise en charge.")
    if kind in (None, "XML"):
        raise StatementError(f"{name} : {_NOT_XML_STATEMENT if kind else _UNKNOWN_FORMAT}")
