"""How big a file Tréso accepts, one home for every entry point (upload, command line, inbox).

A file over its limit is refused whole, naming its size and the limit: nothing ever reads a
prefix of a file and carries on with it.
"""

from __future__ import annotations

from enum import IntEnum

from babel.numbers import format_decimal

from treso_app.domain.errors import TresoError

MEGABYTE = 1024 * 1024


class FileLimit(IntEnum):
    """The largest file of each kind, in bytes."""

    STATEMENT = 50 * MEGABYTE  # a bank statement (or a ZIP of them)
    SPREADSHEET = 20 * MEGABYTE  # an invoices or bills spreadsheet


class ReadLimit(IntEnum):
    """What a reader accepts inside a file (statement, spreadsheet, archive): beyond these
    a file is refused as it is read, before it takes memory or time from the others."""

    ARCHIVE_MEMBERS = 50  # files in a ZIP of statements
    UNCOMPRESSED = 200 * MEGABYTE  # the members of a ZIP of statements together, once inflated
    WORKBOOK_PARTS = 1_000  # files inside one XLSX (a few sheets need about 15)
    WORKBOOK_UNCOMPRESSED = 50 * MEGABYTE  # an XLSX's parts once inflated (texts held whole)
    COMPRESSION_RATIO = 100  # inflated ÷ compressed size of a member (statements: 5 to 30)
    XML_DEPTH = 64  # nested XML elements (a camt.053 needs about 12)
    XML_ELEMENTS = 2_000_000  # elements of one XML statement (100 000 entries take 1.4 M)
    LINE_LENGTH = 64 * 1024  # characters of one line of a CSV, CFONB or OFX file
    AMOUNT_LENGTH = 40  # characters of one amount as a file writes it (currency included)
    COLUMNS = 200  # cells of one CSV or spreadsheet row
    ROWS = 500_000  # lines of one statement
    SHEET_ROWS = 50_000  # rows of one spreadsheet, empty ones included (openpyxl: 4 s)
    SHEET_DOCUMENTS = 20_000  # invoices or bills in one spreadsheet (20 000 take 40 s, 200 Mo)


class FileTooLarge(TresoError):
    """A file over its limit: refused before anything of it is read or written."""


def megabytes(size: int) -> str:
    """A size as a French reader writes it: 20,98 Mo."""
    return f"{format_decimal(size / MEGABYTE, format='#,##0.##', locale='fr_FR')} Mo"


def check_size(name: str, size: int, limit: FileLimit) -> None:
    """Refuse a file of `size` bytes when it is over `limit`."""
    if size > limit:
        raise FileTooLarge(
            f"« {name} » fait {megabytes(size)} : la limite est de {megabytes(limit)}. "
            "Rien n'a été importé ; découpez le fichier (par exemple par période).",
            f"{name}: {size} bytes > {int(limit)}",
        )
