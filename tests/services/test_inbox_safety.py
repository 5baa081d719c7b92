"""The inbox as an attacker with write access to it would try it: links, half-written
files, unreadable entries, unknown folders. Real folders, a migrated database."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from sqlmodel import func, select

from tests.readers.samples import FR_IBAN, ofx_sgml, ofx_transaction
from treso_app.db import tables as t
from treso_app.db.migrate import upgrade
from treso_app.db.session import get_engine, read_only
from treso_app.services import inbox
from treso_app.services.companies import create_company

STATEMENT = ofx_sgml(ofx_transaction("20261123", "-1,00", "CAFE", "1"))


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setenv("TRESO_TODAY", "2026-11-30")


@pytest.fixture
def owner(db_url) -> str:
    create_company("Plomberie Dupont", url=db_url)
    return db_url


def lines(url: str) -> int:
    with read_only(url) as session:
        return session.exec(select(func.count()).select_from(t.BankTransaction)).one()


def refusals(url: str) -> list[tuple[str, str]]:
    with read_only(url) as session:
        runs = session.exec(select(t.ImportRun).order_by(t.ImportRun.id)).all()
    return [(r.file_name, r.error) for r in runs if r.status == "refused"]


def test_a_link_is_never_read_nor_followed_its_target_stays_untouched(owner, tmp_path):
    box, elsewhere = tmp_path / "inbox", tmp_path / "ailleurs"
    box.mkdir(), elsewhere.mkdir()
    (elsewhere / "releve.ofx").write_bytes(STATEMENT)
    (box / "vole.ofx").symlink_to(elsewhere / "releve.ofx")
    (box / "passwd.csv").symlink_to("/etc/passwd")
    report = inbox.import_inbox(box, owner)
    assert report.summary() == "0 fichier importé, 0 nouvelle opération, 2 refusés."
    assert lines(owner) == 0
    assert (elsewhere / "releve.ofx").read_bytes() == STATEMENT  # target left as it was
    assert Path("/etc/passwd").exists()
    assert not os.path.lexists(box / "vole.ofx") and not os.path.lexists(box / "passwd.csv")
    assert sorted(p.name for p in (box / "failed").iterdir()) == [
        "passwd.csv.motif.txt",
        "vole.ofx.motif.txt",
    ]  # the reasons only: no link kept anywhere
    assert "lien symbolique" in (box / "failed" / "vole.ofx.motif.txt").read_text()
    assert sorted(name for name, _ in refusals(owner)) == ["passwd.csv", "vole.ofx"]
    assert all("Tréso ne suit pas les liens" in error for _, error in refusals(owner))


def test_a_linked_account_folder_is_not_emptied(owner, tmp_path):
    box, other = tmp_path / "inbox", tmp_path / "documents-du-gerant"
    box.mkdir(), other.mkdir()
    (other / "export.csv").write_text("Date;Libellé;Montant\n24/11/2026;CB;-3,20\n")
    (box / FR_IBAN).symlink_to(other, target_is_directory=True)
    inbox.import_inbox(box, owner)
    assert (other / "export.csv").exists()  # never moved out of the other folder
    assert not os.path.lexists(box / FR_IBAN)
    assert list((box / "done").iterdir()) == []
    assert lines(owner) == 0
    assert [name for name, _ in refusals(owner)] == [FR_IBAN]


@pytest.mark.parametrize("folder", ["failed", "done"])
def test_a_linked_done_or_failed_folder_stops_the_run_without_writing(owner, tmp_path, folder):
    box, target = tmp_path / "inbox", tmp_path / "cible"
    box.mkdir(), target.mkdir()
    (box / folder).symlink_to(target, target_is_directory=True)
    (box / "releve.ofx").write_bytes(STATEMENT)
    (box / "photo.jpg").write_bytes(b"not a statement")
    with pytest.raises(inbox.InboxUnsafe, match="lien symbolique"):
        inbox.import_inbox(box, owner)
    assert list(target.iterdir()) == []  # nothing written through the link
    assert (box / "releve.ofx").exists() and (box / "photo.jpg").exists()
    assert lines(owner) == 0


def test_a_file_still_being_written_waits_until_it_has_settled(owner, tmp_path, monkeypatch):
    monkeypatch.setenv("TRESO_INBOX_SETTLE_SECONDS", "30")
    box = tmp_path / "inbox"
    box.mkdir()
    whole = ofx_sgml(
        "".join(ofx_transaction("20261123", "-1,00", f"L{i}", str(i)) for i in range(1000))
    )
    half = whole[: len(whole) // 2]
    (box / "releve.ofx").write_bytes(half)  # a sync tool is halfway through
    assert inbox.import_inbox(box, owner).results == []
    assert (box / "releve.ofx").exists() and lines(owner) == 0 and refusals(owner) == []
    (box / "releve.ofx").write_bytes(whole)  # it finishes a moment later
    assert inbox.import_inbox(box, owner, now=time.time() + 10).results == []  # still fresh
    report = inbox.import_inbox(box, owner, now=time.time() + 31)
    assert [r.read for r in report.results] == [1000]
    assert lines(owner) == 1000 and (box / "done" / "releve.ofx").exists()


def test_an_unknown_account_folder_is_refused_with_its_run_row(owner, tmp_path):
    box = tmp_path / "inbox"
    (box / "compte-inconnu").mkdir(parents=True)
    (box / "compte-inconnu" / "export.csv").write_text("Date;Libellé;Montant\n")
    inbox.import_inbox(box, owner)
    assert (box / "failed" / "export.csv").exists()
    [(name, error)] = refusals(owner)
    assert name == "export.csv" and error.startswith("Dossier « compte-inconnu » :")


def test_a_fifo_is_refused_without_blocking_and_the_others_go_on(owner, tmp_path):
    box = tmp_path / "inbox"
    box.mkdir()
    os.mkfifo(box / "tube.ofx")
    (box / "releve.ofx").write_bytes(STATEMENT)
    report = inbox.import_inbox(box, owner)
    assert sorted((r.file, r.status) for r in report.results) == [
        ("releve.ofx", "imported"),
        ("tube.ofx", "refused"),
    ]
    assert lines(owner) == 1
    assert refusals(owner) == [
        ("tube.ofx", "« tube.ofx » n'est pas un fichier ordinaire : rien n'a été lu.")
    ]


def test_an_unreadable_file_is_refused_with_its_reason_and_the_others_imported():
    """As the app's own (non-root) user would meet it: a file it may not open. Run in a
    child process under uid `nobody` when the suite runs as root (root reads anything)."""
    work = Path(tempfile.mkdtemp(prefix="inbox-"))
    try:
        os.chmod(work, 0o777)
        url = f"sqlite:///{work / 'treso.db'}"
        upgrade(url)
        create_company("Plomberie Dupont", url=url)
        for path in work.glob("treso.db*"):  # the database and its WAL files
            os.chmod(path, 0o666)
        box = work / "inbox"
        box.mkdir(mode=0o777)
        os.chmod(box, 0o777)
        (box / "a-secret.ofx").write_bytes(STATEMENT)
        os.chmod(box / "a-secret.ofx", 0o000)
        (box / "releve.ofx").write_bytes(STATEMENT)
        for _ in range(2):  # the second run is not stopped by the first one's refusal
            _run_unprivileged(box, url)
        assert lines(url) == 1 and (box / "done" / "releve.ofx").exists()
        assert (box / "failed" / "a-secret.ofx").exists()
        assert refusals(url) == [
            (
                "a-secret.ofx",
                "« a-secret.ofx » est illisible (accès refusé) : rien n'a été importé.",
            )
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run_unprivileged(box: Path, url: str) -> None:
    pid = os.fork()
    if pid == 0:  # the child: drop root, then one inbox pass
        code = 1
        try:
            get_engine(url).dispose(close=False)  # the parent's connections stay its own
            if os.geteuid() == 0:
                os.setgid(65534), os.setuid(65534)
            inbox.import_inbox(box, url)
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
