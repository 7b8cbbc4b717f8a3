"""One rule for regional tags in every command that takes languages (:func:`tm.lang.pick_tag`):
a request for ``en`` covers ``en-GB`` unless the unit has an exact ``en``; ``en-GB`` never
means ``en``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

OMEGAT = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.1">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext"
          creationtoolversion="6.0.0" segtype="sentence" srclang="EN-GB"/>
  <body>
    <tu>
      <tuv lang="EN-GB"><seg>The colour of the flag.</seg></tuv>
      <tuv lang="RU"><seg>Цвет флага.</seg></tuv>
    </tu>
    <tu>
      <tuv lang="EN-GB"><seg>Dear Sergei,</seg></tuv>
      <tuv lang="RU"><seg>Уважаемый Сергей!</seg></tuv>
    </tu>
  </body>
</tmx>
"""


@pytest.fixture
def omegat(run, tmp_path: Path):
    path = tmp_path / "project_save.tmx"
    path.write_text(OMEGAT, encoding="utf-8")
    result = run("import", "tmx", str(path), "--doc", "omegat")
    assert result.exit_code == 0, result.output
    return run


def test_export_tmx_langs_en_ru_writes_the_en_gb_tuv(omegat, tmp_path: Path) -> None:
    out = tmp_path / "out.tmx"
    result = omegat("export", "tmx", str(out), "--langs", "en,ru")
    assert result.exit_code == 0, result.output
    body = out.read_text(encoding="utf-8")
    assert body.count("<tu ") == 2
    assert body.count('<tuv xml:lang="en-GB"><seg>') == 2 and body.count('<tuv xml:lang="ru"><seg>') == 2
    assert "<seg>The colour of the flag.</seg>" in body
    assert 'srclang="en-GB"' in body


@pytest.mark.parametrize("fmt", ["tsv", "csv"])
def test_export_table_langs_en_has_the_en_gb_column(omegat, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    result = omegat("export", fmt, str(out), "--langs", "ru,en")
    assert result.exit_code == 0, result.output
    sep = "\t" if fmt == "tsv" else ","
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == sep.join(["doc", "unit", "ru", "en-GB"])
    assert lines[1] == sep.join(["omegat", "0", "Цвет флага.", "The colour of the flag."])


def test_export_refuses_two_tags_that_mean_one(omegat, tmp_path: Path) -> None:
    result = omegat("export", "tsv", str(tmp_path / "out.tsv"), "--langs", "en,en-GB")
    assert result.exit_code == 2
    assert "both mean the TM's en-GB" in result.output


def test_show_langs_en_shows_the_en_gb_text(omegat) -> None:
    result = omegat("show", "omegat", "--langs", "en", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [u["en"] for u in data["units"]] == ["The colour of the flag.", "Dear Sergei,"]
    text = omegat("show", "omegat", "--langs", "en,ru")
    assert "The colour of the flag." in text.stdout and "Цвет флага." in text.stdout


def test_show_en_gb_never_means_en(run, tmp_path: Path) -> None:
    path = tmp_path / "plain.tmx"
    path.write_text(OMEGAT.replace('"EN-GB"', '"EN"'), encoding="utf-8")
    assert run("import", "tmx", str(path), "--doc", "plain").exit_code == 0
    data = json.loads(run("show", "plain", "--langs", "en-GB", "--json").stdout or "{}")
    assert all(u.get("en-GB", "") == "" for u in data.get("units", []))


def test_glossary_list_lang_follows_the_rule(run) -> None:
    assert run("glossary", "add", "colour", "--type", "term", "--term", "en-GB=colour", "--term", "ru=цвет").exit_code == 0
    assert run("glossary", "add", "lift", "--type", "term", "--term", "en=elevator", "--term", "en-GB=lift").exit_code == 0

    def terms(lang: str) -> dict[str, list[str]]:
        listed = json.loads(run("glossary", "list", "--lang", lang, "--json").stdout)["concepts"]
        return {c["id"]: sorted(t["text"] for t in c["terms"]) for c in listed}

    assert terms("en") == {"colour": ["colour"], "lift": ["elevator"]}  # en-GB where no en, else en
    assert terms("en-GB") == {"colour": ["colour"], "lift": ["lift"]}
    assert terms("en-US") == {"colour": [], "lift": []}  # a region never widens to en


def test_pretranslate_to_en_uses_the_en_gb_text(omegat, tmp_path: Path) -> None:
    new = tmp_path / "new.ru.txt"
    new.write_text("Цвет флага.\n", encoding="utf-8")
    result = omegat("analyze", str(new), "--from", "ru", "--to", "en", "--json")
    assert result.exit_code == 0, result.output
    out = tmp_path / "drafts"
    out.mkdir()
    result = omegat("pretranslate", str(new), "--from", "ru", "--to", "en", "-o", str(out), "--json")
    assert result.exit_code == 0, result.output
    assert "<target" in (raw := next(out.iterdir()).read_text(encoding="utf-8"))
    assert "The colour of the flag." in raw
