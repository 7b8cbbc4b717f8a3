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


@pytest.fixture
def executor_sizes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the process pools (concurrent.futures) started during the test."""
    from concurrent.futures import ProcessPoolExecutor

    sizes: list[int] = []
    init = ProcessPoolExecutor.__init__

    def counting(self, max_workers=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        sizes.append(max_workers)
        init(self, max_workers, *args, **kwargs)

    monkeypatch.setattr(ProcessPoolExecutor, "__init__", counting)
    return sizes


def test_worker_processes_find_what_one_process_finds(
    letter_db: str, monkeypatch: pytest.MonkeyPatch, executor_sizes: list[int]
) -> None:
    """The unit pass on slices in worker processes, the corpus checks with what every slice
    extracted, give the same findings in the same order as one process; stored search forms
    stand for computed ones."""
    from tm.qa import runner
    from tm.qa.base import QAUnit
    from tm.qa.registry import CHECKS

    tm = TM(letter_db)
    units = runner.load_units(tm)
    assert units and all(u.forms is not None and set(u.forms) == set(u.present) for u in units)
    # the letter twelve times, its Russian reworded in every other copy: inconsistent translations
    reworded = [QAUnit(u.doc, u.unit, {**u.texts, "ru": u.texts["ru"] + " Вот."} if u.texts.get("ru") else u.texts,
                       u.paragraph) for u in units]
    copies = (units + reworded) * 6
    glossary = runner._glossary(tm)
    one = runner.run_checks(copies, list(CHECKS), glossary, jobs=1)
    monkeypatch.setattr(runner, "PARALLEL_MIN_UNITS", 100)
    monkeypatch.setattr(runner, "SLICE", 100)
    several = runner.run_checks(copies, list(CHECKS), glossary, jobs=3)
    assert executor_sizes == [3]  # the workers did run
    assert [f.as_dict() for f in several] == [f.as_dict() for f in one]
    assert {f.code for f in one} >= {"name-inconsistent", "punctuation", "inconsistent-translation"}
    computed = [QAUnit(u.doc, u.unit, u.texts, u.paragraph) for u in copies]  # no stored forms
    check = [c for c in CHECKS if c.code == "inconsistent-translation"]
    assert runner.run_checks(computed, check) == runner.run_checks(copies, check) != []


def test_a_check_finds_the_same_alone_or_with_others(letter_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """No check depends on which others run, nor on how the units are sliced: each check's
    findings are the same alone, in a full run, and on slices of any size."""
    from tm.qa import runner
    from tm.qa.registry import CHECKS

    tm = TM(letter_db)
    full = run_qa(tm, jobs=1).findings
    monkeypatch.setattr(runner, "SLICE", 7)
    for check in CHECKS:
        alone = run_qa(tm, only=[check.code], jobs=1).findings
        assert [f.as_dict() for f in alone] == [f.as_dict() for f in full if f.code == check.code]


def test_run_qa_in_worker_processes(letter_db: str, monkeypatch: pytest.MonkeyPatch, executor_sizes: list[int]) -> None:
    from tm.qa import runner

    tm = TM(letter_db)
    one = run_qa(tm, jobs=1)
    monkeypatch.setattr(runner, "PARALLEL_MIN_UNITS", 100)
    monkeypatch.setattr(runner, "SLICE", 25)
    several = run_qa(tm, jobs=2)
    assert executor_sizes == [2]
    assert [f.as_dict() for f in several.findings] == [f.as_dict() for f in one.findings] != []


def test_name_inconsistent_follows_the_glossary_whatever_the_scope(tmp_path: Path) -> None:
    """With the project glossary, the glossary's spelling is the expected one (Ramzan, not the
    forbidden Ramazan, although each occurs once), and --doc does not change the answer."""
    from tm.glossary.project import load_folder

    from .conftest import ROOT

    tm = TM(f"sqlite:///{tmp_path / 'tm.db'}")
    import_letter(tm, LETTER)
    load_folder(tm, ROOT / "glossaries")
    whole = run_qa(tm, only=["name-inconsistent"])
    scoped = run_qa(tm, ["ablyazov-duvanov-2"], only=["name-inconsistent"])
    pairs = sorted((f.lang, tuple(f.found), tuple(f.expected or ())) for f in whole.findings)
    assert pairs == [("en", ("Ramazan",), ("Ramzan",)), ("en", ("Sergey",), ("Sergei",))]
    assert [f.as_dict() for f in scoped.findings] == [f.as_dict() for f in whole.findings]


def test_the_html_report_shows_what_a_reviewer_needs(tmp_path: Path) -> None:
    """Summary counts first, errors before warnings, the letter's title, each flagged unit once
    with an anchor and all its languages side by side, each finding's fingerprint (issue 26)."""
    from tm.glossary.project import load_folder
    from tm.qa.registry import CHECKS
    from tm.qa.report import render_html

    from .conftest import ROOT

    tm = TM(f"sqlite:///{tmp_path / 'tm.db'}")
    import_letter(tm, LETTER)
    load_folder(tm, ROOT / "glossaries")  # glossary-forbidden: errors beside the warnings
    result = run_qa(tm)
    page = lxml_html.fromstring(render_html(result, CHECKS.select()))
    summary = page.xpath("//table[@id='summary']")[0]
    counts = {row.xpath("string(td[1])"): row.xpath("string(td[3])") for row in summary.xpath(".//tr[td]")}
    assert counts == {code: str(n) for code, n in result.summary()["by_code"].items()}
    sections = page.xpath("//h2[@class='check']/@id")
    severities = [next(c.severity.rank for c in CHECKS if c.code == code) for code in sections]
    assert severities == sorted(severities, reverse=True) and len(set(severities)) > 1  # errors first
    assert "Mukhtar Ablyazov’s Open Letter to Sergei Duvanov - II" in page.text_content()
    flagged = {(f.doc, f.unit) for f in result.findings}
    anchors = page.xpath("//tr[@class='unit']/@id")
    assert sorted(anchors) == sorted(f"{doc}:{unit}" for doc, unit in flagged)
    sergey = next(f for f in result.findings if f.found == ["Sergey"])
    row = page.xpath(f"//tr[@id='{sergey.doc}:{sergey.unit}']")[0]
    assert [cell.get("lang") for cell in row.xpath("td[@lang]")] == ["en", "ru", "kk"]  # side by side
    assert sergey.text["ru"] in row.text_content() and sergey.text["kk"] in row.text_content()
    assert {f.fingerprint() for f in result.findings} <= set(page.xpath("//code[@class='fingerprint']/text()"))
    assert page.xpath(f"//a[@href='#{sergey.doc}:{sergey.unit}']")


def test_the_confusable_spelling_in_the_published_letter_is_found(letter_db: str) -> None:
    """The English letter as published lists its tags; one is "llyashev & Partners", a small l
    for the capital I of "Ilyashev & Partners" listed beside it (issue 24). QA names the
    letter, and finds nothing of the kind in the translations."""
    from tm.qa import runner
    from tm.qa.base import QAUnit
    from tm.qa.registry import CHECKS

    from .conftest import ROOT

    tags = (ROOT / "tests" / "data" / "seed" / "ablyazov-duvanov-2-tags.txt").read_text(encoding="utf-8").strip()
    units = runner.load_units(TM(letter_db))
    last = units[-1]
    units.append(QAUnit(last.doc, last.unit + 1, {lang: tags if lang == "en" else "" for lang in last.texts}))
    findings = runner.run_checks(units, CHECKS.select(["name-inconsistent"]))
    (confusion,) = [f for f in findings if "llyashev" in f.found]
    assert (confusion.lang, confusion.found, confusion.expected) == ("en", ["llyashev"], ["Ilyashev"])
    assert "small l (U+006C) for capital I (U+0049)" in confusion.message
    assert [f for f in findings if f.lang != "en"] == []
