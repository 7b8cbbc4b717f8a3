"""A new letter: analysis in match bands, pre-translation into XLIFF, repaired matches,
and the way back through a CAT tool (`tm import xliff`)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree
from translate.storage.xliff import xlifffile
from translate.storage.xliff2 import Xliff2File

from tests.conftest import LETTER, write_letter
from tm.formats.xliff import read_xliff
from tm.morph import inflect_like
from tm.repair import repair

SCHEMAS = Path(__file__).parent / "data" / "xliff-schemas"

# A small letter in three languages, and a glossary with two people: names are test data.
RU = (
    "В 2012 году Назарбаев подписал указ о выборах.\n\n"
    "Указ Назарбаева вызвал протесты в Жанаозене. Журналисты писали об этом каждый день.\n\n"
    "Было арестовано 1 500 человек."
)
EN = (
    "In 2012, Nazarbayev signed a decree on the elections.\n\n"
    "Nazarbayev's decree caused protests in Zhanaozen. Journalists wrote about it every day.\n\n"
    "1,500 people were arrested."
)
KK = (
    "2012 жылы Назарбаев сайлау туралы жарлыққа қол қойды.\n\n"
    "Назарбаевтың жарлығы Жаңаөзенде наразылық тудырды. Журналистер бұл туралы күн сайын жазды.\n\n"
    "1 500 адам қамауға алынды."
)
GLOSSARY = """
[nazarbayev]
type = "person"
en = "Nazarbayev"
ru = "Назарбаев"
kk = "Назарбаев"

[tokayev]
type = "person"
en = "Tokayev"
ru = "Токаев"
kk = "Тоқаев"

[zhanaozen]
type = "place"
en = "Zhanaozen"
ru = "Жанаозен"
kk = "Жаңаөзен"
"""
NEW = "Указ Токаева вызвал протесты в Жанаозене. Журналисты писали об этом каждый день.\n\nБыло арестовано 2 300 человек.\n"


@pytest.fixture
def small_tm(run, tmp_path: Path) -> Path:
    """A TM with the small letter and its glossary; returns a folder for new texts."""
    folder = write_letter(tmp_path / "letters" / "decree", 'id = "decree"\ntitle = "Decree"\n', ru=RU, en=EN, kk=KK)
    assert run("import", "letter", str(folder)).exit_code == 0
    (tmp_path / "g.toml").write_text(GLOSSARY, encoding="utf-8")
    assert run("glossary", "import", str(tmp_path / "g.toml")).exit_code == 0
    (tmp_path / "new.ru.txt").write_text(NEW, encoding="utf-8")
    return tmp_path


# -- analysis --------------------------------------------------------------------------


def test_the_letter_itself_is_all_context_and_a_second_copy_all_repetitions(run, tmp_path: Path) -> None:
    assert run("import", "letter", str(LETTER)).exit_code == 0
    copy = tmp_path / "copy.txt"
    shutil.copy(LETTER / "ru.txt", copy)
    result = run("analyze", str(LETTER / "ru.txt"), str(copy), "--from", "ru", "--to", "en", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    first, second = data["files"]
    # the sentences the aligner stored in units of their own are known in their place; the
    # few in units of two sentences (2-1 beads) match only in part
    assert first["bands"]["context"]["segments"] > 0.9 * first["total"]["segments"]
    assert first["bands"]["repetitions"]["segments"] == 0
    assert second["bands"]["repetitions"]["segments"] == second["total"]["segments"]
    assert data["total"]["segments"] == first["total"]["segments"] * 2
    assert set(data["bands"]) == {"context", "100", "95-99", "85-94", "75-84", "50-74", "no-match", "repetitions"}


def test_bands_words_and_a_target_the_unit_lacks(run, small_tm: Path) -> None:
    result = run("analyze", str(small_tm / "new.ru.txt"), "--from", "ru", "--to", "en,de", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    en, de = data["by_target"]["en"], data["by_target"]["de"]
    # the second sentence is known, and in its place (after the changed first one, so not context)
    assert en["100"]["segments"] == 1 and en["100"]["words"] == 6
    assert sum(b["segments"] for name, b in en.items() if name not in ("100", "no-match")) == 2
    # no unit has German: nothing counts for it, and nothing for the pair
    assert de["no-match"]["segments"] == 3 and data["bands"]["no-match"]["segments"] == 3
    assert data["glossary"]["known"] == {"tokayev": 1, "zhanaozen": 1}


def test_analysis_as_text_csv_and_html(run, small_tm: Path) -> None:
    csv_out, html_out = small_tm / "a.csv", small_tm / "a.html"
    result = run("analyze", str(small_tm / "new.ru.txt"), "--from", "ru", "--to", "en",
                 "--csv", str(csv_out), "--html", str(html_out))
    assert result.exit_code == 0, result.output
    assert "repetitions" in result.stdout and "total" in result.stdout
    rows = csv_out.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "file,target,band,segments,words,characters" and len(rows) == 1 + 2 * 8
    assert "<table>" in html_out.read_text(encoding="utf-8")


def test_analysis_refuses_bad_input(run, small_tm: Path) -> None:
    empty = small_tm / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    for args in (["analyze", str(empty), "--from", "ru"], ["analyze", str(small_tm / "nope.txt")],
                 ["analyze", str(small_tm / "new.ru.txt"), "--from", "ru", "--to", "ru"]):
        result = run(*args)
        assert result.exit_code == 2 and result.stderr.count("\n") == 1, (args, result.output)


# -- repair ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old_lemma", "old_form", "new_lemma", "lang", "expected"),
    [
        ("Назарбаев", "Назарбаева", "Токаев", "ru", "Токаева"),
        ("Назарбаев", "Назарбаевым", "Токаев", "ru", "Токаевым"),
        ("Сергей", "Сергея", "Андрей", "ru", "Андрея"),
        ("Назарбаев", "Назарбаева", "Мамай", "ru", None),  # a different declension: not guessed
        ("Назарбаев", "Назарбаевтың", "Тоқаев", "kk", "Тоқаевтың"),
        ("Назарбаев", "Назарбаевқа", "Әлиев", "kk", "Әлиевке"),  # front harmony
        ("Қазақстан", "Қазақстанда", "Ресей", "kk", "Ресейде"),
        ("Назарбаев", "Назарбаевтарға", "Тоқаев", "kk", "Тоқаевтарға"),
        ("Nazarbayev", "Nazarbayev's", "Tokayev", "en", "Tokayev's"),
        ("Nazarbayev", "Nazarbayev", "Tokayev", "en", "Tokayev"),
        ("Nazarbayev", "Nazarbayevism", "Tokayev", "en", None),
    ],
)
def test_inflect_like(old_lemma: str, old_form: str, new_lemma: str, lang: str, expected: str | None) -> None:
    assert inflect_like(old_lemma, old_form, new_lemma, lang) == expected


def test_repair_numbers_keep_the_target_locale() -> None:
    fixed = repair("Было 12 500 человек.", "Было 10 000 человек.", "There were 10,000 people.", ("ru", "en"), None)
    assert fixed.target == "There were 12,500 people."
    fixed = repair("В 2016 году.", "В 2014 году.", "2014 жылы.", ("ru", "kk"), None)
    assert fixed.target == "2016 жылы." and fixed.note == "repaired: 2014 → 2016"


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("Было 12 500 человек в городе.", "'в городе' is new"),
        ("Было много человек.", "is not a name or a number"),
        ("Было 10 000 человек.", "nothing differs"),
    ],
)
def test_repair_refuses_what_is_not_names_and_numbers(query: str, reason: str) -> None:
    fixed = repair(query, "Было 10 000 человек.", "There were 10,000 people.", ("ru", "en"), None)
    assert fixed.target is None and reason in fixed.reason


def test_pretranslate_repairs_names_through_the_glossary(run, small_tm: Path) -> None:
    out = small_tm / "drafts"
    out.mkdir()
    result = run("pretranslate", str(small_tm / "new.ru.txt"), "--from", "ru", "--to", "en,kk", "-o", str(out),
                 "--min", "60", "--json")
    assert result.exit_code == 0, result.output
    en, kk = read_xliff(out / "new.ru.en.xlf")[0], read_xliff(out / "new.ru.kk.xlf")[0]
    assert en.segments[0].target == "Tokayev's decree caused protests in Zhanaozen."
    assert kk.segments[0].target == "Тоқаевтың жарлығы Жаңаөзенде наразылық тудырды."
    assert en.segments[0].qualifier == "fuzzy-match" and en.segments[0].state == "needs-review-translation"
    assert en.segments[1].qualifier == "exact-match" and en.segments[1].state == "translated"
    assert en.segments[2].target == "2,300 people were arrested."
    assert kk.segments[2].target == "2 300 адам қамауға алынды."
    raw = (out / "new.ru.en.xlf").read_text(encoding="utf-8")
    assert "repaired: Nazarbayev's → Tokayev's" in raw and "kk in the matched unit:" in raw
    assert "glossary: Токаева → en: Tokayev" in raw


# -- XLIFF -----------------------------------------------------------------------------


@pytest.mark.parametrize(("version", "schema"), [("1.2", "xliff-core-1.2-strict.xsd"), ("2.0", "xliff-core-2.0.xsd")])
def test_drafts_are_valid_xliff_that_translate_toolkit_reads(run, small_tm: Path, version: str, schema: str) -> None:
    out = small_tm / "drafts"
    out.mkdir()
    result = run("pretranslate", str(small_tm / "new.ru.txt"), "--from", "ru", "--to", "en", "-o", str(out),
                 "--xliff", version, "--min", "60")
    assert result.exit_code == 0, result.output
    path = out / "new.ru.en.xlf"
    validator = etree.XMLSchema(etree.parse(str(SCHEMAS / schema)))
    assert validator.validate(etree.parse(str(path))), validator.error_log.last_error
    store = (xlifffile if version == "1.2" else Xliff2File).parsefile(str(path))
    units = [u for u in store.units if u.source]
    assert [u.source for u in units][1] == "Журналисты писали об этом каждый день."
    assert units[1].target == "Journalists wrote about it every day."
    if version == "1.2":
        assert units[0].get_state_n() < units[1].get_state_n()  # fuzzy below exact


def test_text_drafts(run, small_tm: Path) -> None:
    out = small_tm / "drafts"
    out.mkdir()
    assert run("pretranslate", str(small_tm / "new.ru.txt"), "--from", "ru", "--to", "en", "-o", str(out),
               "--format", "txt", "--min", "99").exit_code == 0
    text = (out / "new.ru.en.txt").read_text(encoding="utf-8")
    # the fuzzy sentences stay Russian below --min; paragraphs are kept
    assert text == ("Указ Токаева вызвал протесты в Жанаозене. Journalists wrote about it every day.\n\n"
                    "Было арестовано 2 300 человек.\n")


def test_xliff_round_trip_merges_languages_into_one_letter(run, small_tm: Path) -> None:
    out = small_tm / "drafts"
    out.mkdir()
    assert run("pretranslate", str(small_tm / "new.ru.txt"), "--from", "ru", "--to", "en,kk", "-o", str(out),
               "--min", "60").exit_code == 0
    result = run("import", "xliff", str(out / "new.ru.en.xlf"), str(out / "new.ru.kk.xlf"), "--doc", "new", "--json")
    assert result.exit_code == 0, result.output
    shown = json.loads(run("show", "new", "--json").stdout)
    assert shown["langs"] == ["ru", "en", "kk"] and len(shown["units"]) == 3
    assert shown["units"][0]["kk"] == "Тоқаевтың жарлығы Жаңаөзенде наразылық тудырды."
    assert [u["paragraph"] for u in shown["units"]] == [1, 1, 2]
    # the exact match is translated (confirmed), the fuzzy drafts wait for review (machine)
    assert [u["status"] for u in shown["units"]] == ["machine", "confirmed", "machine"]


def _xliff(path: Path, units: str, target_lang: str = "en") -> Path:
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        f'<file original="x.txt" source-language="ru" target-language="{target_lang}" datatype="plaintext"><body>\n'
        f"{units}\n</body></file></xliff>\n",
        encoding="utf-8",
    )
    return path


def test_xliff_inline_codes_and_states(run, tmp_path: Path) -> None:
    src = _xliff(tmp_path / "a.xlf", '<trans-unit id="1"><source>Суд <g id="b">отказал</g><x id="2"/></source>'
                 '<target state="signed-off">The court <g id="b">refused</g><x id="2"/></target></trans-unit>\n'
                 '<trans-unit id="2"><source>Он ушёл.</source><target state="new">Он ушёл.</target></trans-unit>')
    assert run("import", "xliff", str(src), "--doc", "inline").exit_code == 0
    shown = json.loads(run("show", "inline", "--json").stdout)["units"]
    assert shown[0]["en"] == "The court refused" and shown[1]["en"] == ""
    assert [u["status"] for u in shown] == ["approved", "machine"]  # signed-off; a copied source
    exported = tmp_path / "out.tmx"
    assert run("export", "tmx", str(exported), "--doc", "inline").exit_code == 0
    text = exported.read_text(encoding="utf-8")
    assert '<bpt i="b" x="b"/>refused<ept i="b"/><ph x="2"/>' in text


@pytest.mark.parametrize(
    ("units", "other", "message"),
    [
        ('<trans-unit id="1"><source>А.</source><target>A.</target></trans-unit>',
         '<trans-unit id="1"><source>Б.</source><target>Б.</target></trans-unit>', "b.xlf:3: unit '1' does not"),
        ('<trans-unit id="1"><source>А.</source><target>A.</target></trans-unit>',
         '<trans-unit id="1"><source>А.</source><target>A.</target></trans-unit>'
         '<trans-unit id="2"><source>В.</source></trans-unit>', "a.xlf has 1 units and b.xlf 2"),
        ('<trans-unit id="1"><source>А.</source><target>A.</target></trans-unit>',
         "<trans-unit id='1'><source>А.</source><target>A.</target>", "b.xlf:4: not well-formed XML"),
        ("", None, "no translation units"),
    ],
)
def test_bad_xliff_is_refused_and_the_tm_untouched(run, tmp_path: Path, units: str, other: str | None,
                                                    message: str) -> None:
    files = [_xliff(tmp_path / "a.xlf", units)]
    if other is not None:
        files.append(_xliff(tmp_path / "b.xlf", other, "kk"))
    result = run("import", "xliff", *map(str, files), "--doc", "bad")
    assert result.exit_code == 2 and message in result.stderr and result.stderr.count("\n") == 1, result.output
    assert "bad" not in run("stats", "--json").stdout


def test_xliff_entities_are_refused(run, tmp_path: Path) -> None:
    path = tmp_path / "e.xlf"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY e "boom">]>\n'
                    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" '
                    'source-language="ru" target-language="en" datatype="plaintext"><body><trans-unit id="1">'
                    "<source>&e;</source></trans-unit></body></file></xliff>", encoding="utf-8")
    result = run("import", "xliff", str(path))
    assert result.exit_code == 2 and "entit" in result.stderr


# -- a real CAT tool -------------------------------------------------------------------

OMEGAT_PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat><project version="1.0">
<source_dir>source</source_dir><source_dir_excludes></source_dir_excludes><target_dir>target</target_dir>
<tm_dir>tm</tm_dir><glossary_dir>glossary</glossary_dir><glossary_file>glossary/glossary.txt</glossary_file>
<dictionary_dir>dictionary</dictionary_dir><source_lang>ru</source_lang><target_lang>en</target_lang>
<source_tok>org.omegat.tokenizer.LuceneRussianTokenizer</source_tok>
<target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
<sentence_seg>false</sentence_seg><support_default_translations>true</support_default_translations>
<remove_tags>false</remove_tags></project></omegat>
"""


@pytest.mark.skipif(shutil.which("omegat") is None, reason="OmegaT is not installed (Debian package omegat)")
def test_omegat_fills_our_xliff_from_our_tmx_and_we_import_it_back(tmp_path: Path, sqlite_url: str) -> None:
    from typer.testing import CliRunner

    from tm.cli import app

    def tm(*args: str, db: str = sqlite_url) -> str:
        result = CliRunner().invoke(app, ["--db", db, *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.stdout

    project = tmp_path / "omegat"
    for folder in ("source", "target", "tm/auto", "omegat", "glossary", "dictionary"):
        (project / folder).mkdir(parents=True)
    (project / "omegat.project").write_text(OMEGAT_PROJECT, encoding="utf-8")
    tm("import", "letter", str(LETTER))
    tm("export", "tmx", str(project / "tm" / "auto" / "letters.tmx"), "--langs", "ru,en", "--srclang", "ru")
    new = tmp_path / "new.ru.txt"
    paragraphs = (LETTER / "ru.txt").read_text(encoding="utf-8").split("\n\n")[1:3]
    new.write_text("\n\n".join(paragraphs) + "\n\nСовсем новое предложение.\n", encoding="utf-8")
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    tm("init", db=empty)
    tm("pretranslate", str(new), "--from", "ru", "--to", "en", "-o", str(project / "source"), db=empty)
    run = subprocess.run(["omegat", str(project), "--mode=console-translate", f"--config-dir={tmp_path / 'cfg'}"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    translated = project / "target" / "new.ru.en.xlf"
    tm("import", "xliff", str(translated), "--doc", "from-omegat")
    units = json.loads(tm("show", "from-omegat", "--json"))["units"]
    letter = {u["ru"]: u["en"] for u in json.loads(tm("show", "ablyazov-duvanov-2", "--json"))["units"]}
    filled = [u for u in units if u["en"]]
    assert len(units) >= 4 and len(filled) == len(units) - 1  # OmegaT filled all but the new sentence
    assert all(letter[u["ru"]] == u["en"] for u in filled)
    assert units[-1]["ru"] == "Совсем новое предложение." and units[-1]["en"] == ""


def test_analysis_lists_new_names_grouped_by_dictionary_form(run, small_tm: Path) -> None:
    new = small_tm / "names.ru.txt"
    new.write_text("Журналист Лукпан Ахмедьяров писал о Жанаозене. Дело Лукпана Ахмедьярова известно.\n",
                   encoding="utf-8")
    data = json.loads(run("analyze", str(new), "--from", "ru", "--to", "en", "--json").stdout)
    assert data["glossary"]["known"] == {"zhanaozen": 1}
    assert data["glossary"]["unknown"] == {"Лукпан Ахмедьяров": 2}


def test_lookup_shows_the_same_repair(run, small_tm: Path) -> None:
    query = "Указ Токаева вызвал протесты в Жанаозене."
    found = json.loads(run("lookup", query, "--from", "ru", "--to", "en,kk", "--min", "60", "--json").stdout)
    best = found["matches"][0]
    assert best["repaired"]["kk"] == {"target": "Тоқаевтың жарлығы Жаңаөзенде наразылық тудырды.",
                                      "note": "repaired: Назарбаевтың → Тоқаевтың"}
    assert best["repaired"]["en"]["target"] == "Tokayev's decree caused protests in Zhanaozen."
    shown = run("lookup", query, "--from", "ru", "--to", "kk", "--min", "60").stdout
    assert "kk* Тоқаевтың жарлығы Жаңаөзенде наразылық тудырды.  (repaired: Назарбаевтың → Тоқаевтың)" in shown
