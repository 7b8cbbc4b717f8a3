"""The README's tour is real: every `$ tm …` command in its console blocks is run, in order,
in a fresh folder holding the project's corpora/ and glossaries/, and every output line the
README shows must appear in what the command prints, in the same order. A line with "…" marks
an elision and is skipped; so is a command that needs what a test machine may lack (a
PostgreSQL server, a broken letter)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
#: Commands shown for illustration only, with the reason they are not run here.
NOT_RUN = {
    "postgresql://": "needs a PostgreSQL server",
    "broken/": "shows an error on a letter that is not in the repository",
}


def console_blocks(text: str) -> list[list[tuple[str, list[str]]]]:
    """Each ```console block as [(command, shown output lines)]."""
    blocks = []
    for body in re.findall(r"```console\n(.*?)```", text, flags=re.S):
        steps: list[tuple[str, list[str]]] = []
        for line in body.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            elif steps:
                steps[-1][1].append(line)
        blocks.append(steps)
    return blocks


def _norm(line: str) -> str:
    return " ".join(line.split())


def shown_in_order(shown: list[str], printed: str) -> str | None:
    """The first shown line missing from ``printed`` (in order), or None."""
    lines = [_norm(x) for x in printed.splitlines()]
    at = 0
    for want in (_norm(x) for x in shown):
        if not want or "…" in want:
            continue
        while at < len(lines) and lines[at] != want:
            at += 1
        if at == len(lines):
            return want
        at += 1
    return None


def test_the_readme_tour_runs_as_shown(tmp_path: Path) -> None:
    exe = shutil.which("tm")
    assert exe, "the tm console script is not installed (pip install -e .)"
    shutil.copytree(ROOT / "corpora", tmp_path / "corpora")
    shutil.copytree(ROOT / "glossaries", tmp_path / "glossaries")
    shutil.copytree(ROOT / "docs" / "examples", tmp_path / "docs" / "examples")
    env = {k: v for k, v in os.environ.items() if k != "TM_DATABASE_URL"} | {"COLUMNS": "88", "NO_COLOR": "1"}
    steps = [step for block in console_blocks(README.read_text(encoding="utf-8")) for step in block]
    ran = 0
    for command, shown in steps:
        if any(marker in command for marker in NOT_RUN):
            continue
        argv = shlex.split(command)
        assert argv[0] == "tm", f"README console blocks run only tm: {command}"
        result = subprocess.run([exe, *argv[1:]], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        missing = shown_in_order(shown, result.stdout + result.stderr)
        assert missing is None, f"README: `{command}` does not print {missing!r}"
        ran += 1
    assert ran >= 12, "the README tour lost its commands"


@pytest.mark.parametrize(
    ("shown", "printed", "missing"),
    [
        (["a", "…", "c"], "a\nb\nc\n", None),
        (["c", "a"], "a\nb\nc\n", "a"),
        (["a  b"], "a b\n", None),
        (["x"], "a\n", "x"),
    ],
)
def test_shown_in_order(shown: list[str], printed: str, missing: str | None) -> None:
    assert shown_in_order(shown, printed) == missing


@pytest.mark.parametrize("page", [README, ROOT / "bench" / "README.md", *sorted((ROOT / "docs").glob("*.md"))],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_lead_to_files_that_exist(page: Path) -> None:
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8"))
    local = [t for t in targets if "://" not in t and not t.startswith("mailto:")]
    missing = [t for t in local if not (page.parent / t).exists()]
    assert not missing, f"{page.name} links to files that do not exist: {missing}"
