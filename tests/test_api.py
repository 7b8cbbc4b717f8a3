"""The public API: the names docs/api.md documents import from ``tm``, and the commands
print what the library returns."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tm as package
from tm.cli import app

from .conftest import LETTER, ROOT

API_DOC = ROOT / "docs" / "api.md"


def _documented_names() -> list[str]:
    """Every name in the first column of docs/api.md's table (``TM(url)`` -> ``TM``)."""
    names = []
    for line in API_DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            first = line.split("|")[1]
            names += [re.match(r"\w+", code).group(0) for code in re.findall(r"`([^`]+)`", first)]
    return names


def test_every_documented_name_imports_from_tm() -> None:
    names = _documented_names()
    assert len(names) > 20 and "build" in names and "TM" in names
    missing = [n for n in names if n not in package.__all__]
    assert not missing, f"documented in docs/api.md but not exported by tm: {missing}"
    undocumented = [n for n in package.__all__ if n != "__version__" and n not in names]
    assert not undocumented, f"exported by tm but not in docs/api.md: {undocumented}"
    code = f"from tm import {', '.join(names)}"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_function_named_like_its_module_stays_the_function() -> None:
    """``tm.build`` and ``tm.align`` are modules too: importing them first changes nothing."""
    code = ("import tm.build, tm.align, tm.cli.build\nfrom tm import build, align\n"
            "import types\nassert not isinstance(build, types.ModuleType), build\n"
            "assert not isinstance(align, types.ModuleType), align\nprint(build.__module__, align.__module__)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["tm.build", "tm.align"]


def test_import_tm_loads_the_commands_libraries_only_when_used() -> None:
    """``import tm`` wires the layers into the store, but QA, the exchange formats, lookup and
    the build load only when a program uses one of their names."""
    code = ("import sys, tm\nheavy = ['tm.build', 'tm.qa.runner', 'tm.exchange', 'tm.lookup.engine', 'tm.analyze']\n"
            "print([m for m in heavy if m in sys.modules])\ntm.build\nprint('tm.build' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["[]", "True"]


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'bulid'"):
        package.bulid  # noqa: B018


def test_tm_build_json_is_the_library_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``tm build --json`` prints ``build(...).as_dict()``: the same letters, counts, QA and files."""
    from tm import TM, BuildPaths, build

    shutil.copytree(LETTER, tmp_path / "corpora" / LETTER.name)
    monkeypatch.chdir(tmp_path)
    cli = CliRunner().invoke(app, ["--db", f"sqlite:///{tmp_path / 'cli.db'}", "build", "--json"])
    assert cli.exit_code == 0, cli.output
    printed = json.loads(cli.stdout)
    library = build(TM(f"sqlite:///{tmp_path / 'lib.db'}"), BuildPaths())
    expected = json.loads(json.dumps(library.as_dict()))
    assert printed.pop("db").endswith("cli.db") and expected.pop("db").endswith("lib.db")
    assert printed == expected
    assert printed["stats"]["units"] == library.stats.units > 100
    assert printed["qa"]["findings"] == len(library.qa.findings)
