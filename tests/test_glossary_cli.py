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


def test_add_and_check_exit_codes(run, tmp_path: Path) -> None:
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


def test_usage_and_input_errors_exit_2_with_one_line(run, tmp_path: Path) -> None:
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
