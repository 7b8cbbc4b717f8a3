"""Concordance: keyword in context, inflected forms in ru and kk, aligned languages, limits, bad input."""

from __future__ import annotations

import json

import pytest

from tm.lookup import concordance
from tm.lookup.concordance import find_phrase, word_queries
from tm.store import TM, DocumentData, UnitData, VariantData

UNITS = [
    {"en": "The regime of Nazarbayev persecutes its critics.", "ru": "Режим Назарбаева преследует критиков.",
     "kk": "Назарбаевтың режимі сыншыларды қудалайды."},
    {"en": "Nazarbayev approved the appointment.", "ru": "Назарбаев одобрил назначение.",
     "kk": "Назарбаев тағайындауды мақұлдады."},
    {"en": "The bank obeys Nazarbayev's orders.", "ru": "Банк подчиняется Назарбаеву.",
     "kk": "Банк Назарбаевқа бағынады."},
    {"en": "The court heard the political persecution case.", "ru": "Суд рассмотрел дело о политическом преследовании.",
     "kk": "Сот саяси қудалау ісін қарады."},
    {"en": "Political persecutions continue.", "ru": "Политические преследования продолжаются.",
     "kk": "Саяси қудалаулар жалғасуда."},
]


@pytest.fixture
def letters(tm: TM) -> TM:
    records = [UnitData({k: VariantData(v) for k, v in u.items()}) for u in UNITS]
    tm.import_documents([(DocumentData(id="letters"), ["en", "ru", "kk"], records)])
    return tm


@pytest.mark.parametrize(
    "phrase, lang, units, forms",
    [
        ("Назарбаев", "ru", [0, 1, 2], ["Назарбаева", "Назарбаев", "Назарбаеву"]),
        ("Назарбаев", "kk", [0, 1, 2], ["Назарбаевтың", "Назарбаев", "Назарбаевқа"]),
        ("Nazarbayev", "en", [0, 1, 2], ["Nazarbayev", "Nazarbayev", "Nazarbayev's"]),
        ("political persecution", "en", [3, 4], ["political persecution", "Political persecutions"]),
        ("политическое преследование", "ru", [3, 4], ["политическом преследовании", "Политические преследования"]),
        ("persecution political", "en", [], []),  # word order counts
        ("Лондон", "ru", [], []),
    ],
)
def test_finds_inflected_forms(letters: TM, phrase: str, lang: str, units: list[int], forms: list[str]) -> None:
    result = concordance(letters, phrase, lang)
    assert [line.unit for line in result.lines] == units
    assert [line.match for line in result.lines] == forms
    assert all(line.lang == lang for line in result.lines)


def test_every_language_when_none_is_given(letters: TM) -> None:
    langs = {line.lang for line in concordance(letters, "Назарбаев").lines}
    assert langs == {"ru", "kk"}


def test_lines_carry_context_and_the_aligned_languages(letters: TM) -> None:
    (line, *_) = concordance(letters, "Назарбаев", "ru").lines
    assert (line.left, line.match, line.right) == ("Режим ", "Назарбаева", " преследует критиков.")
    assert line.aligned == {"en": UNITS[0]["en"], "kk": UNITS[0]["kk"]}


def test_limit_and_more(letters: TM) -> None:
    result = concordance(letters, "Назарбаев", "ru", limit=2)
    assert len(result.lines) == 2 and result.more
    assert not concordance(letters, "Назарбаев", "ru", limit=3).more


def test_a_derived_word_is_a_different_word() -> None:
    (word,) = word_queries("Казахстан", "ru")
    assert find_phrase("Казахстанский суд в Казахстане", [word]) == [(20, 30)]


def test_cli_concordance_json(run, letters: TM) -> None:
    result = run("concordance", "Назарбаев", "--lang", "kk", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [line["match"] for line in data["lines"]] == ["Назарбаевтың", "Назарбаев", "Назарбаевқа"]
    assert data["lines"][0]["aligned"]["ru"] == UNITS[0]["ru"]


def test_cli_concordance_table(run, letters: TM) -> None:
    result = run("concordance", "persecution", "--lang", "en")
    assert result.exit_code == 0
    assert "persecution" in result.output and UNITS[3]["ru"][:20] in result.output


@pytest.mark.parametrize(
    "phrase", ['"Nazarbayev"', "Nazarbayev*", "Nazarbayev OR bank", "(Nazarbayev)", "NEAR(a b)"],
    ids=["quotes", "star", "or", "parens", "near"],
)
def test_query_syntax_is_just_text(run, letters: TM, phrase: str) -> None:
    result = run("concordance", "--lang", "en", "--", phrase)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["concordance", ""], "is empty"),
        (["concordance", "«»"], "is empty"),
        (["concordance", " ".join(["word"] * 11)], "at most 10 words"),
        (["concordance", "x", "--limit", "0"], "--limit must be at least 1"),
        (["concordance", "x", "--lang", "qq-nope"], "unknown language tag"),
    ],
)
def test_bad_input(run, letters: TM, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output


def test_pages_through_the_index(letters: TM, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    module = importlib.import_module("tm.lookup.concordance")  # the package's `concordance` is the function

    monkeypatch.setattr(module, "PAGE", 1)
    assert [line.unit for line in concordance(letters, "Назарбаев", "ru").lines] == [0, 1, 2]
    monkeypatch.setattr(module, "MAX_PAGES", 2)
    result = concordance(letters, "Назарбаев", "ru")
    assert [line.unit for line in result.lines] == [0, 1] and result.more


@pytest.mark.parametrize(
    "phrase, lang, text, found",
    [
        ("O'Brien", "en", "Mr O'Brien left.", ["O'Brien"]),  # an apostrophe in the query
        ("Kazakhstan's", "en", "Kazakhstan’s court ruled.", ["Kazakhstan’s"]),  # either apostrophe
        ("Kazakhstan", "en", "Kazakhstan’s court ruled.", ["Kazakhstan’s"]),  # the clitic is shown
        ("Brien", "en", "Mr O'Brien left.", ["Brien"]),
        ("court Kazakhstan", "en", "Kazakhstan’s court ruled.", []),
    ],
)
def test_apostrophes_split_words_as_in_the_index(phrase: str, lang: str, text: str, found: list[str]) -> None:
    assert [text[a:b] for a, b in find_phrase(text, word_queries(phrase, lang))] == found


def test_regional_tags_follow_the_one_rule(tm: TM) -> None:
    """--lang en covers en-GB unless the unit has en; --lang en-GB never means en."""
    units = [{"en-GB": "The bank filed a claim.", "ru": "Банк подал иск."},
             {"en": "The bank lost the claim.", "en-GB": "The bank lost the claims.", "ru": "Банк проиграл иск."}]
    records = [UnitData({k: VariantData(v) for k, v in u.items()}) for u in units]
    tm.import_documents([(DocumentData(id="omegat"), ["en", "en-GB", "ru"], records)])
    found = concordance(tm, "bank", "en")
    assert sorted((line.lang, line.unit) for line in found.lines) == [("en", 1), ("en-GB", 0)]
    regional = concordance(tm, "bank", "en-GB")
    assert sorted((line.lang, line.unit) for line in regional.lines) == [("en-GB", 0), ("en-GB", 1)]
    every = concordance(tm, "bank")  # every language: each variant once
    assert sorted((line.lang, line.unit) for line in every.lines) == [("en", 1), ("en-GB", 0), ("en-GB", 1)]
