from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tm.cli import app
from tm.store import TM

ROOT = Path(__file__).resolve().parents[1]
LETTER = ROOT / "corpora" / "ablyazov-duvanov-2"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A real SQLite file per test."""
    return f"sqlite:///{tmp_path / 'tm.db'}"


@pytest.fixture
def tm(db_url: str) -> TM:
    return TM(db_url)


@pytest.fixture
def run(db_url: str):
    """Invoke the CLI against the test's database; returns the click Result."""
    runner = CliRunner()

    def invoke(*args: str, **kwargs):
        return runner.invoke(app, ["--db", db_url, *args], catch_exceptions=False, **kwargs)

    return invoke


def write_letter(folder: Path, meta: str | None = None, **texts: str) -> Path:
    """Create a letter folder: write_letter(dir, en="...", ru="...")."""
    folder.mkdir(parents=True, exist_ok=True)
    for lang, text in texts.items():
        (folder / f"{lang}.txt").write_text(text, encoding="utf-8")
    if meta is not None:
        (folder / "meta.toml").write_text(meta, encoding="utf-8")
    return folder


@pytest.fixture
def letter_copy(tmp_path: Path) -> Path:
    """A copy of the project's letter, safe to modify."""
    dest = tmp_path / "corpora" / LETTER.name
    shutil.copytree(LETTER, dest)
    return dest
