"""`tm glossary suggest`: names the glossary does not cover, grouped, paired and proposed.

The library tests run the real extractor, morphology, transliteration and glossary matcher
on small made-up letters (the names are invented, so no rule can know them); the CLI tests
use a real TM, and the last ones the project's letter with its glossary.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tm.glossary.formats import read_file, read_folder
from tm.glossary.match import Glossary
from tm.glossary.records import ConceptData, ConceptType, Status, TermData
from tm.glossary.suggest import Suggestion, TextUnit, file_language, from_files, suggest
from tm.glossary.suggest.draft import draft_concepts, write_draft

from .conftest import LETTER, ROOT

EMPTY = Glossary([])


def units(*rows: dict[str, str], doc: str = "letter") -> list[TextUnit]:
    return [TextUnit(doc, i, row) for i, row in enumerate(rows)]


def only(found: list[Suggestion], lang: str, preferred: str) -> Suggestion:
    hits = [s for s in found if s.proposal.preferred.get(lang) == preferred]
    assert len(hits) == 1, [s.terms() for s in found]
    return hits[0]


# -- inflection ---------------------------------------------------------------------------


def test_russian_forms_group_under_the_dictionary_form() -> None:
    letter = units(
        {"ru": "Вчера мы встретились с Жумабековым в суде."},
        {"ru": "Адвокат Жумабекова подал жалобу."},
        {"ru": "Судья отказал Жумабекову во всём."},
        {"ru": "Об этом рассказал Жумабеков журналистам."},
    )
    (s,) = suggest(letter, EMPTY)
    assert s.terms()["ru"] == ["Жумабеков"]
    assert s.proposal.preferred["en"] == "Zhumabekov" and s.proposal.scheme == "bgn-pcgn"
    assert s.proposal.unattested == ["en", "kk"]
    assert s.occurrences == 4 and s.type == "person"


def test_kazakh_suffix_chains_group_under_the_dictionary_form() -> None:
    letter = units(
        {"kk": "Біз Жұмабековпен сотта кездестік."},
        {"kk": "Жұмабековтың адвокаты шағым түсірді."},
        {"kk": "Судья Жұмабековқа бәрінен бас тартты."},
    )
    (s,) = suggest(letter, EMPTY)
    assert s.proposal.preferred["kk"] == "Жұмабеков"
    # Russian by the letter fold, English by BGN/PCGN of that: both unattested
    assert s.proposal.preferred["ru"] == "Жумабеков" and s.proposal.preferred["en"] == "Zhumabekov"
    assert s.proposal.unattested == ["en", "ru"]


def test_english_possessive_and_three_languages_paired_by_transliteration() -> None:
    letter = units(
        {"en": "Zhumabekov’s lawyer filed a complaint.", "ru": "Адвокат Жумабекова подал жалобу.",
         "kk": "Жұмабековтың адвокаты шағым түсірді."},
        {"en": "The judge refused Zhumabekov everything.", "ru": "Судья отказал Жумабекову во всём.",
         "kk": "Судья Жұмабековқа бәрінен бас тартты."},
        {"en": "We met Zhumabekov in court.", "ru": "Мы встретились с Жумабековым в суде.",
         "kk": "Біз Жұмабековпен сотта кездестік."},
    )
    (s,) = suggest(letter, EMPTY)
    assert s.terms() == {"en": ["Zhumabekov"], "ru": ["Жумабеков"], "kk": ["Жұмабеков"]}
    assert s.proposal.unattested == []
    paired = [e for e in s.evidence if "paired" in e]
    assert {tuple(e["paired"]) for e in paired} == {("en", "ru"), ("en", "kk"), ("kk", "ru")}
    assert all(e["by"] == "transliteration" and e["shared_units"] == 3 for e in paired)
    en = next(e for e in s.evidence if e.get("lang") == "en")
    assert en["forms"] == {"Zhumabekov": 2, "Zhumabekov’s": 1}


# -- spelling variants --------------------------------------------------------------------


def test_spelling_variants_join_one_concept_and_the_scheme_spelling_is_preferred() -> None:
    letter = units(
        {"en": "Yesterday Yesergepov was arrested.", "ru": "Вчера Есергепов был арестован.",
         "kk": "Кеше Есергепов қамауға алынды."},
        {"en": "Later Yesergepov wrote a letter.", "ru": "Позже Есергепов написал письмо.",
         "kk": "Кейін Есергепов хат жазды."},
        {"en": "The trial of Esergepov began.", "ru": "Начался суд над Есергеповым.", "kk": "Есергеповтың соты басталды."},
    )
    (s,) = suggest(letter, EMPTY)
    # BGN/PCGN's Yesergepov is preferred; Esergepov, which ICAO-style schemes write, is forbidden
    assert s.terms()["en"] == ["Yesergepov", "Esergepov"]
    assert s.proposal.forbidden["en"] == ["Esergepov"] and s.proposal.scheme == "bgn-pcgn"


def test_kazakh_spelling_in_kazakh_letters_is_preferred_and_the_russian_one_forbidden() -> None:
    letter = units(
        {"en": "The strike in Zhanaozen lasted months.", "ru": "Забастовка в Жанаозене длилась месяцами.",
         "kk": "Жаңаөзендегі ереуіл айларға созылды."},
        {"en": "Police fired in Zhanaozen.", "ru": "Полиция стреляла в Жанаозене.", "kk": "Полиция Жанаозенде оқ атты."},
        {"en": "Zhanaozen is far.", "ru": "До Жанаозена далеко.", "kk": "Жаңаөзен алыс."},
    )
    (s,) = suggest(letter, EMPTY)
    assert s.terms() == {"en": ["Zhanaozen"], "ru": ["Жанаозен"], "kk": ["Жаңаөзен", "Жанаозен"]}
    assert s.proposal.forbidden["kk"] == ["Жанаозен"]
    assert s.type == "place"


def test_an_established_english_spelling_attested_more_often_wins_over_bgn() -> None:
    letter = units(
        {"en": "Dmitri Zhumabekov spoke first.", "ru": "Первым выступил Дмитрий Жумабеков.",
         "kk": "Алдымен Дмитрий Жумабеков сөйледі."},
        {"en": "Then Dmitri Zhumabekov left.", "ru": "Потом Дмитрий Жумабеков ушёл.", "kk": "Содан Дмитрий Жумабеков кетті."},
        {"en": "We thank Dmitriy Zhumabekov.", "ru": "Мы благодарим Дмитрия Жумабекова.",
         "kk": "Біз Дмитрий Жумабековқа алғыс айтамыз."},
    )
    (s,) = suggest(letter, EMPTY)
    assert s.terms()["en"] == ["Dmitri Zhumabekov", "Dmitriy Zhumabekov"]
    assert s.proposal.scheme == "established" and s.type == "person"


def test_a_misspelling_with_a_letter_more_is_not_an_established_spelling() -> None:
    letter = units(
        {"en": "We spoke with Ramazan Zhumabekov.", "ru": "Мы говорили с Рамзаном Жумабековым.",
         "kk": "Біз Рамзан Жумабековпен сөйлестік."},
        {"en": "Then Ramazan Zhumabekov left.", "ru": "Потом Рамзан Жумабеков ушёл.",
         "kk": "Содан Рамзан Жумабеков кетті."},
    )
    (s,) = suggest(letter, EMPTY)
    # Ramazan writes a vowel Рамзан does not have: BGN/PCGN's Ramzan is preferred, Ramazan forbidden
    assert s.terms()["en"] == ["Ramzan Zhumabekov", "Ramazan Zhumabekov"]
    assert s.proposal.scheme == "bgn-pcgn" and s.proposal.unattested == []


# -- translated names, pairing --------------------------------------------------------------


def test_translated_names_pair_by_consistent_co_occurrence() -> None:
    letter = units(
        {"en": "He fled to Switzerland in spring.", "ru": "Весной он бежал в Швейцарию.",
         "kk": "Көктемде ол Швейцарияға қашты."},
        {"en": "The banks of Switzerland were silent.", "ru": "Банки Швейцарии молчали.",
         "kk": "Швейцарияның банктері үнсіз қалды."},
        {"en": "Nothing happened there.", "ru": "Там ничего не случилось.", "kk": "Онда ештеңе болған жоқ."},
    )
    (s,) = suggest(letter, EMPTY)
    assert s.terms() == {"en": ["Switzerland"], "ru": ["Швейцария"], "kk": ["Швейцария"]}
    en_ru = next(e for e in s.evidence if e.get("paired") == ["en", "ru"])
    assert en_ru["by"] == "co-occurrence" and en_ru["shared_units"] == 2
    assert s.proposal.scheme is None


def test_a_stray_capitalised_word_does_not_take_a_translated_name_from_its_concept() -> None:
    letter = units(
        {"en": "On the Internet Kyrgyzstan was praised.", "ru": "В интернете хвалили Киргизию.",
         "kk": "Интернетте Қырғызстанды мақтады."},
        {"en": "The Internet said Kyrgyzstan is free.", "ru": "В интернете писали, что Киргизия свободна.",
         "kk": "Интернетте Қырғызстан еркін деп жазды."},
    )
    found = suggest(letter, EMPTY)
    s = only(found, "en", "Kyrgyzstan")
    assert s.terms()["ru"] == ["Киргизия"] and s.terms()["kk"] == ["Қырғызстан"]
    assert not any(x.proposal.preferred.get("en") == "Internet" for x in found)


def test_a_name_found_in_one_language_of_aligned_units_is_not_proposed() -> None:
    letter = units(
        {"en": "The Chairman arrived.", "ru": "Председатель приехал.", "kk": "Төраға келді."},
        {"en": "We met the Chairman.", "ru": "Мы встретили председателя.", "kk": "Біз төрағамен кездестік."},
    )
    assert suggest(letter, EMPTY) == []


# -- what is not a name -------------------------------------------------------------------


def test_sentence_starts_headings_pronouns_and_covered_names_are_not_proposed() -> None:
    glossary = Glossary([ConceptData("zhumabekov", ConceptType.person, (
        TermData("ru", "Жумабеков"), TermData("en", "Zhumabekov"), TermData("kk", "Жұмабеков")))])
    letter = units(
        {"ru": "Однако Жумабекову отказали."},
        {"ru": "Открытое Письмо Другу"},
        {"ru": "Пишу Вам, потому что Ваше мнение важно."},
        {"ru": "Мы видели Жумабековых вчера."},
    )
    assert suggest(letter, glossary) == []
    assert [s.proposal.preferred["ru"] for s in suggest(letter, EMPTY)] == ["Жумабеков"]


def test_quoted_outlets_are_media_and_institutions_organisations() -> None:
    letter = units(
        {"ru": "Газета «Караван» написала об этом.", "en": "The newspaper «Karavan» wrote about it.",
         "kk": "«Караван» газеті бұл туралы жазды."},
        {"ru": "Мы читали «Караван» каждый день.", "en": "We read «Karavan» every day.",
         "kk": "Біз «Караванды» күн сайын оқыдық."},
        {"ru": "Вчера ответил Алматинский Банк.", "en": "Yesterday the Almaty Bank replied.",
         "kk": "Кеше Алматы Банкі жауап берді."},
    )
    found = suggest(letter, EMPTY)
    assert only(found, "ru", "Караван").type == "media"
    assert only(found, "en", "Almaty Bank").type == "organisation"


# -- one-language letters, files ------------------------------------------------------------


def test_files_take_their_language_from_the_name_or_the_letters(tmp_path: Path) -> None:
    named = tmp_path / "letter.kk.txt"
    named.write_text("Бұл Жұмабековтың хаты.", encoding="utf-8")
    kazakh = tmp_path / "notes.txt"
    kazakh.write_text("Біз Жұмабековпен сотта кездестік.", encoding="utf-8")
    russian = tmp_path / "draft.txt"
    russian.write_text("Мы встретились с Жумабековым в суде.", encoding="utf-8")
    assert file_language(named, named.read_text(encoding="utf-8")) == "kk"
    assert file_language(kazakh, kazakh.read_text(encoding="utf-8")) == "kk"
    assert file_language(russian, russian.read_text(encoding="utf-8")) == "ru"
    # two letters, not aligned: the name is joined across them by its spelling
    (s,) = suggest(from_files([named, russian]), EMPTY)
    assert (s.proposal.preferred["kk"], s.proposal.preferred["ru"]) == ("Жұмабеков", "Жумабеков")
    assert s.proposal.unattested == ["en"] and s.documents == 2


# -- the draft ----------------------------------------------------------------------------


def test_draft_imports_as_written(tmp_path: Path, run) -> None:
    letter = tmp_path / "ru.txt"
    letter.write_text(
        "Вчера мы встретились с Жумабековым в суде.\n\nАдвокат Жумабекова подал жалобу в «Караван».\n\n"
        "Газета «Караван» промолчала.", encoding="utf-8")
    draft = tmp_path / "draft.toml"
    draft.write_text("old", encoding="utf-8")
    result = run("glossary", "suggest", "--files", str(letter), "-o", str(draft), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["summary"]["drafted"] == 2 and data["summary"]["draft"] == str(draft)
    for s in data["suggestions"]:
        assert set(s) >= {"terms", "type", "confidence", "evidence"} and set(s["terms"]) == {"en", "ru", "kk"}
    assert list(tmp_path.glob(".draft.toml.*")) == []
    written = read_file(draft)
    assert {c.id for c in written} == {"zhumabekov", "karavan"}
    imported = run("glossary", "import", str(draft), "--json")
    assert imported.exit_code == 0, imported.output
    listed = json.loads(run("glossary", "list", "--json").stdout)["concepts"]
    stored = {c["id"]: [(t["lang"], t["text"], t["status"]) for t in c["terms"]] for c in listed}
    assert stored == {c.id: [(t.lang, t.text, t.status.value) for t in c.terms] for c in written}
    # imported, the names are covered: nothing more to suggest
    again = run("glossary", "suggest", "--files", str(letter), "--json")
    assert json.loads(again.stdout)["suggestions"] == []


def test_an_english_only_letter_gets_no_cyrillic_guesses(tmp_path: Path) -> None:
    letter = tmp_path / "en.txt"
    letter.write_text("Yesterday we met Zhumabekov in court.\n\nThe lawyer of Zhumabekov complained.",
                      encoding="utf-8")
    (s,) = suggest(from_files([letter]), EMPTY)
    assert s.terms() == {"en": ["Zhumabekov"], "ru": [], "kk": []}


def test_a_failed_draft_write_leaves_the_target_and_no_temporary_file(tmp_path: Path) -> None:
    found = suggest(units({"ru": "Мы встретились с Жумабековым."}, {"ru": "Там был и Жумабеков."}), EMPTY)
    target = tmp_path / "draft.toml"
    target.mkdir()  # a folder where the file should go: the rename fails
    (target / "keep").write_text("x", encoding="utf-8")
    with pytest.raises(Exception, match="cannot write the draft"):
        write_draft(draft_concepts(found), target)
    assert (target / "keep").read_text(encoding="utf-8") == "x"
    assert [p.name for p in tmp_path.iterdir()] == ["draft.toml"]


def test_files_need_no_tm_and_create_none(tmp_path: Path) -> None:
    from tm.glossary.suggest import suggest_for
    from tm.store.tm import TM

    letter = tmp_path / "ru.txt"
    letter.write_text("Вчера мы встретились с Жумабековым.\n\nТам был и Жумабеков.", encoding="utf-8")
    tm = TM(f"sqlite:///{tmp_path / 'none.db'}")
    report = suggest_for(tm, files=[letter])
    assert [s.proposal.preferred["ru"] for s in report.suggestions] == ["Жумабеков"]
    assert tm._version().state == "empty"  # no TM was created


def test_draft_leaves_out_what_would_clash_with_the_glossary(tmp_path: Path) -> None:
    letter = units({"ru": "Мы встретились с Жумабековым."}, {"ru": "Там был и Жумабеков."})
    found = suggest(letter, EMPTY)
    taken = ConceptData("zhumabekov", ConceptType.person, (TermData("en", "Someone"),))
    (concept,) = draft_concepts(found, [taken])
    assert concept.id == "zhumabekov-2"
    clash = ConceptData("other", ConceptType.person, (TermData("ru", "Жумабеков"),))
    assert draft_concepts(found, [clash]) == []
    with pytest.raises(Exception, match="TOML"):
        write_draft([concept], tmp_path / "draft.tbx")


def test_cli_errors_are_one_line_and_exit_2(run, tmp_path: Path) -> None:
    assert run("init").exit_code == 0
    for args, message in (
        (("glossary", "suggest", "--files", str(tmp_path / "missing.txt")), "no such file"),
        (("glossary", "suggest", str(tmp_path / "a.txt")), "give --files"),
        (("glossary", "suggest", "--doc", "no-such-letter"), "no-such-letter"),
        (("glossary", "suggest", "--files", str(LETTER / "ru.txt"), "-o", str(tmp_path / "no" / "d.toml")),
         "no such folder"),
    ):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output and len(result.output.strip().splitlines()) == 1, result.output


# -- the project's letter -------------------------------------------------------------------


@pytest.fixture(scope="module")
def letter_units(tmp_path_factory: pytest.TempPathFactory) -> list[TextUnit]:
    from tm.glossary.suggest import from_tm
    from tm.letters import import_corpora
    from tm.store.tm import TM

    tm = TM(f"sqlite:///{tmp_path_factory.mktemp('letters') / 'tm.db'}")
    import_corpora(tm, ROOT / "corpora", replace=True)
    return from_tm(tm)


def test_with_the_complete_glossary_next_to_nothing_is_proposed(letter_units: list[TextUnit]) -> None:
    assert len(suggest(letter_units, Glossary(read_folder(ROOT / "glossaries")))) <= 3


@pytest.mark.parametrize("concept_id", ["zhanaozen", "ramzan-kadyrov", "switzerland", "tony-blair"])
def test_a_concept_left_out_is_proposed_again_with_the_glossarys_forms(
    letter_units: list[TextUnit], concept_id: str
) -> None:
    concepts = read_folder(ROOT / "glossaries")
    (left_out,) = [c for c in concepts if c.id == concept_id]
    found = suggest(letter_units, Glossary([c for c in concepts if c.id != concept_id]))
    preferred = {t.lang: t.text for t in left_out.terms if t.status is Status.preferred}
    hits = [s for s in found if s.proposal.preferred.get("en") == preferred["en"]]
    assert len(hits) == 1, [s.terms() for s in found]
    assert {lang: hits[0].terms()[lang][0] for lang in ("en", "ru", "kk")} == preferred
