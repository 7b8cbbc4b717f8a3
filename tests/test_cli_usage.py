"""What a person reads and types: --help over the whole command tree, usage errors (exit
2, one line, with and without a terminal), languages and units asked for that the TM does
not have, language files misnamed."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from tm.cli import app

from .conftest import write_letter
from .test_cli_robust import EN, RU, bad


def tree() -> tuple[list[list[str]], list[list[str]]]:
    """(commands, groups) as the words typed after ``tm``; the root group is []."""
    commands, groups = [], []

    def walk(cmd, path):  # noqa: ANN001
        if hasattr(cmd, "list_commands"):
            groups.append(path)
            for name in cmd.list_commands(None):
                walk(cmd.get_command(None, name), [*path, name])
        else:
            commands.append(path)

    walk(typer.main.get_command(app), [])
    return commands, groups


COMMANDS, GROUPS = tree()
EVERY = GROUPS + COMMANDS


def help_of(path: list[str]) -> str:
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("path", EVERY, ids=lambda p: "tm " + " ".join(p))
def test_help_has_an_example_and_no_python_types(path: list[str]) -> None:
    text = help_of(path)
    assert "Example:" in text and f"tm {' '.join(path)}".strip() in text
    for python in ("<bool>", "list[", "<int", "<str>", "<path>", "<float>", "[x>=0]", "range]", "╭"):
        assert python not in text, (python, text)
    for line in text.splitlines():  # a flag shows no metavar: "--json  Print..."
        m = re.match(r"  (--[\w-]+)( \S+)?  ", line)
        if m and m.group(1) in ("--json", "--replace", "--review", "--help", "--version", "--list"):
            assert m.group(2) is None, line


def test_help_shows_what_a_user_types() -> None:
    qa = help_of(["qa"])
    for shown in ("--check CODE", "--output FILE", "--jobs, -j N", "--doc DOC", "--fail-on error|warning|never"):
        assert shown in qa, shown
    assert "--langs LANGS" in help_of(["show"]) and "Usage: root show [OPTIONS] DOC" in help_of(["show"])
    assert "--to LANGS" in help_of(["lookup"]) and "--batch FILE" in help_of(["lookup"])
    assert "--term LANG=TEXT" in help_of(["glossary", "add"])
    assert "--db URL" in help_of([])


def test_help_of_the_newer_commands_shows_what_a_user_types() -> None:
    """Options that take a database show URL, folders DIR, choices what to type; a repeated
    argument ends in one "...", never a doubled one."""
    copy = help_of(["copy"])
    assert "--from URL" in copy and "--to URL" in copy
    assert "--reports DIR" in help_of(["build"])
    assert "--format xliff|txt" in help_of(["pretranslate"]) and "--xliff 1.2|2.0" in help_of(["pretranslate"])
    assert "--format toml|tsv|csv|tbx|tbx3" in help_of(["glossary", "export"])
    for path, usage in ((["analyze"], "FILE..."), (["import", "xliff"], "FILE..."), (["glossary", "remove"], "ID..."),
                        (["glossary", "suggest"], "[PATH...]"), (["align"], "FILE...")):
        assert help_of(path).splitlines()[0].endswith(f"[OPTIONS] {usage}"), (path, help_of(path).splitlines()[0])
    for path in EVERY:
        assert "...." not in help_of(path).splitlines()[0], path


@pytest.mark.parametrize("path", EVERY, ids=lambda p: "tm " + " ".join(p))
def test_help_keeps_sentences_and_examples_whole(path: list[str]) -> None:
    """Every prose paragraph of the docstring is one line of the help, and every example
    line is a line of the help as written, however long."""
    from tm.cli.help import paragraphs

    command = typer.main.get_command(app)
    for name in path:
        command = command.get_command(None, name)
    lines = [line.strip() for line in help_of(path).splitlines()]
    for paragraph in paragraphs(command.help or ""):
        for line in paragraph.split("\n"):
            assert line.strip() in lines, (line, lines)
    build = help_of(["build"])
    assert "The whole TM is written to letters.tmx (TMX 1.4b) and letters.tsv in --exports (build/exports)." in build


# -- usage errors: exit 2 everywhere, with and without a terminal ------------------------------

def forked_main(args: list[str], cwd: Path, terminal: bool) -> tuple[int, str, str]:
    """The console script's ``main()`` in a forked child whose stdin, stdout and stderr
    are a pseudo-terminal (``terminal``) or pipes; (exit code, stdout, stderr) -- with a
    terminal both streams are the one terminal, so stdout holds all. Forking after
    ``tm.cli`` is imported keeps sixty runs cheap."""
    from tm.cli import main

    if terminal:
        pid, out_fd = pty.fork()
        err_fd = None
    else:
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        pid = os.fork()
        out_fd, err_fd = out_r, err_r
    if pid == 0:  # the child: never returns
        code = 70
        try:
            if not terminal:
                os.dup2(out_w, 1)
                os.dup2(err_w, 2)
                os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
            sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
            sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
            sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
            os.chdir(cwd)
            os.environ.pop("TM_DATABASE_URL", None)
            sys.argv = ["tm", *args]
            try:
                main()
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:  # noqa: BLE001 - a traceback is what the test looks for
            import traceback

            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    if not terminal:
        os.close(out_w)
        os.close(err_w)
    out, err = _read_all(out_fd), _read_all(err_fd) if err_fd is not None else b""
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def _read_all(fd: int) -> bytes:
    out = b""
    while select.select([fd], [], [], 60)[0]:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # a terminal whose child has exited
            break
        if not chunk:
            break
        out += chunk
    os.close(fd)
    return out


def usage_cases() -> list[list[str]]:
    cases = [[*group] for group in GROUPS if group]  # a group without its command
    cases += [[*command, "--no-such-option"] for command in COMMANDS]
    cases += [["no-such-command"], ["--db"]]
    return cases


@pytest.mark.parametrize("terminal", [False, True], ids=["piped", "terminal"])
def test_usage_errors_exit_2_everywhere(tmp_path: Path, terminal: bool) -> None:
    failures = []
    for args in usage_cases():
        code, out, err = forked_main(args, tmp_path, terminal)
        text = out + err
        if not terminal and out:
            failures.append((args, "stdout", out))
        if code != 2 or "Traceback" in text:
            failures.append((args, code, text))
        elif args[-1] == "--no-such-option" and text.count("tm: error:") != 1:
            failures.append((args, "lines", text))
    assert failures == []
    assert len(usage_cases()) > 25


# -- a NUL character in a path -----------------------------------------------------------------

NUL_COMMANDS = [
    ["import", "letter", "a\0b"], ["import", "corpora", "a\0b"], ["import", "tmx", "a\0b.tmx"],
    ["glossary", "import", "a\0b.toml"], ["export", "tmx", "a\0b.tmx"], ["export", "csv", "a\0b.csv"],
    ["glossary", "export", "a\0b.tbx"], ["build", "--corpora", "a\0b"], ["align", "a\0b/en.txt", "ru.txt"],
    ["lookup", "--batch", "a\0b.txt"], ["qa", "--output", "a\0b.html", "--format", "html"],
]


def test_a_nul_in_a_path_is_one_line(tmp_path: Path) -> None:
    """(A NUL cannot reach argv from a shell; a program calling main() can pass it.)"""
    failures = []
    for args in NUL_COMMANDS:
        code, out, err = forked_main(["--db", str(tmp_path / "tm.db"), *args], tmp_path, terminal=False)
        if code != 2 or "Traceback" in err or err.count("\n") != 1 or "null" not in err.lower() and "NUL" not in err:
            failures.append((args, code, err))
    assert failures == []



# -- a language or a unit the TM does not have ------------------------------------------------

@pytest.fixture
def letter_tm(run, tmp_path: Path):  # noqa: ANN201
    folder = write_letter(tmp_path / "letter-one", None, en=EN, ru=RU)
    assert run("import", "letter", str(folder)).exit_code == 0
    return run


def test_a_language_the_tm_does_not_have(letter_tm) -> None:
    assert "has no de text (it has: en, ru)" in bad(letter_tm, "lookup", "I left London in 2012.", "--to", "de")
    assert "has no fr text" in bad(letter_tm, "lookup", "test", "--from", "fr")
    assert "document 'letter-one' has no de text" in bad(letter_tm, "show", "letter-one", "--langs", "en,de")
    assert "the TM has no kk text" in bad(letter_tm, "concordance", "London", "--lang", "kk")
    # a region of a language the TM has is that language (lookups match them)
    assert letter_tm("lookup", "I left London in 2012.", "--to", "ru-RU").exit_code == 0


def test_units_are_named_doc_hash_n(letter_tm) -> None:
    shown = json.loads(letter_tm("show", "letter-one#1", "--json").stdout)
    assert [u["unit"] for u in shown["units"]] == [1] and shown["units"][0]["ref"] == "letter-one#1"
    assert shown["units"][0]["en"] == "I left London in 2012."
    assert "no unit 99" in bad(letter_tm, "show", "letter-one#99")
    assert "DOC#N" in bad(letter_tm, "show", "letter-one#x")
    found = letter_tm("lookup", "I left London in 2012.")
    assert "letter-one#1" in found.stdout


def test_show_review_with_nothing_to_review_says_so(letter_tm) -> None:
    result = letter_tm("show", "letter-one", "--review")
    assert result.exit_code == 0 and "nothing to review in letter-one" in result.stdout


# -- language files with a name that is not a tag ---------------------------------------------

@pytest.mark.parametrize(("name", "suggestion"), [("kz", "'kk'"), ("ua", "'uk'"), ("KZ", "'kk'")])
def test_a_language_file_misnamed_stops_the_import(run, tmp_path: Path, name: str, suggestion: str) -> None:
    folder = write_letter(tmp_path / "letter", None, en=EN, ru=RU)
    (folder / f"{name}.txt").write_text("Құрметті Сергей,", encoding="utf-8")
    message = bad(run, "import", "letter", str(folder))
    assert f"{name}.txt" in message and "language" in message and suggestion in message


def test_other_text_files_are_not_language_files(run, tmp_path: Path) -> None:
    folder = write_letter(tmp_path / "letter", None, en=EN, ru=RU)
    (folder / "notes.txt").write_text("to check with the client", encoding="utf-8")
    (folder / "README.txt").write_text("about this letter", encoding="utf-8")
    assert run("import", "letter", str(folder)).exit_code == 0
