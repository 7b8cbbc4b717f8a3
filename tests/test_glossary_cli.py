"""`tm glossary ...` and the glossary in `tm build`: output, JSON, exit codes, bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .conftest import LETTER, ROOT, write_letter


def test_import_list_export_round_trip(run, tmp_path: Path) -> None:
    result = run("glossary", "import", str(ROOT / "glossaries" / "names.toml"), "--json")
    assert result.exit_code == 0, result.output
    imported = json.loads(result.stdout)
    listed = json.loads(run("glossary", "list", "--json").stdout)["concepts"]
    assert len(listed) == imported["concepts"] and sum(len(c["terms"]) for c in listed) == imported["terms"]
    people = json.loads(run("glossary", "list", "--type", "person", "--lang", "kk", "--json").stdout)["concepts"]
    assert people and all(c["type"] == "person" for c in people)
    assert {t["lang"] for c in people for t in c["terms"]} == {"kk"}
    for ext, fmt in ((".tbx", "tbx"), (".tbx", "tbx3"), (".tsv", "tsv"), (".csv", "csv")):
        out = tmp_path / f"g-{fmt}{ext}"
        exported = run("glossary", "export", str(out), "--format", fmt, "--json")
        assert exported.exit_code == 0 and json.loads(exported.stdout)["format"] == fmt
        again = run("--db", f"sqlite:///{tmp_path / (fmt + '.db')}", "glossary", "import", str(out), "--json")
        assert again.exit_code == 0, again.output
    table = run("glossary", "list", "--lang", "en")
    assert "Nazarbaev" in table.stdout and "Назарбаев" not in table.stdout


def test_add_and_check_exit_codes(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # not in a project: the concept goes to the TM only
    folder = write_letter(tmp_path / "letter-one", None, en="Janaozen is far.\n\nZhanaozen is far.",
                          ru="Жанаозен далеко.\n\nЖанаозен далеко.", kk="Жаңаөзен алыс.\n\nЖаңаөзен алыс.")
    assert run("import", "letter", str(folder)).exit_code == 0
    quiet = run("glossary", "check", "--json")
    assert quiet.exit_code == 0 and json.loads(quiet.stdout)["findings"] == []
    added = run("glossary", "add", "zhanaozen", "--type", "place", "--term", "en=Zhanaozen", "--term", "ru=Жанаозен",
                "--term", "kk=Жаңаөзен", "--forbidden", "en=Janaozen", "--scheme", "bgn-pcgn")
    assert added.exit_code == 0, added.output
    checked = run("glossary", "check", "--doc", "letter-one", "--json")
    assert checked.exit_code == 1
    data = json.loads(checked.stdout)
    (finding,) = data["findings"]
    assert (finding["code"], finding["unit"], finding["lang"], finding["found"]) == (
        "glossary-forbidden", 0, "en", ["Janaozen"])
    assert data["summary"]["by_code"] == {"glossary-forbidden": 1, "glossary-missing": 0}
    text = run("glossary", "check")
    assert text.exit_code == 1 and "letter-one#0 error glossary-forbidden [en]" in text.stdout


def test_usage_and_input_errors_exit_2_with_one_line(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "bad.tbx"
    bad.write_text("<martif><text>", encoding="utf-8")
    for args, message in (
        (("glossary", "import", str(bad)), f"{bad}:1: not well-formed XML"),
        (("glossary", "import", str(tmp_path / "missing.tsv")), "no such file"),
        (("glossary", "add", "x", "--term", "english=X"), "unknown language tag 'english'"),
        (("glossary", "add", "x", "--term", "X"), "give a term as LANG=TEXT"),
        (("glossary", "list", "--type", "city"), "unknown concept type 'city'"),
        (("glossary", "export", str(tmp_path / "g.xlsx")), "cannot tell the format"),
        (("glossary", "check", "--doc", "nope"), "no document 'nope'"),
    ):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert run("glossary", "add").exit_code == 2


def test_build_loads_glossaries_and_runs_qa(run, tmp_path: Path, monkeypatch) -> None:
    shutil.copytree(LETTER, tmp_path / "corpora" / LETTER.name)
    shutil.copytree(ROOT / "glossaries", tmp_path / "glossaries")
    monkeypatch.chdir(tmp_path)
    result = run("build", "--json")
    assert result.exit_code == 0, result.output
    built = json.loads(result.stdout)
    glossary, qa = built["glossary"], built["qa"]
    assert glossary["concepts"] > 50 and qa["by_code"]["glossary-forbidden"] == 4
    assert "glossary-missing" not in qa["by_code"]
    (tmp_path / "glossaries" / "zz.toml").write_text('[x]\ntype = "place"\nen = "Astana"\n', encoding="utf-8")
    broken = run("build")
    assert broken.exit_code == 2 and "zz.toml:3: 'Astana' (en) is the preferred term of both" in broken.stderr
    assert len(json.loads(run("glossary", "list", "--json").stdout)["concepts"]) == glossary["concepts"]


def _project(tmp_path: Path, monkeypatch) -> Path:
    shutil.copytree(LETTER, tmp_path / "corpora" / LETTER.name)
    shutil.copytree(ROOT / "glossaries", tmp_path / "glossaries")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "glossaries"


def _concept(run, cid: str) -> dict:
    return next(c for c in json.loads(run("glossary", "list", "--json").stdout)["concepts"] if c["id"] == cid)


def test_add_adds_terms_to_a_concept_and_replace_is_explicit(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("glossary", "import", str(ROOT / "glossaries" / "names.toml")).exit_code == 0
    before = _concept(run, "nursultan-nazarbayev")
    added = run("glossary", "add", "nursultan-nazarbayev", "--forbidden", "en=Nazarbaiev")
    assert added.exit_code == 0 and "added 1 term to nursultan-nazarbayev" in added.stdout, added.output
    after = _concept(run, "nursultan-nazarbayev")
    assert after["type"] == before["type"] == "person" and len(after["terms"]) == len(before["terms"]) + 1
    second = run("glossary", "add", "nursultan-nazarbayev", "--term", "en=Nazarbaiev Nursultan")
    assert second.exit_code == 2 and "already has the preferred en term 'Nursultan Nazarbayev'" in second.stderr
    assert _concept(run, "nursultan-nazarbayev") == after
    replaced = run("glossary", "add", "nursultan-nazarbayev", "--replace", "--term", "en=N. Nazarbayev")
    assert replaced.exit_code == 0, replaced.output
    assert "replaced nursultan-nazarbayev (was person, 14 terms): now term, 1 term" in replaced.stdout
    assert len(_concept(run, "nursultan-nazarbayev")["terms"]) == 1


def test_add_in_a_project_writes_the_glossary_file_and_build_keeps_it(run, tmp_path: Path, monkeypatch) -> None:
    folder = _project(tmp_path, monkeypatch)
    original = (folder / "names.toml").read_text(encoding="utf-8")
    assert run("build").exit_code == 0
    new = run("glossary", "add", "lukpan-akhmedyarov", "--type", "person", "--term", "en=Lukpan Akhmedyarov",
              "--term", "ru=Лукпан Ахмедьяров")
    assert new.exit_code == 0 and "(glossaries/names.toml)" in new.stdout, new.output
    more = run("glossary", "add", "nursultan-nazarbayev", "--forbidden", "en=Nazarbaiev")
    assert more.exit_code == 0, more.output
    text = (folder / "names.toml").read_text(encoding="utf-8")
    assert text.startswith(original.split("[nursultan-nazarbayev]")[0])  # comments and earlier tables kept
    assert text.endswith('[lukpan-akhmedyarov]\ntype = "person"\nen = "Lukpan Akhmedyarov"\nru = "Лукпан Ахмедьяров"\n')
    assert '"Nazarbajev", "Nazarbaiev"]' in text
    assert sum(a != b for a, b in zip(original.splitlines(), text.splitlines())) == 1  # one line changed in place
    built = json.loads(run("build", "--json").stdout)
    assert _concept(run, "lukpan-akhmedyarov")["type"] == "person" and built["glossary"]["kept_from_tm"] == []
    assert "Nazarbaiev" in {t["text"] for t in _concept(run, "nursultan-nazarbayev")["terms"]}


def test_build_says_which_concepts_only_the_tm_has_and_keeps_them(run, tmp_path: Path, monkeypatch) -> None:
    folder = _project(tmp_path, monkeypatch)
    assert run("glossary", "add", "tm-only", "--term", "en=Only here", "--no-file").exit_code == 0
    result = run("build")
    assert result.exit_code == 0
    assert "kept 1 concept that only the TM has, not glossaries/: tm-only" in " ".join(result.stderr.split())
    assert _concept(run, "tm-only")
    refused = run("glossary", "remove", "nursultan-nazarbayev")
    assert refused.exit_code == 2 and "names.toml:36: 'nursultan-nazarbayev' is defined here" in refused.stderr
    assert run("glossary", "remove", "tm-only").exit_code == 0
    assert "kept" not in run("build").stderr and (folder / "names.toml").exists()
