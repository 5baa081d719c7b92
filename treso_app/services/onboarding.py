"""A new owner's first hour: their company created, then the files they brought — bank
statements first, then the invoices and bills spreadsheets — each through the service the
browser and the command line use. The bookkeeping steps run once after the statements, and
after each spreadsheet.
"""

from __future__ import annotations

from pathlib import Path

from treso_app.domain.errors import TresoError
from treso_app.domain.limits import FileLimit
from treso_app.services.accounts import resolve_account
from treso_app.services.bookkeeping import after_import
from treso_app.services.companies import create_company
from treso_app.services.files import read_file
from treso_app.services.imports import import_file
from treso_app.services.spreadsheets import import_sheet

STATEMENTS = (".ofx", ".qfx", ".csv", ".xml", ".txt")
SHEETS = {"factures-clients": "invoices", "factures-fournisseurs": "bills"}


def import_exported(folder: Path | str, company_name: str, url: str | None = None) -> int:
    """Imports a folder laid out like `treso demo --export` writes it (statements at the top,
    a CSV in a sub-folder named after its account's IBAN, as in the inbox) into a new company;
    returns its id. A refused file stops with its message."""
    folder = Path(folder)
    company_id = create_company(company_name, url)
    statements = sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in STATEMENTS
        and p.stem not in SHEETS
    )  # fmt: skip
    for path in statements:
        _statement(company_id, path, None, url)
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        account_id = resolve_account(company_id, sub.name, url)  # like `--account IBAN`
        for path in sorted(sub.iterdir()):
            _statement(company_id, path, account_id, url)
    after_import(company_id, url)  # once for every statement; each spreadsheet books itself
    for stem, kind in SHEETS.items():  # invoices, then bills: as a new user finds the menus
        for path in sorted(folder.glob(f"{stem}.*")):
            import_sheet(company_id, kind, path.name, read_file(path, FileLimit.SPREADSHEET), url)
    return company_id


def _statement(company_id: int, path: Path, account_id: int | None, url: str | None) -> None:
    # confirm_old: what the CLI's --confirm-old and the browser's dialog say yes to.
    result = import_file(
        company_id,
        path.name,
        read_file(path, FileLimit.STATEMENT),
        account_id=account_id,
        source="cli",
        confirm_old=True,
        bookkeeping=False,
        url=url,
    )
    if not result.imported:
        raise TresoError(f"{path.name} : {result.message}")
