"""`treso` as a shop owner meets it in a terminal: every failure is one French sentence on
stderr and a non-zero exit code, never a traceback (unless `--debug`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from treso_app.services.companies import create_company

ROOT = Path(__file__).resolve().parent.parent


def treso(*args: str, url: str, cwd: Path) -> subprocess.CompletedProcess:
    env = os.environ | {"DATABASE_URL": url, "PYTHONPATH": str(ROOT), "TRESO_TODAY": "2026-11-30"}
    return subprocess.run(
        [sys.executable, "-m", "treso_app.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


@pytest.fixture
def files(tmp_path) -> Path:
    (tmp_path / "dossier").mkdir()
    (tmp_path / "bruit.bin").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "faux.xlsx").write_bytes(b"PK\x03\x04 pas un classeur")
    return tmp_path


CASES = [
    (["import", "absent.ofx"], 1, "Fichier illisible : fichier ou dossier introuvable."),
    (["import", "dossier"], 1, "Fichier illisible : c'est un dossier, pas un fichier."),
    (["import", "bruit.bin"], 1, "« bruit.bin » : format non reconnu"),
    (["import", "bruit.bin", "--account", "XX"], 1, "Erreur : « XX » n'est pas un IBAN valide."),
    (["forecast", "--company", "999"], 1, "Erreur : aucune entreprise « 999 »"),
    (["forecast", "--horizon", "abc"], 2, "argument --horizon : valeur 'abc' illisible"),
    (["forecast", "--as-of", "2026-13-01"], 1, "date « 2026-13-01 » illisible"),
    (["forecast", "--as-of", "9999-01-01"], 1, "doit être entre le 01/01/1900 et le 31/12/2100"),
    (["demo", "--kind", "zz"], 2, "choix 'zz' inconnu"),
    (["import"], 2, "arguments obligatoires manquants : FICHIER"),
    (["invoices", "import", "absent.xlsx"], 1, "illisible : fichier ou dossier introuvable."),
    (["invoices", "import", "dossier"], 1, "illisible : c'est un dossier, pas un fichier."),
    (["invoices", "import", "faux.xlsx"], 1, "n'est pas un classeur Excel lisible"),
    (["demo", "--export", "faux.xlsx"], 1, "un fichier de ce nom existe déjà"),
]


@pytest.mark.parametrize(("args", "code", "said"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_a_failure_is_a_french_sentence_and_an_exit_code(db_url, files, args, code, said):
    create_company("Plomberie Dupont", url=db_url)
    done = treso(*args, url=db_url, cwd=files)
    assert done.returncode == code
    assert said in done.stderr + done.stdout
    assert "Traceback" not in done.stderr + done.stdout


@pytest.mark.parametrize("args", [["forecast"], ["import", "bruit.bin"], ["demo", "--reset"]])
def test_a_database_not_created_yet_says_to_run_db_upgrade(tmp_path, args):
    (tmp_path / "bruit.bin").write_bytes(b"x")
    done = treso(*args, url=f"sqlite:///{tmp_path / 'vide.db'}", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "Erreur : La base de données n'est pas à jour (ou pas encore créée) : lancez "
        "« treso db upgrade »."
    )


def test_an_unexpected_error_is_french_and_its_trace_only_with_debug(tmp_path):
    url = "postgresql://treso@127.0.0.1:1/treso"  # no driver installed: not Tréso's fault
    done = treso("forecast", url=url, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("Erreur inattendue (ModuleNotFoundError) :")
    assert "treso --debug" in done.stderr and "Traceback" not in done.stderr
    traced = treso("--debug", "forecast", url=url, cwd=tmp_path)
    assert traced.returncode != 0 and "Traceback" in traced.stderr
