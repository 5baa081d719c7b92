"""The inbox folder: bank exports or a sync tool drop files, the scheduler imports them.

A file in the inbox itself is matched to its account by its content (IBAN, RIB…). A file
without account identifiers (most CSVs) goes in a sub-folder named after the account: its
number in Tréso or its IBAN (`inbox/FR7630006000011234567890189/releve.csv`). Each file
then moves to `done/` or `failed/`, a refused one with the reason next to it. Files go to
the owner's company, never into the demo: while only the demo exists, they are refused.

Whoever can write in the inbox must not make Tréso read or move anything else, so:
- a symbolic link (file or account folder) is never followed, read or moved: the link
  itself is removed (its target is left as it was) and the refusal says why;
- `done/` and `failed/` must be real folders: a link there stops the run, nothing written;
- a file is imported once it has stopped changing for `inbox_settle_seconds` (a sync tool
  may still be writing it), or never while it ends in `.part`, `.tmp`, `.crdownload`;
- an entry that cannot be read is refused with its reason and the others go on.
Every refusal leaves an ImportRun row (none in the demo, which stays as generated).
Folders are opened once and everything else is done relative to them (`dir_fd`), with
O_NOFOLLOW, so a link swapped in between the listing and the reading is refused too.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import stat
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from treso_app import i18n  # texts and plurals, shared by every layer
from treso_app.db.session import DatabaseBusy
from treso_app.domain.errors import TresoError, os_reason
from treso_app.domain.limits import FileLimit, check_size
from treso_app.services.accounts import resolve_account
from treso_app.services.bookkeeping import after_import
from treso_app.services.companies import is_demo, resolve_company
from treso_app.services.imports import ImportResult, import_file, record_refusal
from treso_app.settings import load_settings

log = logging.getLogger(__name__)
JOB_NAME = "inbox"
DONE, FAILED = "done", "failed"
PARTIAL = (".part", ".tmp", ".crdownload")
ONLY_DEMO = (
    "Rien n'a été importé : seule l'entreprise de démonstration existe, et vos relevés n'y "
    "vont pas. Créez votre entreprise (au premier import sur la page Banque, ou avec "
    "treso import --company NOM), puis déposez de nouveau ce fichier."
)
SYMLINK = (
    "« {name} » est un lien symbolique : Tréso ne suit pas les liens déposés dans la boîte "
    "de dépôt. Le lien a été retiré (sa cible n'a été ni lue ni déplacée) ; déposez le "
    "fichier lui-même."
)
NOT_A_FILE = "« {name} » n'est pas un fichier ordinaire : rien n'a été lu."
UNREADABLE = "« {name} » est illisible ({reason}) : rien n'a été importé."
_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK  # a FIFO must not block the run


class InboxUnsafe(TresoError):
    """`done/` or `failed/` is not a real folder: the run writes nothing anywhere."""


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


@dataclass(frozen=True)
class _Entry:
    folder_fd: int  # the inbox or an account folder, opened without following links
    folder: str | None  # the account folder's name; None for the inbox itself
    name: str
    problem: str = ""  # why it is refused before being read (a link, not a file…)
    link: bool = False


def import_inbox(
    inbox: Path | None = None, url: str | None = None, now: float | None = None
) -> InboxReport:
    """One pass over the inbox; `now` (epoch seconds) stands for the clock in tests."""
    settings = load_settings()
    inbox = inbox or settings.inbox_dir
    inbox.mkdir(parents=True, exist_ok=True)
    root = os.open(inbox, os.O_RDONLY | os.O_DIRECTORY)  # the configured path is trusted
    opened = [root]
    try:
        done, failed = (_own_folder(root, name, opened) for name in (DONE, FAILED))
        entries = _entries(root, opened)
        now = time.time() if now is None else now
        pending = [e for e in entries if e.problem or _settled(e, now, settings)]
        pending.sort(key=_modified)  # oldest first: statements in the order they came
        return _import_all(pending, done, failed, url)
    finally:
        for fd in opened:
            os.close(fd)


def _import_all(pending: list[_Entry], done: int, failed: int, url) -> InboxReport:
    report = InboxReport()
    if not pending:
        return report
    company_id = resolve_company(url=url)
    only_demo = is_demo(company_id, url)  # the default company is the demo: no real one yet
    for entry in pending:
        try:
            result = _import_one(entry, company_id, only_demo, done, failed, url)
        except DatabaseBusy:  # not the file's fault: it stays for the next run
            log.warning("Inbox: database busy, %s left for the next run", entry.name)
            break
        if result is not None:
            report.results.append(result)
    if any(r.imported and r.new for r in report.results):  # once for the run's files
        after_import(company_id, url)
    return report


def _import_one(entry: _Entry, company_id, only_demo, done, failed, url):
    """Import or refuse one entry; None when it is left where it is."""

    def refuse(message: str, data: bytes | None = None) -> ImportResult:
        if only_demo:  # no ImportRun in the demo: `treso demo --reset` must stay possible
            result = ImportResult(entry.name, "refused", message=message)
        else:
            result = record_refusal(company_id, entry.name, message, "inbox", url, data)
        if entry.link:
            _unlink(entry)
            _write_reason(failed, entry.name, message)
        else:
            _move(entry, failed, message)
        log.info("Inbox refused %s: %s", entry.name, message)
        return result

    if entry.problem:
        return refuse(entry.problem)
    if only_demo:
        return refuse(ONLY_DEMO)
    account_id = None
    if entry.folder is not None:
        try:
            account_id = resolve_account(company_id, entry.folder, url)
        except DatabaseBusy:
            raise
        except TresoError as error:
            return refuse(f"Dossier « {entry.folder} » : {error.message}")
    try:
        data = _read(entry)
    except _Refused as refusal:
        if refusal.link:  # swapped for a link since the listing: a link all the same
            entry = replace(entry, link=True)
            return refuse(SYMLINK.format(name=entry.name))
        return refuse(refusal.message)
    result = import_file(
        company_id,
        entry.name,
        data,
        account_id=account_id,
        source="inbox",
        bookkeeping=False,
        url=url,
    )
    if not result.imported and result.message == DatabaseBusy().message:
        raise DatabaseBusy()
    _move(entry, done if result.imported else failed, None if result.imported else result.message)
    return result


class _Refused(Exception):
    def __init__(self, message: str = "", link: bool = False) -> None:
        super().__init__(message)
        self.message, self.link = message, link


def _own_folder(root: int, name: str, opened: list[int]) -> int:
    """`done/` or `failed/`, created if missing, refused when it is a link or a file."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(name, dir_fd=root)
    try:
        fd = os.open(name, _DIR, dir_fd=root)
    except OSError as error:
        if error.errno not in (errno.ELOOP, errno.ENOTDIR):
            raise
        log.error("Inbox: %s/ is a symlink or a file, nothing imported", name)
        raise InboxUnsafe(
            f"le dossier « {name} » de la boîte de dépôt est un lien symbolique ou un fichier : "
            "Tréso n'y écrit pas et n'a rien importé. Remplacez-le par un vrai dossier."
        ) from None
    opened.append(fd)
    return fd


def _entries(root: int, opened: list[int]) -> list[_Entry]:
    """What waits in the inbox and its account folders; hidden and partial files wait."""
    entries: list[_Entry] = []
    for item in _listing(root):
        if item.name in (DONE, FAILED) or _waits(item.name):
            continue
        if not item.is_symlink() and item.is_dir(follow_symlinks=False):
            entries += _folder_entries(root, item.name, opened)
        else:
            entries.append(_entry(root, None, item))
    return entries


def _folder_entries(root: int, folder: str, opened: list[int]) -> list[_Entry]:
    try:
        fd = os.open(folder, _DIR, dir_fd=root)
    except OSError as error:  # unreadable, or swapped for a link since the listing
        log.warning("Inbox: account folder %s skipped: %s", folder, error)
        return []
    opened.append(fd)
    try:
        items = _listing(fd)
    except OSError as error:
        log.warning("Inbox: account folder %s unreadable: %s", folder, error)
        return []
    return [
        _entry(fd, folder, item)
        for item in items
        if not _waits(item.name)
        and (item.is_symlink() or not item.is_dir(follow_symlinks=False))  # no deeper
    ]


def _listing(fd: int) -> list[os.DirEntry]:
    with os.scandir(fd) as items:
        return list(items)


def _waits(name: str) -> bool:
    return name.startswith((".", "~")) or name.endswith(PARTIAL)


def _entry(fd: int, folder: str | None, item: os.DirEntry) -> _Entry:
    if item.is_symlink():
        shown = f"{folder}/{item.name}" if folder else item.name
        return _Entry(fd, folder, item.name, SYMLINK.format(name=shown), link=True)
    if not item.is_file(follow_symlinks=False):  # a FIFO, a socket, a device
        return _Entry(fd, folder, item.name, NOT_A_FILE.format(name=item.name))
    return _Entry(fd, folder, item.name)


def _settled(entry: _Entry, now: float, settings) -> bool:
    """Unchanged (content and metadata) for the settle time: no longer being written."""
    try:
        info = os.stat(entry.name, dir_fd=entry.folder_fd, follow_symlinks=False)
    except OSError:
        return True  # _read says why
    return now - max(info.st_mtime, info.st_ctime) >= settings.inbox_settle_seconds


def _modified(entry: _Entry) -> float:
    try:
        return os.stat(entry.name, dir_fd=entry.folder_fd, follow_symlinks=False).st_mtime
    except OSError:
        return 0.0


def _read(entry: _Entry) -> bytes:
    """The file's bytes within the statement limit, through a descriptor that refuses a
    link and anything but a regular file."""
    try:
        fd = os.open(entry.name, _FILE, dir_fd=entry.folder_fd)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise _Refused(link=True) from None
        raise _Refused(UNREADABLE.format(name=entry.name, reason=os_reason(error))) from None
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise _Refused(NOT_A_FILE.format(name=entry.name))
        try:
            check_size(entry.name, info.st_size, FileLimit.STATEMENT)
            data = stream.read(FileLimit.STATEMENT + 1)
            check_size(entry.name, len(data), FileLimit.STATEMENT)
        except OSError as error:
            raise _Refused(UNREADABLE.format(name=entry.name, reason=os_reason(error))) from None
        except TresoError as error:
            raise _Refused(error.message) from None
    return data


def _unlink(entry: _Entry) -> None:
    """The link itself, never its target (unlink does not follow links)."""
    try:
        os.unlink(entry.name, dir_fd=entry.folder_fd)
    except OSError as error:
        log.warning("Inbox: could not remove the link %s: %s", entry.name, error)


def _move(entry: _Entry, folder_fd: int, reason: str | None) -> None:
    """Into done/ or failed/ under a free name; a file that cannot move is logged, and the
    run goes on with the others."""
    target = _free_name(folder_fd, entry.name)
    try:
        os.rename(entry.name, target, src_dir_fd=entry.folder_fd, dst_dir_fd=folder_fd)
    except OSError as error:
        log.warning("Inbox: could not move %s: %s", entry.name, error)
        return
    if reason:
        _write_reason(folder_fd, target, reason)


def _free_name(folder_fd: int, name: str) -> str:
    stem, dot, suffix = name.rpartition(".") if "." in name.lstrip(".") else (name, "", "")
    target, counter = name, 1
    while _exists(folder_fd, target):
        target = f"{stem}-{counter}{dot}{suffix}"
        counter += 1
    return target


def _exists(folder_fd: int, name: str) -> bool:
    try:
        os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return True


def _write_reason(folder_fd: int, name: str, reason: str) -> None:
    """`name.motif.txt`, created new: an existing file or link there is never written."""
    try:
        fd = os.open(
            _free_name(folder_fd, f"{name}.motif.txt"),
            os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW,
            0o644,
            dir_fd=folder_fd,
        )
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(reason + "\n")
    except OSError as error:
        log.warning("Inbox: could not write the reason for %s: %s", name, error)
