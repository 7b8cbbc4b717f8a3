"""The QA baseline's fingerprints follow a unit's texts, not its number: a review that
merges or splits units keeps reviewed findings silenced; a finding on an edited text is new.
Version-1 baselines (fingerprints with the unit number) still silence what they listed.

tests/data/qa-baseline-v1.json is the file `tm qa --update-baseline` wrote at commit 5dc2e15
(version 1) for the project's letter imported with `tm import letter`: the six findings then."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tm.qa import baseline as baselines
from tm.qa.findings import Finding, Severity

from .conftest import ROOT

DOC = "ablyazov-duvanov-2"
V1_FILE = ROOT / "tests" / "data" / "qa-baseline-v1.json"

TEXTS = {"en": "Dear Sergey,", "ru": "Уважаемый Сергей!", "kk": "Құрметті Сергей!"}


def finding(unit: int = 1, text: dict[str, str] | None = None, **changes: object) -> Finding:
    fields: dict = {"code": "name-inconsistent", "severity": Severity.warning, "doc": DOC, "unit": unit,
                    "lang": "en", "message": "one name spelled two ways?", "found": ["Sergey"],
                    "expected": ["Sergei"], "text": dict(TEXTS if text is None else text)}
    fields.update(changes)
    return Finding(**fields)


SAME = [
    ("another unit number", finding(unit=40)),
    ("another message and expected (they name other units)", finding(message="x", expected=["Sergej"])),
    ("another severity", finding(severity=Severity.error)),
    ("the languages in another order", finding(text=dict(reversed(list(TEXTS.items()))))),
    ("the found strings in another order", finding(found=["Sergey", "Duvanov"])),
]
DIFFERENT = [
    ("the text of its language edited", finding(text={**TEXTS, "en": "Dear Sergey!"})),
    ("the text of another language edited", finding(text={**TEXTS, "kk": "Құрметті Сергей,"})),
    ("a language fewer", finding(text={"en": TEXTS["en"], "ru": TEXTS["ru"]})),
    ("another check", finding(code="glossary-forbidden")),
    ("another document", finding(doc="other-letter")),
    ("another language", finding(lang="ru")),
    ("other found strings", finding(found=["Sergei"])),
]


@pytest.mark.parametrize(("case", "other"), SAME, ids=[c for c, _ in SAME])
def test_the_same_finding_on_the_same_texts_keeps_its_fingerprint(case: str, other: Finding) -> None:
    base = finding(found=["Duvanov", "Sergey"]) if "found" in case else finding()
    assert other.fingerprint() == base.fingerprint()


@pytest.mark.parametrize(("case", "other"), DIFFERENT, ids=[c for c, _ in DIFFERENT])
def test_a_finding_on_other_texts_or_of_another_kind_is_new(case: str, other: Finding) -> None:
    assert other.fingerprint() != finding().fingerprint()


def test_the_version_one_fingerprint_is_the_unit_numbers(tmp_path: Path) -> None:
    v1 = tmp_path / "v1.json"
    v1.write_text(json.dumps({"version": 1, "findings": {baselines.fingerprint_v1(finding(unit=1)): {}}}))
    loaded = baselines.load(v1)
    assert loaded.version == 1
    assert loaded.silences(finding(unit=1)) and loaded.silences(finding(unit=1, text={"en": "edited"}))
    assert not loaded.silences(finding(unit=2))


@pytest.mark.parametrize(("body", "message"), [
    ('{"version": 3, "findings": {}}', "QA baseline version 3 is not one this tm reads"),
    ('{"version": 2}', "not a tm QA baseline"),
    ("[1, 2]", "not a tm QA baseline"),
    ("{", "not a tm QA baseline"),
])
def test_a_file_that_is_not_a_baseline_is_refused_naming_it(tmp_path: Path, body: str, message: str) -> None:
    from tm.errors import InputError

    path = tmp_path / "qa-baseline.json"
    path.write_text(body)
    with pytest.raises(InputError, match=message) as raised:
        baselines.load(path)
    assert str(path) in str(raised.value) and "\n" not in str(raised.value)


# -- on a real TM, through the command line ------------------------------------------------------


def qa(run, *args: str) -> dict:
    result = run("qa", "--json", "--fail-on", "never", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def letter(run, letter_copy):
    assert run("import", "letter", str(letter_copy)).exit_code == 0
    return run


def test_a_version_one_baseline_still_silences_and_the_next_update_writes_version_two(letter, tmp_path) -> None:
    run = letter
    base = tmp_path / "qa-baseline.json"
    shutil.copy(V1_FILE, base)
    everything = qa(run, "--no-baseline")["findings"]
    assert len(everything) == len(json.loads(V1_FILE.read_text())["findings"]) > 0
    silenced = qa(run, "--baseline", str(base))
    assert silenced["findings"] == [] and silenced["summary"]["baselined"] == len(everything)
    assert run("qa", "--update-baseline", "--baseline", str(base)).exit_code == 0
    written = json.loads(base.read_text())
    assert written["version"] == 2
    assert set(written["findings"]) == {f["fingerprint"] for f in everything}
    assert set(written["findings"]).isdisjoint(json.loads(V1_FILE.read_text())["findings"])
    again = qa(run, "--baseline", str(base))
    assert again["findings"] == [] and again["summary"]["baselined"] == len(everything)


def merge_two_rows(review: Path, first: int) -> None:
    """Merge the rows of units ``first`` and ``first + 1`` of a review file (line 1 is the header)."""
    rows = [line.split("\t") for line in review.read_text(encoding="utf-8").splitlines()]
    a, b = rows[first + 1], rows[first + 2]
    rows[first + 1: first + 3] = [[a[0], *(f"{x} {y}" for x, y in zip(a[1:-1], b[1:-1])), a[-1]]]
    review.write_text("\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8")


def test_a_review_that_renumbers_units_keeps_reviewed_findings_silenced(letter, tmp_path) -> None:
    run = letter
    base, v1 = tmp_path / "qa-baseline.json", tmp_path / "v1.json"
    before = qa(run, "--no-baseline")["findings"]
    assert run("qa", "--update-baseline", "--baseline", str(base)).exit_code == 0
    shutil.copy(V1_FILE, v1)
    review = tmp_path / "review.tsv"
    assert run("review", "export", DOC, "-o", str(review)).exit_code == 0
    first = min(f["unit"] for f in before) + 1  # a merge after the first finding, before the others
    merge_two_rows(review, first)
    applied = run("review", "apply", DOC, str(review))
    assert applied.exit_code == 0 and "have new numbers" in applied.output, applied.output
    after = qa(run, "--no-baseline")["findings"]
    moved = {(f["code"], f["unit"]) for f in after} - {(f["code"], f["unit"]) for f in before}
    assert len(after) == len(before) and len(moved) == len(before) - 1  # all but the first moved up one
    assert [f["fingerprint"] for f in after] == [f["fingerprint"] for f in before]
    silenced = qa(run, "--baseline", str(base))
    assert silenced["findings"] == [] and silenced["summary"]["baselined"] == len(before)
    # a version-1 baseline names units by number: the moved findings come back, as they did before
    old = qa(run, "--baseline", str(v1))
    assert len(old["findings"]) == len(moved) and old["summary"]["baselined"] == 1


def test_a_finding_on_an_edited_text_is_reported_again(letter, tmp_path) -> None:
    run = letter
    base = tmp_path / "qa-baseline.json"
    assert run("qa", "--update-baseline", "--baseline", str(base)).exit_code == 0
    target = qa(run, "--no-baseline")["findings"][0]
    ref = f"{target['doc']}#{target['unit']}"
    other = next(lang for lang in target["text"] if lang != target["lang"])
    edited = run("unit", "edit", ref, "--lang", other, "--text", target["text"][other] + " (правка)")
    assert edited.exit_code == 0, edited.output
    shown = qa(run, "--baseline", str(base))
    assert [(f["code"], f["unit"], f["found"]) for f in shown["findings"]] == \
        [(target["code"], target["unit"], target["found"])]
