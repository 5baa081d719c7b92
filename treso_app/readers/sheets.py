"""The rows of an invoices or bills spreadsheet (XLSX or CSV), read within bounds.

An XLSX is a ZIP of XML parts: before openpyxl opens it, every part is inflated as a stream
(stopped at `ReadLimit.WORKBOOK_UNCOMPRESSED`, so a ZIP bomb never reaches memory) and its XML
scanned (no DTD or entity, depth bounded). Rows come one at a time, at most
`ReadLimit.COLUMNS` cells each. Every refusal is a `SheetError` in French naming the line
where there is one; the service puts the file's name in front.
"""

from __future__ import annotations

import csv
import io
import logging
import zipfile
import zlib
from collections.abc import Iterator
from xml.parsers import expat

from babel.numbers import format_decimal
from openpyxl import load_workbook

from treso_app.domain.errors import TresoError, ValidationError
from treso_app.domain.limits import ReadLimit, megabytes
from treso_app.readers.numbers import decode_text

log = logging.getLogger(__name__)
Row = tuple[int, list[object]]  # (its number in the file, from 1; its cells)
CHUNK = 1024 * 1024
UNREADABLE = (
    "ce n'est pas un classeur Excel lisible, enregistrez-le à nouveau depuis Excel (.xlsx) "
    "ou en CSV"
)
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError)
_OLE = b"\xd0\xcf\x11\xe0"  # an old .xls, or an XLSX protected by a password


class SheetError(ValidationError):
    """The file itself cannot be read: its message says why, the service names the file."""


def sheet_rows(data: bytes) -> Iterator[Row]:
    """The rows of the first sheet of an XLSX, or of a CSV file."""
    if data[:2] == b"PK":
        return _xlsx_rows(data)
    if data[:4] == _OLE:
        raise SheetError(
            "c'est un ancien classeur .xls ou un classeur protégé par un mot de passe, "
            "enregistrez-le en .xlsx sans mot de passe ou en CSV."
        )
    return _csv_rows(data)


def _xlsx_rows(data: bytes) -> Iterator[Row]:
    _check_parts(data)
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        if sheet is None or not hasattr(sheet, "iter_rows"):
            raise SheetError("le classeur n'a aucune feuille de calcul.")
    except TresoError:
        raise
    except Exception as error:  # openpyxl has no error of its own: anything is a bad file
        log.info("unreadable workbook: %r", error)
        raise SheetError(f"{UNREADABLE}.") from None
    return _bounded(_sheet_rows(sheet))


def _sheet_rows(sheet) -> Iterator[list[object]]:
    number = 0
    try:
        sheet.reset_dimensions()  # the rows the sheet has, not those its header claims
        # one column past the limit is enough to see a row too wide, without building
        # rows of the 16 384 columns a hostile sheet may declare
        for row in sheet.iter_rows(max_col=ReadLimit.COLUMNS + 1, values_only=True):
            number += 1
            yield list(row)
    except Exception as error:
        log.info("unreadable sheet after row %s: %r", number, error)
        raise SheetError(f"ligne {_count(number + 1)} : {UNREADABLE}.") from None


def _check_parts(data: bytes) -> None:
    """Inflate every part as a stream, counting, and scan the XML ones."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
        if len(parts) > ReadLimit.WORKBOOK_PARTS:
            raise SheetError(
                f"le classeur contient {_count(len(parts))} fichiers, "
                f"{_count(ReadLimit.WORKBOOK_PARTS)} au plus."
            )
        inflated = 0
        for part in parts:
            scan = _XmlScan(part.filename) if part.filename.endswith((".xml", ".rels")) else None
            with archive.open(part) as stream:
                while chunk := stream.read(CHUNK):
                    inflated += len(chunk)
                    if inflated > ReadLimit.WORKBOOK_UNCOMPRESSED:
                        raise SheetError(
                            "le classeur dépasse "
                            f"{megabytes(ReadLimit.WORKBOOK_UNCOMPRESSED)} une fois décompressé, "
                            "ce n'est pas un tableau de factures (bombe ZIP ?)."
                        )
                    if scan:
                        scan.feed(chunk)
            if scan:
                scan.close()
    except TresoError:
        raise
    except _ZIP_ERRORS as error:  # bad CRC, truncated, encrypted, unknown compression
        log.info("damaged workbook archive: %r", error)
        raise SheetError(f"{UNREADABLE} (archive abîmée ou chiffrée).") from None


class _XmlScan:
    """A streaming check of one XML part: a workbook needs no DTD, no entity and little
    depth; any of these in an XLSX is an attack (billion laughs, external entities)."""

    def __init__(self, part: str) -> None:
        self.part = part
        self.parser = expat.ParserCreate()
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._doctype
        self.parser.ExternalEntityRefHandler = self._doctype
        depth = 0

        # closures: called for every element, they are a third faster than methods
        def start(_name, _attributes) -> None:
            nonlocal depth
            depth += 1
            if depth > ReadLimit.XML_DEPTH:
                raise SheetError(
                    f"le classeur imbrique plus de {ReadLimit.XML_DEPTH} éléments XML "
                    f"({part}) : refusé."
                )

        def end(_name) -> None:
            nonlocal depth
            depth -= 1

        self.parser.StartElementHandler, self.parser.EndElementHandler = start, end

    def feed(self, chunk: bytes, last: bool = False) -> None:
        try:
            self.parser.Parse(chunk, last)
        except expat.ExpatError as error:
            raise SheetError(
                f"{UNREADABLE} (XML mal formé dans {self.part}, ligne {error.lineno})."
            ) from None

    def close(self) -> None:
        self.feed(b"", last=True)

    def _doctype(self, *_args) -> None:
        raise SheetError(
            f"le classeur contient une DTD ou des entités XML ({self.part}), ce qu'un classeur "
            "Excel n'a jamais : refusé."
        )


def _csv_rows(data: bytes) -> Iterator[Row]:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Excel's « texte Unicode »
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise SheetError("ce n'est pas un texte UTF-16 lisible.") from None
    else:
        text = decode_text(data)
    if (nul := text.find("\x00")) >= 0:
        raise SheetError(
            f"ligne {_count(text.count(chr(10), 0, nul) + 1)} : caractère nul, ce n'est pas "
            "un fichier texte. Enregistrez-le depuis Excel en .xlsx ou en « CSV UTF-8 »."
        )
    first = text[: ReadLimit.LINE_LENGTH].splitlines()[:1]
    delimiter = max(";,\t", key=first[0].count) if first else ";"
    reader = csv.reader(_lines(text), delimiter=delimiter)
    return _bounded(_csv_records(reader))


def _lines(text: str) -> Iterator[str]:
    for number, line in enumerate(io.StringIO(text, newline=None), start=1):
        if (length := len(line.removesuffix("\n"))) > ReadLimit.LINE_LENGTH:
            raise SheetError(
                f"ligne {_count(number)} : {_count(length)} caractères, "
                f"{_count(ReadLimit.LINE_LENGTH)} au plus par ligne."
            )
        yield line


def _csv_records(reader) -> Iterator[list[object]]:
    try:
        yield from reader
    except csv.Error:  # a cell past csv's own limit, a quote never closed
        raise SheetError(
            f"ligne {_count(reader.line_num)} : illisible (guillemet jamais refermé ou "
            "cellule trop longue)."
        ) from None


def _bounded(rows: Iterator[list[object]]) -> Iterator[Row]:
    """Number the rows; refuse one too wide (empty cells at its end do not count) and a
    file of too many rows, as they come."""
    for number, cells in enumerate(rows, start=1):
        if number > ReadLimit.SHEET_ROWS:
            raise SheetError(
                f"plus de {_count(ReadLimit.SHEET_ROWS)} lignes, découpez le fichier (par année)."
            )
        if not any(cells):  # quick for the padded empty rows a hostile sheet may declare
            cells = []
        while cells and (cells[-1] is None or cells[-1] == ""):
            cells.pop()
        if len(cells) > ReadLimit.COLUMNS:
            raise SheetError(
                f"ligne {_count(number)} : plus de {_count(ReadLimit.COLUMNS)} colonnes."
            )
        yield number, cells


def _count(value: int) -> str:
    return format_decimal(value, locale="fr_FR")
