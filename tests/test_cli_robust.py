"""The command line under hostile or careless use: database URLs that are not URLs, damaged
and read-only TMs. Each case must end in one line on stderr and exit code 2 (no traceback),
or work, and never change the TM."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tm.cli import app

from .conftest import write_letter

EN = "Dear Sergei,\n\nI left London in 2012. It was hard.\n\nRespectfully, Mukhtar Ablyazov"
RU = "Дорогой Сергей,\n\nЯ уехал из Лондона в 2012 году. Это было трудно.\n\nС уважением, Мухтар Аблязов"
ROOT = Path(__file__).resolve().parents[1]


def tm_cli(*args: str, cwd: Path, env: dict[str, str] | None = None, user: list[str] | None = None,
           stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real program (``python -m tm``) in a process of its own, this checkout's code."""
    environ = {k: v for k, v in os.environ.items() if k != "TM_DATABASE_URL"}
    environ |= {"PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [*(user or []), sys.executable, "-m", "tm", *args], cwd=cwd, env=environ, capture_output=True,
        text=True, timeout=120, input=stdin,
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("tm: error: ") and result.stderr.count("\n") == 1, result.stderr
    return result.stderr


def imported(tmp_path: Path, db: str) -> None:
    folder = write_letter(tmp_path / "letter-one", None, en=EN, ru=RU)
    result = tm_cli("--db", db, "import", "letter", str(folder), cwd=tmp_path)
    assert result.returncode == 0, result.stderr


# -- database URLs ---------------------------------------------------------------------------

def test_a_bare_path_is_a_sqlite_file(tmp_path: Path) -> None:
    imported(tmp_path, "foo.db")
    assert (tmp_path / "foo.db").is_file()
    stats = tm_cli("--db", "foo.db", "stats", "--json", cwd=tmp_path)
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["documents"] == 1
    by_env = tm_cli("stats", "--json", cwd=tmp_path, env={"TM_DATABASE_URL": "foo.db"})
    assert by_env.returncode == 0 and json.loads(by_env.stdout)["documents"] == 1
    absolute = tm_cli("--db", str(tmp_path / "foo.db"), "stats", "--json", cwd=ROOT)
    assert absolute.returncode == 0 and json.loads(absolute.stdout)["documents"] == 1


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite", "not a database URL"),
        ("postgresql", "not a database URL"),
        ("://", "cannot read the database URL"),
        ("postgresql://postgres@[::1/test", "cannot read the database URL"),
        ("postgresql://postgres@[::1:5432/test", "cannot read the database URL"),
        ("sqlite:///a%00b.db", "NUL"),
        ("", "empty"),
    ],
)
def test_an_unreadable_database_url_is_one_line(tmp_path: Path, url: str, expected: str) -> None:
    message = one_line_error(tm_cli("--db", url, "stats", cwd=tmp_path))
    assert expected in message
    assert list(tmp_path.iterdir()) == []  # no file made on the way


def test_a_nul_in_a_database_url_from_the_library_is_a_store_error(tmp_path: Path) -> None:
    from tm.errors import StoreError
    from tm.store import TM

    with pytest.raises(StoreError, match="NUL"):
        TM(f"sqlite:///{tmp_path}/a\0b.db")
    with pytest.raises(StoreError, match="NUL"):
        TM(f"{tmp_path}/a\0b.db")


# -- damaged TMs -----------------------------------------------------------------------------

@pytest.mark.parametrize("content", [b"this is not a database\n" * 100, b"SQLite format 3\0" + b"\xff" * 4000],
                         ids=["text", "sqlite-header-then-garbage"])
def test_a_file_that_is_not_a_sqlite_database(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "tm.db").write_bytes(content)
    folder = str(write_letter(tmp_path / "letter-one", None, en=EN, ru=RU))
    for args in (["stats"], ["lookup", "hello"], ["show", "x"], ["import", "letter", folder], ["init"]):
        message = one_line_error(tm_cli("--db", "tm.db", *args, cwd=tmp_path))
        assert "tm.db" in message
    assert (tmp_path / "tm.db").read_bytes() == content


@pytest.mark.parametrize("table", ["unit", "variant", "document"])
def test_a_tm_with_a_table_dropped_by_hand(tmp_path: Path, table: str) -> None:
    imported(tmp_path, "tm.db")
    with sqlite3.connect(tmp_path / "tm.db") as db:
        db.execute("PRAGMA foreign_keys=OFF")
        db.execute(f"DROP TABLE {table}")
    db.close()
    before = (tmp_path / "tm.db").read_bytes()
    for args in (["stats"], ["show", "letter-one"], ["lookup", "I left London in 2012."], ["init"],
                 ["import", "letter", str(tmp_path / "letter-one"), "--replace"]):
        message = one_line_error(tm_cli("--db", "tm.db", *args, cwd=tmp_path))
        assert "tm.db" in message and table in message
    assert (tmp_path / "tm.db").read_bytes() == before


# -- a read-only TM ----------------------------------------------------------------------------

def _as_another_user() -> list[str] | None:
    """A command prefix that runs a program bound by file permissions, or None when this
    process cannot (root ignores them, so a root test would prove nothing). As root: root
    with every capability dropped (CAP_DAC_OVERRIDE among them), which the permission bits
    bind like any user; another uid could not read this Python's packages under /root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    return [setpriv, "--bounding-set=-all", "--inh-caps=-all"] if setpriv else None


def _read_only_home(tmp_path: Path) -> tuple[list[str], Path]:
    """A user who cannot write (or the reason to skip), and a folder holding an imported TM."""
    user = _as_another_user()
    if user is None:
        pytest.skip("running as root without setpriv: cannot drop privileges")
    home = tmp_path / "ro"
    home.mkdir()
    imported(home, "tm.db")
    return user, home


def test_a_read_only_tm_can_be_read(tmp_path: Path) -> None:
    user, home = _read_only_home(tmp_path)
    shutil.rmtree(home / "letter-one")
    tmp_path.chmod(0o755)
    (home / "tm.db").chmod(0o444)
    home.chmod(0o555)
    try:
        before = sorted(p.name for p in home.iterdir())
        stats = tm_cli("--db", "tm.db", "stats", "--json", cwd=home, user=user)
        assert stats.returncode == 0, stats.stderr
        assert json.loads(stats.stdout)["documents"] == 1
        found = tm_cli("--db", "tm.db", "lookup", "I left London in 2012.", "--json", cwd=home, user=user)
        assert found.returncode == 0, found.stderr
        assert json.loads(found.stdout)["matches"][0]["target"]["ru"] == "Я уехал из Лондона в 2012 году."
        shown = tm_cli("--db", "tm.db", "show", "letter-one", "--json", cwd=home, user=user)
        assert shown.returncode == 0, shown.stderr
        assert tm_cli("--db", "tm.db", "documents", "--json", cwd=home, user=user).returncode == 0
        concordance = tm_cli("--db", "tm.db", "concordance", "London", "--json", cwd=home, user=user)
        assert concordance.returncode == 0, concordance.stderr
        qa = tm_cli("--db", "tm.db", "qa", "--format", "json", "--fail-on", "never", cwd=home, user=user)
        assert qa.returncode == 0, qa.stderr
        # writing is refused in one line, naming the file
        folder = write_letter(tmp_path / "other", None, en=EN)
        folder.chmod(0o755)
        refused = tm_cli("--db", "tm.db", "import", "letter", str(folder), cwd=home, user=user)
        assert "tm.db" in one_line_error(refused)
        assert sorted(p.name for p in home.iterdir()) == before
    finally:
        home.chmod(0o755)


def test_a_read_only_tm_via_the_library(tmp_path: Path) -> None:
    """Without another user: the reading commands open SQLite read-only, so even root
    leaves the file and its folder as they were (no journal, no -wal or -shm files)."""
    imported(tmp_path, "tm.db")
    before = sorted(p.name for p in tmp_path.iterdir())
    stamp = (tmp_path / "tm.db").stat().st_mtime_ns
    for args in (["stats"], ["show", "letter-one"], ["lookup", "I left London in 2012."], ["documents"]):
        result = tm_cli("--db", "tm.db", *args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (tmp_path / "tm.db").stat().st_mtime_ns == stamp


def test_cli_runner_sees_one_line_too(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", "://", "stats"])
    assert result.exit_code == 2 and "Traceback" not in result.output


# -- tm documents ----------------------------------------------------------------------------

def test_documents_lists_the_letters(run, tmp_path: Path) -> None:
    write_letter(tmp_path / "c" / "letter-one", 'title = { en = "A [bold]letter", ru = "Письмо" }\ndate = 2014-12-05\n',
                 en=EN, ru=RU)
    write_letter(tmp_path / "c" / "letter-two", None, en=EN)
    assert run("import", "corpora", str(tmp_path / "c")).exit_code == 0
    data = json.loads(run("documents", "--json").stdout)
    assert data == {"documents": [
        {"doc": "letter-one", "titles": {"en": "A [bold]letter", "ru": "Письмо"}, "langs": ["en", "ru"],
         "units": 4, "date": "2014-12-05", "origin": str(tmp_path / "c" / "letter-one")},
        {"doc": "letter-two", "titles": {}, "langs": ["en"], "units": 4, "date": None,
         "origin": str(tmp_path / "c" / "letter-two")},
    ]}
    table = run("documents", terminal_width=200)
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert any("letter-one" in line and "A [bold]letter" in line and "en, ru" in line and " 4" in line
               for line in lines), table.stdout
    assert "2 documents, 8 units" in table.stdout


def test_documents_of_an_empty_tm(run) -> None:
    assert run("init").exit_code == 0
    assert json.loads(run("documents", "--json").stdout) == {"documents": []}
    assert "no documents" in run("documents").stdout


# -- one rule for document ids ---------------------------------------------------------------

def bad(run, *args: str) -> str:
    result = run(*args)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("tm: error: "), result.stderr
    return lines[0]


def tmx_text(doc: str | None) -> str:
    prop = "" if doc is None else f'<prop type="x-doc">{doc}</prop>'
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" segtype="sentence" '
        'datatype="plaintext" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/>\n<body>\n'
        f'<tu>{prop}<tuv xml:lang="en"><seg>I left London in 2012.</seg></tuv>'
        '<tuv xml:lang="ru"><seg>Я уехал из Лондона в 2012 году.</seg></tuv></tu>\n</body></tmx>\n'
    )


@pytest.mark.parametrize("doc_id", ["some-letter\\n", "Some-Letter", "-x", "a b", "x" * 201])
def test_meta_toml_ids_follow_the_rule(run, tmp_path: Path, doc_id: str) -> None:
    folder = write_letter(tmp_path / "letter", f'id = "{doc_id}"\n', en=EN)
    message = bad(run, "import", "letter", str(folder))
    assert "meta.toml:1: document id" in message and "not a slug" in message
    assert "holds no TM" in bad(run, "stats") or json.loads(run("stats", "--json").stdout)["documents"] == 0


def test_the_longest_id_is_accepted(run, tmp_path: Path) -> None:
    folder = write_letter(tmp_path / "letter", f'id = "{"x" * 200}"\n', en=EN)
    assert run("import", "letter", str(folder)).exit_code == 0


@pytest.mark.parametrize("doc_id", ["[/bold][red]x", "x" * 5000, "some-letter&#10;", "Caps"], ids=["markup", "5000-chars", "newline", "caps"])
def test_tmx_x_doc_ids_follow_the_rule(run, tmp_path: Path, doc_id: str) -> None:
    path = tmp_path / "memory.tmx"
    path.write_text(tmx_text(doc_id), encoding="utf-8")
    message = bad(run, "import", "tmx", str(path))
    assert "memory.tmx: x-doc" in message and "not a document id" in message and "--doc" in message
    # --doc names the document instead, and the file imports
    ok = run("import", "tmx", str(path), "--doc", "memory", "--json")
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["imported"][0]["doc"] == "memory"


@pytest.mark.parametrize("doc_id", ["Memory", "x\n", "[red]x"])
def test_doc_options_follow_the_rule(run, tmp_path: Path, doc_id: str) -> None:
    path = tmp_path / "memory.tmx"
    path.write_text(tmx_text(None), encoding="utf-8")
    assert "not a slug" in bad(run, "import", "tmx", str(path), "--doc", doc_id)


def test_a_meta_toml_that_is_a_symlink_loop_is_an_error(run, tmp_path: Path) -> None:
    folder = write_letter(tmp_path / "letter", None, en=EN)
    (folder / "meta.toml").symlink_to(folder / "meta.toml")
    message = bad(run, "import", "letter", str(folder))
    assert "meta.toml" in message
    dangling = write_letter(tmp_path / "other", None, en=EN)
    (dangling / "meta.toml").symlink_to(tmp_path / "nowhere.toml")
    assert "meta.toml" in bad(run, "import", "letter", str(dangling))


# -- data is never read as rich markup -------------------------------------------------------

MARKUP_EN = "Dear [/bold][red]Sergei,\n\nI left [link=x]London[/link] in 2012. It was [/] hard.\n\nRespectfully, [b]Mukhtar"
MARKUP_RU = "Дорогой [/bold][red]Сергей,\n\nЯ уехал из [link=x]Лондона[/link] в 2012 году. Это было [/] трудно.\n\nС уважением, [b]Мухтар"


def test_text_that_looks_like_markup_is_printed_as_it_is(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # not in a project: 'glossary add' would write to its glossaries/
    project_glossary = (ROOT / "glossaries" / "terms.toml").read_bytes()
    folder = write_letter(tmp_path / "[red]corpora[/red]" / "letter-one", 'title = "[/i]The [bold]letter"\n',
                          en=MARKUP_EN, ru=MARKUP_RU)
    assert run("import", "corpora", str(folder.parent)).exit_code == 0
    shown = run("show", "letter-one")
    assert shown.exit_code == 0 and "[/i]The [bold]letter" in shown.stdout
    assert "[link=x]London[/link]" in shown.stdout and "[/bold][red]Sergei," in shown.stdout
    documents = run("documents")
    assert "[/i]The [bold]letter" in documents.stdout
    found = run("lookup", "I left [link=x]London[/link] in 2012.", "--context", "1")
    assert found.exit_code == 0 and "Я уехал из [link=x]Лондона[/link] в 2012 году." in found.stdout
    assert "[/bold][red]Сергей," in found.stdout or "[/bold][red]Sergei," in found.stdout
    concordance = run("concordance", "London", "--lang", "en")
    assert concordance.exit_code == 0 and "[link=x]" in concordance.stdout
    qa = run("qa", "--fail-on", "never", "--no-baseline")
    assert qa.exit_code == 0
    tmx = tmp_path / "[bold]memory[/i].tmx"  # a folder "[bold]memory[" and a file "i].tmx"
    tmx.parent.mkdir()
    tmx.write_text(tmx_text(None).replace("I left London", "I left [/b]London"), encoding="utf-8")
    imported_tmx = run("import", "tmx", str(tmx), "--doc", "memory")
    assert imported_tmx.exit_code == 0 and "[bold]memory[/i].tmx" in imported_tmx.stdout
    assert run("glossary", "add", "x", "--term", "en=[/b]London", "--term", "ru=Лондон").exit_code == 0
    assert "[/b]London" in run("glossary", "list").stdout
    assert "[/b]London" in run("lookup", "I left [/b]London in 2012.").stdout
    assert run("stats").exit_code == 0
    assert (ROOT / "glossaries" / "terms.toml").read_bytes() == project_glossary


def test_warnings_with_markup_in_them(run, tmp_path: Path) -> None:
    folder = write_letter(tmp_path / "l", None, en=MARKUP_EN, ru=MARKUP_RU.replace("\n\n", " "))
    result = run("import", "letter", str(folder))
    assert result.exit_code == 0 and "warning:" in result.stderr


# -- output is never wrapped when it is not a terminal ---------------------------------------

LONG_EN = ("This sentence about the international courts and the assets of the bank goes on for a long while, "
           "well past any terminal's width, so that a wrapped copy would break it.")
LONG_RU = ("Это предложение о международных судах и активах банка тянется очень долго, гораздо дальше "
           "ширины любого терминала, так что перенос строк сломал бы его.")


def test_piped_output_is_not_wrapped(tmp_path: Path) -> None:
    folder = write_letter(tmp_path / "long-letter", None, en=f"Dear Sergei,\n\n{LONG_EN}\n\nIt was  hard.",
                          ru=f"Дорогой Сергей,\n\n{LONG_RU}\n\nЭто было  трудно.")
    assert tm_cli("--db", "tm.db", "import", "letter", str(folder), cwd=tmp_path).returncode == 0
    env = {"COLUMNS": "", "TERM": "xterm"}
    shown = tm_cli("--db", "tm.db", "show", "long-letter", cwd=tmp_path, env=env)
    assert shown.returncode == 0
    assert any(LONG_EN in line and LONG_RU in line for line in shown.stdout.splitlines()), shown.stdout
    found = tm_cli("--db", "tm.db", "lookup", LONG_EN, cwd=tmp_path, env=env)
    assert LONG_RU in found.stdout.splitlines()[2], found.stdout
    qa = tm_cli("--db", "tm.db", "qa", "--fail-on", "never", "--no-baseline", "--check", "punctuation",
                cwd=tmp_path, env=env)
    description = next(line for line in qa.stdout.splitlines() if line.startswith("punctuation ("))
    assert description.endswith("no space after sentence punctuation."), qa.stdout
    listed = tm_cli("--db", "tm.db", "qa", "--list", cwd=tmp_path, env=env)
    assert all(line.count("  ") < 200 for line in listed.stdout.splitlines())
    descriptions = [line for line in listed.stdout.splitlines() if "punctuation" in line]
    assert len(descriptions) == 1 and descriptions[0].rstrip().endswith("punctuation.")


# -- one line for faults deep in the parsers --------------------------------------------------

@pytest.mark.parametrize("body", [
    "a = " + "[" * 100_000 + "]" * 100_000,
    "[x]\nb = " + "{c = " * 5_000 + "1" + "}" * 5_000,
    'x = "[[[[[["\n' * 3 + "y = " + "[" * 3_000 + "]" * 3_000,
], ids=["arrays", "inline-tables", "after-strings"])
def test_deeply_nested_toml_is_one_line(run, tmp_path: Path, body: str) -> None:
    glossary = tmp_path / "deep.toml"
    glossary.write_text(body + "\n", encoding="utf-8")
    message = bad(run, "glossary", "import", str(glossary))
    assert "deep.toml:" in message and "nested" in message
    folder = write_letter(tmp_path / "letter", body + "\n", en=EN)
    message = bad(run, "import", "letter", str(folder))
    assert "meta.toml:" in message and "nested" in message


def test_strings_full_of_brackets_are_not_nesting(run, tmp_path: Path) -> None:
    folder = write_letter(tmp_path / "letter", 'notes = "' + "[{" * 500 + '"\n# ' + "[" * 500 + "\n", en=EN)
    assert run("import", "letter", str(folder)).exit_code == 0


def test_a_paragraph_of_many_short_sentences_is_segmented_whatever_its_length(monkeypatch) -> None:
    """NLTK limits each of its regular-expression passes to DEFAULT_TIMEOUT seconds of
    wall clock (5 s): a letter of a few megabytes in one paragraph outlasted it and ended in
    a TimeoutError. The limit is shrunk here so that a paragraph of a few thousand
    sentences outlasts it as a 5 MB one does at 5 s."""
    from nltk import redos

    from tm.segment import segment

    monkeypatch.setattr(redos, "DEFAULT_TIMEOUT", 0.02)
    for lang, text in (("ru", "Да. Нет. " * 4000), ("en", "Yes. No. " * 4000), ("en", "word " * 200_000)):
        sentences = segment(text, lang).sentences
        assert len(sentences) == (1 if text.startswith("word") else 8000)


# -- a NUL character in a path -----------------------------------------------------------------

def test_a_nul_in_a_path_given_to_the_library(tm, tmp_path: Path) -> None:
    from tm.errors import InputError
    from tm.exchange import import_tmx
    from tm.glossary.formats import read_file, read_folder
    from tm.letters import import_corpora, import_letter

    for call in (lambda: import_letter(tm, tmp_path / "a\0b"), lambda: import_corpora(tm, tmp_path / "a\0b"),
                 lambda: import_tmx(tm, tmp_path / "a\0b.tmx"), lambda: read_file(tmp_path / "a\0b.toml"),
                 lambda: read_folder(tmp_path / "a\0b")):
        with pytest.raises(InputError, match="NUL"):
            call()


def test_reading_where_there_is_no_tm_creates_no_file(tmp_path: Path) -> None:
    for args in (["stats"], ["documents"], ["lookup", "hello"], ["show", "x"]):
        message = one_line_error(tm_cli("--db", "tm.db", *args, cwd=tmp_path))
        assert "holds no TM yet" in message
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_tm_can_be_copied(tmp_path: Path) -> None:
    user, home = _read_only_home(tmp_path)
    (tmp_path / "out").mkdir()
    (home / "tm.db").chmod(0o444)
    home.chmod(0o555)
    try:
        copied = tm_cli("copy", "--from", "sqlite:///tm.db", "--to", f"sqlite:///{tmp_path / 'out' / 'copy.db'}",
                        "--json", cwd=home, user=user)
        assert copied.returncode == 0, copied.stderr
    finally:
        home.chmod(0o755)
    stats = tm_cli("--db", str(tmp_path / "out" / "copy.db"), "stats", "--json", cwd=tmp_path)
    assert json.loads(stats.stdout)["units"] == 4
