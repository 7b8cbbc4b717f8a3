"""QA over a real TM: the letter's findings pinned, the command line, reports and the baseline."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from lxml import html as lxml_html

from tm.letters import import_letter
from tm.qa.runner import run_qa
from tm.store import TM

from .conftest import LETTER


@pytest.fixture(scope="module")
def letter_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('qa') / 'tm.db'}"
    import_letter(TM(url), LETTER)
    return url


def test_the_published_english_spellings_are_reported_and_nothing_else(letter_db: str) -> None:
    """The published English text spells two names two ways (Sergei/Sergey, Ramzan/Ramazan); the
    project's translations are clean. Precision is pinned: these are the only name findings."""
    result = run_qa(TM(letter_db), only=["name-inconsistent", "name-mismatch"])
    pairs = sorted((f.lang, tuple(f.found), tuple(f.expected or ())) for f in result.findings)
    assert pairs == [
        ("en", ("Ramazan",), ("Ramzan",)),
        ("en", ("Ramzan",), ("Ramazan",)),
        ("en", ("Sergey",), ("Sergei",)),
    ]


def test_the_translations_raise_no_findings(letter_db: str) -> None:
    result = run_qa(TM(letter_db))
    assert [f for f in result.findings if f.lang in ("ru", "kk")] == []


def test_published_typography_is_reported(letter_db: str) -> None:
    result = run_qa(TM(letter_db), only=["punctuation"])
    messages = sorted(f.message for f in result.findings)
    assert messages == ["closing mark without an opening one", "double space", "double space"]
    assert all(f.lang == "en" for f in result.findings)


def test_cli_exit_codes_and_json(run, letter_db: str, tmp_path: Path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from tm.cli import app

    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    ok = runner.invoke(app, ["--db", letter_db, "qa", "--json"])  # warnings only: below --fail-on error
    assert ok.exit_code == 0, ok.output
    data = json.loads(ok.stdout)
    assert set(data) == {"findings", "summary"}
    first = data["findings"][0]
    assert set(first) >= {"code", "severity", "doc", "unit", "lang", "message", "found", "expected", "text"}
    assert first["found"] and all(s in first["text"][first["lang"]] for s in first["found"])
    strict = runner.invoke(app, ["--db", letter_db, "qa", "--fail-on", "warning"])
    assert strict.exit_code == 1
    bad = runner.invoke(app, ["--db", letter_db, "qa", "--check", "no-such-check"])
    assert bad.exit_code == 2 and "no QA check 'no-such-check'" in bad.stderr


def test_baseline_silences_reviewed_findings(letter_db: str, tmp_path: Path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from tm.cli import app

    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    base = tmp_path / "corpora" / "qa-baseline.json"
    accepted = runner.invoke(app, ["--db", letter_db, "qa", "--update-baseline", "--baseline", str(base)])
    assert accepted.exit_code == 0 and base.exists()
    again = json.loads(runner.invoke(app, ["--db", letter_db, "qa", "--json", "--baseline", str(base)]).stdout)
    assert again["findings"] == [] and again["summary"]["baselined"] > 0
    everything = json.loads(runner.invoke(app, ["--db", letter_db, "qa", "--json", "--no-baseline"]).stdout)
    assert len(everything["findings"]) == again["summary"]["baselined"]


def test_csv_and_html_reports(letter_db: str, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tm.cli import app

    runner = CliRunner()
    out = tmp_path / "qa.html"
    result = runner.invoke(app, ["--db", letter_db, "qa", "--format", "html", "--output", str(out), "--no-baseline"])
    assert result.exit_code == 0, result.output
    page = lxml_html.fromstring(out.read_text(encoding="utf-8"))
    assert page.xpath("//h2[@id='name-inconsistent']")
    assert "Sergey" in page.xpath("string(//mark)") or page.xpath("//mark[text()='Sergey']")
    csv_out = runner.invoke(app, ["--db", letter_db, "qa", "--format", "csv", "--no-baseline"]).stdout
    rows = list(csv.DictReader(io.StringIO(csv_out)))
    assert {r["code"] for r in rows} >= {"name-inconsistent", "punctuation"}


def test_list_comes_from_the_registry() -> None:
    from typer.testing import CliRunner

    from tm.cli import app
    from tm.qa.registry import CHECKS

    data = json.loads(CliRunner().invoke(app, ["qa", "--list", "--json"]).stdout)
    assert [c["code"] for c in data["checks"]] == CHECKS.codes()


def test_worker_processes_find_what_one_process_finds(
    letter_db: str, monkeypatch: pytest.MonkeyPatch, pool_sizes: list[int]
) -> None:
    """Checks in forked workers (unit checks on slices, corpus checks whole) give the same
    findings in the same order as one process; stored search forms stand for computed ones."""
    from tm.qa import runner
    from tm.qa.base import QAContext, QAUnit
    from tm.qa.registry import CHECKS

    tm = TM(letter_db)
    units = runner.load_units(tm)
    assert units and all(u.forms is not None and set(u.forms) == set(u.present()) for u in units)
    # the letter twelve times, its Russian reworded in every other copy: inconsistent translations
    reworded = [QAUnit(u.doc, u.unit, {**u.texts, "ru": u.texts["ru"] + " Вот."} if u.texts.get("ru") else u.texts,
                       u.paragraph) for u in units]
    copies = (units + reworded) * 6
    context = QAContext(glossary=runner._glossary(tm))
    one = runner.run_checks(copies, list(CHECKS), context, jobs=1)
    monkeypatch.setattr(runner, "PARALLEL_MIN_UNITS", 100)
    monkeypatch.setattr(runner, "SLICE", 100)
    several = runner.run_checks(copies, list(CHECKS), QAContext(glossary=runner._glossary(tm)), jobs=3)
    assert pool_sizes == [3]  # the workers did run
    assert [f.as_dict() for f in several] == [f.as_dict() for f in one]
    assert {f.code for f in one} >= {"name-inconsistent", "punctuation", "inconsistent-translation"}
    computed = [QAUnit(u.doc, u.unit, u.texts, u.paragraph) for u in copies]  # no stored forms
    check = [c for c in CHECKS if c.code == "inconsistent-translation"]
    assert runner.run_checks(computed, check) == runner.run_checks(copies, check) != []


def test_a_unit_check_runs_with_the_corpus_check_it_shares_work_with() -> None:
    """name-mismatch joins name-inconsistent's task (they share the name candidates), on
    every unit; without name-inconsistent it runs on slices like any unit check. Slices come
    last first (early workers take them from the first)."""
    from tm.qa import runner
    from tm.qa.base import QAUnit
    from tm.qa.registry import CHECKS

    units = [QAUnit("d", k, {"en": "x"}) for k in range(12_000)]
    checks = CHECKS.select(["name-inconsistent", "name-mismatch", "punctuation", "mixed-script"])
    codes = [c.code for c in checks]
    tasks = [([codes[i] for i in indices], start, stop) for indices, start, stop in runner._tasks(units, checks)]
    assert tasks[0] == (["name-inconsistent", "name-mismatch"], 0, 12_000)
    assert tasks[1] == (["punctuation"], 0, 12_000)
    slices = tasks[2:]
    assert {tuple(t[0]) for t in slices} == {("mixed-script",)}
    size = runner.SLICE
    assert [(t[1], t[2]) for t in slices] == [(k, min(k + size, 12_000)) for k in range(0, 12_000, size)][::-1]
    alone = CHECKS.select(["name-mismatch"])
    assert all(t[0] == (0,) and t[2] - t[1] <= size for t in runner._tasks(units, alone))


def test_unit_checks_start_while_the_units_load(
    letter_db: str, monkeypatch: pytest.MonkeyPatch, pool_sizes: list[int]
) -> None:
    """On a large TM, workers forked during the load check the units loaded so far, sharing
    the slices with the pool that starts once all are loaded; the report is the one a single
    process gives, each finding once."""
    from tm.qa import runner

    tm = TM(letter_db)
    one = run_qa(tm, jobs=1)
    monkeypatch.setattr(runner, "PARALLEL_MIN_UNITS", 100)
    monkeypatch.setattr(runner, "EARLY_CHUNK", 50)
    monkeypatch.setattr(runner, "SLICE", 25)  # the pool may take an early worker's slices first
    early: list[int] = []
    loaded = runner._Run.loaded

    def counting_loaded(self, units):  # type: ignore[no-untyped-def]
        loaded(self, units)
        early.append(self.started)

    monkeypatch.setattr(runner._Run, "loaded", counting_loaded)
    several = run_qa(tm, jobs=2)
    assert early == list(range(50, one.units, 50))  # an early worker per 50 units loaded
    assert pool_sizes == [2]  # and the pool for the rest
    assert [f.as_dict() for f in several.findings] == [f.as_dict() for f in one.findings] != []
