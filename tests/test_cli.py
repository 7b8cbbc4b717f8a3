"""The command line: every command, its JSON, its help, and each kind of bad input."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tm.cli import app

from .conftest import LETTER, write_letter

EN = "Dear Sergei,\n\nI left London in 2012. It was hard.\n\nRespectfully, Mukhtar Ablyazov"
RU = "Дорогой Сергей,\n\nЯ уехал из Лондона в 2012 году. Это было трудно.\n\nС уважением, Мухтар Аблязов"
KK = "Құрметті Сергей,\n\nМен 2012 жылы Лондоннан кеттім. Бұл қиын болды.\n\nҚұрметпен, Мұхтар Әблязов"


def commands() -> list[list[str]]:
    import typer.main

    group = typer.main.get_command(app)
    out = []

    def walk(cmd, path):  # noqa: ANN001
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                walk(sub, [*path, name])
        else:
            out.append(path)

    walk(group, [])
    return out


@pytest.mark.parametrize("path", commands(), ids=lambda p: " ".join(p))
def test_every_command_has_help_with_an_example(path: list[str]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert "Example:" in result.output and f"tm {' '.join(path)}" in result.output


def test_import_stats_show_roundtrip(run, tmp_path: Path) -> None:
    folder = write_letter(tmp_path / "letter-one", None, en=EN, ru=RU, kk=KK)
    result = run("import", "letter", str(folder), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["imported"][0]["doc"] == "letter-one" and data["imported"][0]["units"] == 4
    stats = json.loads(run("stats", "--json").stdout)
    assert stats == {"documents": 1, "units": 4, "languages": {"en": 4, "kk": 4, "ru": 4}}
    shown = run("show", "letter-one", "--langs", "en,ru", "--json")
    units = json.loads(shown.stdout)["units"]
    assert units[1]["en"] == "I left London in 2012." and units[1]["ru"] == "Я уехал из Лондона в 2012 году."
    assert "kk" not in units[1]
    table = run("show", "letter-one")
    assert table.exit_code == 0
    assert all(word in table.stdout for word in ("Әблязов", "Лондона", "London", "Құрметті"))


def test_import_twice_needs_replace(run, tmp_path: Path) -> None:
    folder = write_letter(tmp_path / "letter-one", None, en=EN, ru=RU)
    assert run("import", "letter", str(folder)).exit_code == 0
    again = run("import", "letter", str(folder))
    assert again.exit_code == 2 and "--replace" in again.stderr
    assert "Traceback" not in again.output
    assert run("import", "letter", str(folder), "--replace").exit_code == 0
    assert json.loads(run("stats", "--json").stdout)["documents"] == 1


def test_align_prints_json_without_storing(run, tmp_path: Path) -> None:
    folder = write_letter(tmp_path / "x", None, en=EN, ru=RU, kk=KK)
    result = run("align", str(folder / "en.txt"), str(folder / "ru.txt"), str(folder / "kk.txt"), "--format", "json")
    assert result.exit_code == 0, result.output
    units = json.loads(result.stdout)["units"]
    assert units[1] == {"en": "I left London in 2012.", "ru": "Я уехал из Лондона в 2012 году.",
                        "kk": "Мен 2012 жылы Лондоннан кеттім.", "score": units[1]["score"]}
    assert 0 < units[1]["score"] <= 1
    assert not (tmp_path / "tm.db").exists()


def test_align_tsv_with_explicit_languages(run, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(EN, encoding="utf-8")
    b.write_text(RU, encoding="utf-8")
    result = run("align", str(b), str(a), "--langs", "ru,en")
    lines = result.stdout.splitlines()
    assert lines[0] == "ru\ten\tscore"
    assert lines[2].startswith("Я уехал из Лондона в 2012 году.\tI left London in 2012.\t")


def test_build_builds_the_project_corpus(tmp_path: Path, monkeypatch) -> None:
    shutil.copytree(LETTER, tmp_path / "corpora" / LETTER.name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TM_DATABASE_URL", raising=False)
    runner = CliRunner()
    first = runner.invoke(app, ["build"])
    assert first.exit_code == 0, first.output
    assert (tmp_path / "tm.db").exists()
    assert re.search(r"1 documents?, \d+ units", first.stdout)
    second = runner.invoke(app, ["build", "--json"])  # build again: replaces, never duplicates
    data = json.loads(second.stdout)
    assert data["stats"]["documents"] == 1 and data["stats"]["units"] == data["letters"][0]["units"]
    assert set(data["stats"]["languages"]) == {"en", "ru", "kk"}


def test_build_writes_reports_where_it_says(tmp_path: Path, monkeypatch) -> None:
    """--exports names the exports' folder, --reports the QA report's (default build/): a
    report never lands in the parent of the folder a person named."""
    shutil.copytree(LETTER, tmp_path / "corpora" / LETTER.name)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 'tm.db'}"
    result = runner.invoke(app, ["--db", db, "build", "--exports", "out/tmx", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["tmx"]
    assert sorted(p.name for p in (tmp_path / "out" / "tmx").iterdir()) == ["letters.tmx", "letters.tsv"]
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == ["qa-report.html", "qa-report.json"]
    assert data["qa"]["report"] == str(Path("build") / "qa-report.html")
    elsewhere = runner.invoke(app, ["--db", db, "build", "--exports", "out/tmx", "--reports", "out/qa"])
    assert elsewhere.exit_code == 0, elsewhere.output
    assert sorted(p.name for p in (tmp_path / "out" / "qa").iterdir()) == ["qa-report.html", "qa-report.json"]
    assert "report out/qa/qa-report.html" in " ".join(elsewhere.stdout.split())


def test_database_url_from_environment(tmp_path: Path, monkeypatch) -> None:
    folder = write_letter(tmp_path / "letter-one", None, en=EN)
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv("TM_DATABASE_URL", url)
    result = CliRunner().invoke(app, ["import", "letter", str(folder)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "env.db").exists()


# -- bad input: one line on stderr, exit code 2, no traceback, the TM untouched ----------------

def bad(run, *args: str) -> str:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_missing_path(run, tmp_path: Path) -> None:
    assert "no such folder" in bad(run, "import", "letter", str(tmp_path / "nope"))


def test_unknown_language_tag_suggests_the_nearest(run, tmp_path: Path) -> None:
    folder = write_letter(tmp_path / "l", None, en=EN, ru=RU)
    message = bad(run, "show", "x", "--langs", "en,russian")
    assert "unknown language tag 'russian'; did you mean 'ru'?" in message
    message = bad(run, "align", str(folder / "en.txt"), str(folder / "ru.txt"), "--langs", "en,r-u")
    assert "'r-u'" in message


def test_empty_file(run, tmp_path: Path) -> None:
    folder = write_letter(tmp_path / "l", None, en=EN, ru="  \n\n")
    message = bad(run, "import", "letter", str(folder))
    assert message.endswith("ru.txt: file is empty")


def test_non_utf8_file_names_file_and_line(run, tmp_path: Path) -> None:
    folder = write_letter(tmp_path / "l", None, en=EN)
    (folder / "ru.txt").write_bytes("Строка один.\n\n".encode() + "Вторая".encode("cp1251"))
    message = bad(run, "import", "letter", str(folder))
    assert "ru.txt:3: not UTF-8" in message


def test_bad_meta_toml_names_the_line(run, tmp_path: Path) -> None:
    folder = write_letter(tmp_path / "l", 'author = "A"\ntitel = "typo"\n', en=EN)
    message = bad(run, "import", "letter", str(folder))
    assert "meta.toml:2: unknown key 'titel'" in message
    (folder / "meta.toml").write_text('date = 2014-13-45\n', encoding="utf-8")
    assert "meta.toml:1" in bad(run, "import", "letter", str(folder))


def test_failed_import_leaves_the_tm_untouched(run, tmp_path: Path) -> None:
    good = write_letter(tmp_path / "corpora" / "good", None, en=EN, ru=RU)
    assert run("import", "letter", str(good)).exit_code == 0
    before = run("stats", "--json").stdout
    write_letter(tmp_path / "corpora" / "broken", None, en=EN, ru="")
    bad(run, "import", "corpora", str(tmp_path / "corpora"), "--replace")
    assert run("stats", "--json").stdout == before


def test_unknown_document(run, tmp_path: Path) -> None:
    folder = write_letter(tmp_path / "letter-one", None, en=EN)
    run("import", "letter", str(folder))
    assert "no document 'other'" in bad(run, "show", "other")


def test_paragraph_counts_that_differ_wildly_warn_but_align(run, tmp_path: Path) -> None:
    folder = write_letter(tmp_path / "l", None, en=EN, ru=RU.replace("\n\n", " "))
    result = run("import", "letter", str(folder))
    assert result.exit_code == 0
    assert "paragraph counts differ widely" in result.stderr


def test_no_language_files(run, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert "no language files" in bad(run, "import", "letter", str(tmp_path / "empty"))


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("tm ")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["concordance", "Kadyrov", "--to", "ru"], "No such option: --to"),
        (["lookp"], "No such command 'lookp'. Did you mean 'lookup'?"),
        (["qa", "--fail-on", "bogus"], "'bogus' is not one of 'error', 'warning', 'never'"),
        (["show"], "Missing argument 'DOC'."),
        (["--bogus"], "No such option: --bogus"),
    ],
)
def test_usage_errors_from_the_console_script_are_one_line(args: list[str], expected: str, tmp_path: Path) -> None:
    # The real entry point, not CliRunner: it is main() that turns the parser's errors into one line.
    exe = shutil.which("tm")
    assert exe, "the tm console script is not installed (pip install -e .)"
    result = subprocess.run([exe, *args], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith("tm: error: ") and result.stderr.count("\n") == 1
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
