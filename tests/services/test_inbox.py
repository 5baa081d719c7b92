"""The scheduled inbox: files in, moved to done/ or failed/, every run recorded."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from tests.readers.samples import FR_IBAN, ofx_sgml, ofx_transaction
from treso_app.db import tables as t
from treso_app.db.session import read_only
from treso_app.scheduler import build_scheduler
from treso_app.services import inbox
from treso_app.services.jobs import last_run, run_job


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """The statements here are of November 2026: not old, whatever day the suite runs."""
    monkeypatch.setenv("TRESO_TODAY", "2026-11-30")


def count(url: str) -> int:
    with read_only(url) as session:
        return session.exec(select(func.count()).select_from(t.BankTransaction)).one()


def test_files_are_imported_then_moved_with_the_reason_of_a_refusal(db_url, tmp_path):
    box = tmp_path / "inbox"
    box.mkdir()
    (box / "releve.ofx").write_bytes(ofx_sgml(ofx_transaction("20261123", "-1,00", "X", "1")))
    (box / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a statement")
    (box / "en-cours.ofx.part").write_bytes(b"half written")
    report = inbox.import_inbox(box, db_url)
    assert report.summary() == "1 fichier importé, 1 nouvelle opération, 1 refusé."
    assert (box / "done" / "releve.ofx").exists()
    assert (box / "failed" / "photo.jpg").exists()
    reason = (box / "failed" / "photo.jpg.motif.txt").read_text(encoding="utf-8")
    assert "format non reconnu" in reason.casefold()
    assert (box / "en-cours.ofx.part").exists()  # still being written: left alone
    assert count(db_url) == 1


def test_a_csv_goes_in_the_folder_of_its_account(db_url, tmp_path):
    box = tmp_path / "inbox"
    (box / FR_IBAN).mkdir(parents=True)
    (box / FR_IBAN / "export.csv").write_text("Date;Libellé;Montant\n24/11/2026;CB;-3,20\n")
    assert inbox.import_inbox(box, db_url).results[0].imported
    assert (box / "done" / "export.csv").exists()
    with read_only(db_url) as session:
        assert session.exec(select(t.BankAccount.iban)).all() == [FR_IBAN]


def test_a_second_drop_of_the_same_file_lands_next_to_the_first(db_url, tmp_path):
    box = tmp_path / "inbox"
    box.mkdir()
    data = ofx_sgml(ofx_transaction("20261123", "-1,00", "X", "1"))
    for _ in range(2):
        (box / "releve.ofx").write_bytes(data)
        inbox.import_inbox(box, db_url)
    assert sorted(p.name for p in (box / "done").iterdir()) == ["releve-1.ofx", "releve.ofx"]
    assert count(db_url) == 1


def test_every_run_is_recorded_and_a_failure_is_not_silent(db_url):
    assert last_run(inbox.JOB_NAME, db_url) is None
    run_job(inbox.JOB_NAME, lambda: "Aucun nouveau fichier.", db_url)
    assert last_run(inbox.JOB_NAME, db_url).status == "ok"

    def broken() -> str:
        raise OSError("inbox folder is on an unplugged drive")

    run_job(inbox.JOB_NAME, broken, db_url)
    failed = last_run(inbox.JOB_NAME, db_url)
    assert failed.status == "error" and failed.message


def test_the_scheduler_polls_the_inbox_at_the_configured_interval(monkeypatch, tmp_path):
    monkeypatch.setenv("TRESO_INBOX_MINUTES", "2")
    job = build_scheduler().get_job(inbox.JOB_NAME)
    assert job.trigger.interval.total_seconds() == 120
    assert job.max_instances == 1
