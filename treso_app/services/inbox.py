"""The inbox folder: bank exports or a sync tool drop files, the scheduler imports them.

A file in the inbox itself is matched to its account by its content (IBAN, RIB…). A file
without account identifiers (most CSVs) goes in a sub-folder named after the account: its
number in Tréso or its IBAN (`inbox/FR7630006000011234567890189/releve.csv`). Each file
then moves to `done/` or `failed/`, a refused one with the reason next to it. Files go to
the owner's company, never into the demo: while only the demo exists, they are refused.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from treso_app import i18n  # texts and plurals, shared by every layer
from treso_app.domain.errors import TresoError
from treso_app.domain.limits import FileLimit, FileTooLarge
from treso_app.services.accounts import resolve_account
from treso_app.services.companies import is_demo, resolve_company
from treso_app.services.files import read_file
from treso_app.services.imports import ImportResult, import_file
from treso_app.settings import load_settings

log = logging.getLogger(__name__)
JOB_NAME = "inbox"
DONE, FAILED = "done", "failed"
ONLY_DEMO = (
    "Rien n'a été importé : seule l'entreprise de démonstration existe, et vos relevés n'y "
    "vont pas. Créez votre entreprise (au premier import sur la page Banque, ou avec "
    "treso import --company NOM), puis déposez de nouveau ce fichier."
)


@dataclass
class InboxReport:
    results: list[ImportResult] = field(default_factory=list)

    def summary(self) -> str:
        if not self.results:
            return i18n.t("inbox_nothing_new")
        imported = [r for r in self.results if r.imported]
        refused = len(self.results) - len(imported)
        return i18n.t(
            "inbox_summary",
            files=i18n.tn("count_files_imported", len(imported)),
            new=i18n.tn("count_operations_new", sum(r.new for r in imported)),
            refused=i18n.tn("count_files_refused", refused) if refused else "",
        )


def import_inbox(inbox: Path | None = None, url: str | None = None) -> InboxReport:
    inbox = inbox or load_settings().inbox_dir
    inbox.mkdir(parents=True, exist_ok=True)
    report = InboxReport()
    pending = _pending_files(inbox)
    if not pending:
        return report
    company_id = resolve_company(url=url)
    only_demo = is_demo(company_id, url)  # the default company is the demo: no real one yet
    for path in pending:
        if only_demo:
            report.results.append(ImportResult(path.name, "refused", message=ONLY_DEMO))
            _move(path, inbox / FAILED, ONLY_DEMO)
            continue
        account_id = None
        if path.parent != inbox:
            try:
                account_id = resolve_account(company_id, path.parent.name, url)
            except TresoError as error:
                _move(path, inbox / FAILED, f"Dossier « {path.parent.name} » : {error.message}")
                continue
        try:
            data = read_file(path, FileLimit.STATEMENT)
        except FileTooLarge as error:
            _move(path, inbox / FAILED, error.message)
            continue
        result = import_file(
            company_id, path.name, data, account_id=account_id, source="inbox", url=url
        )
        report.results.append(result)
        _move(
            path,
            inbox / (DONE if result.imported else FAILED),
            None if result.imported else result.message,
        )
    return report


def _pending_files(inbox: Path) -> list[Path]:
    """Files of the inbox and of its account sub-folders, oldest first; hidden and
    partial files (still being written by a sync tool) wait."""
    candidates = [p for p in inbox.iterdir() if p.is_file()]
    for folder in inbox.iterdir():
        if (
            folder.is_dir()
            and folder.name not in (DONE, FAILED)
            and not folder.name.startswith(".")
        ):
            candidates += [p for p in folder.iterdir() if p.is_file()]
    ready = [
        p
        for p in candidates
        if not p.name.startswith((".", "~"))
        and not p.name.endswith((".part", ".tmp", ".crdownload"))
    ]
    return sorted(ready, key=lambda p: p.stat().st_mtime)


def _move(path: Path, folder: Path, reason: str | None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    counter = 1
    while target.exists():
        target = folder / f"{path.stem}-{counter}{path.suffix}"
        counter += 1
    shutil.move(str(path), target)
    if reason:
        target.with_name(target.name + ".motif.txt").write_text(reason + "\n", encoding="utf-8")
