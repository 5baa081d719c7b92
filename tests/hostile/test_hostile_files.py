"""Hostile files through the real import service, each in a fresh process that reports its
peak memory: refused with its French message naming the file, under 300 MB, and nothing
written but the refusal's ImportRun row. Times are the bench's (scripts/bench_imports.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.files import hostile_files

ROOT = Path(__file__).resolve().parents[2]
PEAK_MB = 300


def run_import(url: str, path: Path, account: bool) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TRESO_TODAY": "2026-11-30"}
    command = [sys.executable, str(ROOT / "tests/hostile/run_import.py"), url, str(path)]
    done = subprocess.run(
        command + (["--account"] if account else []),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def cases():
    return list(hostile_files())


@pytest.mark.parametrize("key", list(cases()))
def test_a_hostile_file_is_refused_within_bounds_and_leaves_only_its_import_run(
    key, db_url, tmp_path
):
    hostile = hostile_files()[key]
    path = tmp_path / hostile.file_name
    path.write_bytes(hostile.make())
    report = run_import(db_url, path, hostile.csv)
    assert report["status"] == "refused"
    assert report["message"].startswith(f"« {hostile.file_name} »"), report["message"]
    assert hostile.expected in report["message"]
    assert "Erreur inattendue" not in report["message"]
    assert report["peak_mb"] < PEAK_MB, report
    before, after = report["before"], report["after"]
    assert after["BankAccount"] == before["BankAccount"]  # no account created
    assert after["BankTransaction"] == 0
    assert report["runs"] == ["refused"]  # one ImportRun row: the refusal
