"""Each QA check, firing and staying quiet, as tables of en/ru/kk cases built here."""

from __future__ import annotations

import pytest

from tm.qa.base import QAUnit
from tm.qa.checks.numbers import numbers
from tm.qa.facts import Fact, first_digit, unit_facts
from tm.qa.registry import CHECKS
from tm.qa.runner import run_checks


def run(code: str, *units: dict[str, str] | QAUnit) -> list:
    built = [u if isinstance(u, QAUnit) else QAUnit("doc", k, dict(u)) for k, u in enumerate(units)]
    return run_checks(built, CHECKS.select([code]))


def found(code: str, *units: dict[str, str]) -> list[list[str]]:
    return [f.found for f in run(code, *units)]


# -- mixed-script ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "lang", "bad"),
    [
        ("President N\u0430zarbayev spoke.", "en", ["N\u0430zarbayev"]),  # Cyrillic а in a Latin name
        ("Президент Н\u0061зарбаев сказал.", "ru", ["Н\u0061зарбаев"]),  # Latin a in a Cyrillic name
        ("Қазақстан м\u0069нистрі келді.", "kk", ["м\u0069нистрі"]),  # Latin i for Kazakh і
        ("\u0259блязов келді.", "kk", ["\u0259блязов"]),  # Latin schwa ə for Kazakh ә
        ("Жаңа\u0275зен қаласы.", "kk", ["Жаңа\u0275зен"]),  # Latin barred o ɵ for Kazakh ө
        ("He met Ab1yazov in 2014.", "en", ["Ab1yazov"]),
        ("He met AbIyazov there.", "en", ["AbIyazov"]),
        ("He met lvanov there.", "en", ["lvanov"]),
        ("It happened in 2O14.", "en", ["2O14"]),
    ],
)
def test_mixed_script_fires(text: str, lang: str, bad: list[str]) -> None:
    assert found("mixed-script", {lang: text}) == [bad]


def test_mixed_script_names_the_word() -> None:
    """The message says which word, not only which letter (issue 26)."""
    (two_scripts,) = run("mixed-script", {"ru": "Президент Н\u0061зарбаев сказал."})
    assert two_scripts.message == "letters from two scripts in “Н\u0061зарбаев” (Latin a U+0061)"
    (digit,) = run("mixed-script", {"en": "He met Ab1yazov in 2014."})
    assert "“Ab1yazov”" in digit.message
    (l_and_i,) = run("mixed-script", {"en": "He met lvanov there."})
    assert l_and_i.message == "l and I confused in “lvanov”"


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Nazarbayev met iPhone users in 2014; COVID-19 rules; the UK.", "en"),
     ("Назарбаев и Аблязов встретились в 2014 году.", "ru"),
     ("Әблязов Жаңаөзенде, Ұлыбританияда және Қазақстанда болды.", "kk"),
     ("He left on 1 May, at 10:30, room 101.", "en")],
)
def test_mixed_script_quiet(text: str, lang: str) -> None:
    assert found("mixed-script", {lang: text}) == []


# -- number-mismatch ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("unit", "ok"),
    [
        ({"en": "It cost 1,000.5 dollars in 2014.", "ru": "Это стоило 1 000,5 доллара в 2014 году."}, True),
        ({"en": "It cost 1,000.5 dollars in 2014.", "kk": "Бұл 2014 жылы 1\u00a0000,5 доллар тұрды."}, True),
        ({"en": "For 22 months, since the 5th.", "ru": "22 месяца, с 5-го числа."}, True),
        ({"en": "He paid 500 dollars.", "ru": "Он заплатил 50 долларов."}, False),
        ({"en": "In 2014 and 2015.", "kk": "2014 жылы."}, False),
        ({"en": "Three people.", "ru": "Трое людей, 3 человека."}, False),
        ({"ru": "В 2014 году.", "kk": "2014 жылы."}, True),
        ({"en": "In 2014 and 2015.", "ru": "В 2015 и 2014 годах."}, True),  # order does not matter
        ({"en": "It cost 1,000 dollars.", "ru": "Это стоило 1,000 долларов."}, False),  # 1000 against 1
        ({"en": "Room 007.", "ru": "Комната 7."}, True),
    ],
)
def test_number_mismatch(unit: dict[str, str], ok: bool) -> None:
    assert (run("number-mismatch", unit) == []) is ok


def test_number_mismatch_names_missing_and_extra() -> None:
    (f,) = run("number-mismatch", {"en": "He paid 500 dollars in 2014.", "ru": "Он заплатил 50 долларов в 2014 году."})
    assert f.lang == "ru" and f.found == ["50"] and f.expected == ["500"]


@pytest.mark.parametrize(
    ("text", "lang", "first", "values"),
    [
        ("В 2014 году, 5 раз.", "ru", 2, ["2014", "5"]),
        ("No digits here.", "en", -1, []),
        ("", "kk", -1, []),
        ("Page ٣ and 1,500.5 units", "en", 5, ["3", "1500.5"]),  # an Arabic-Indic digit is a digit (re's \d)
    ],
)
def test_numbers_from_the_units_first_digit(text: str, lang: str, first: int, values: list[str]) -> None:
    # the QA unit finds a text's first digit once for every check; reading numbers from it
    # gives what reading the whole text does
    facts = unit_facts({lang: text} if text else {}, frozenset({Fact.digits}), None)
    assert facts.first_digit.get(lang, -1) == first == first_digit(text)
    found = numbers(text, lang, first)
    assert found == numbers(text, lang)
    assert [str(v) for _, v in found] == values


# -- untranslated ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ({"en": "The court decided.", "ru": "", "kk": "Сот шешті."}, ["ru"]),
        ({"en": "The court decided.", "ru": "The court decided."}, ["ru"]),
        ({"en": "BTA Bank", "ru": "BTA Bank"}, []),  # a name, kept as it is
        ({"en": "The court decided.", "kk": "Сот шешті."}, []),
    ],
)
def test_untranslated(unit: dict[str, str], expected: list[str]) -> None:
    assert [f.lang for f in run("untranslated", unit)] == expected


# -- inconsistent-translation ---------------------------------------------------------------

def test_same_source_translated_two_ways() -> None:
    units = [
        {"en": "The court is not independent.", "ru": "Суд не является независимым."},
        {"en": "The court is not independent!", "ru": "Суд не независим."},
        {"en": "Another sentence entirely here.", "ru": "Совсем другое предложение."},
    ]
    findings = run("inconsistent-translation", *units)
    assert sorted(f.unit for f in findings) == [0, 1]
    assert findings[0].expected == ["Суд не независим."]


def test_same_translation_for_two_sources() -> None:
    units = [
        {"en": "The court is not independent.", "kk": "Сот тәуелсіз емес."},
        {"en": "The judge is not independent.", "kk": "Сот тәуелсіз емес."},
    ]
    findings = run("inconsistent-translation", *units)
    assert {f.lang for f in findings} == {"kk"} and len(findings) == 2
    assert findings[0].expected == ["The judge is not independent."]


def test_consistent_translations_are_quiet() -> None:
    units = [{"en": "The court is not independent.", "ru": "Суд не независим."}] * 3
    assert run("inconsistent-translation", *units) == []


# -- length-ratio ---------------------------------------------------------------------------

def test_length_outlier() -> None:
    units = [{"en": f"This is ordinary sentence number {k} of the text.",
              "ru": f"Это обычное предложение номер {k} этого текста."} for k in range(30)]
    units.append({"en": "This sentence was translated with a whole paragraph appended to it.",
                  "ru": "Это предложение " + "очень длинное и совсем не то, " * 12 + "что в оригинале."})
    findings = run("length-ratio", *units)
    assert [f.unit for f in findings] == [30]
    assert run("length-ratio", *units[:30]) == []


# -- punctuation ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "lang", "bad"),
    [
        ("He said  no.", "en", [["said  no."]]),
        ("Он сказал , что нет.", "ru", [["сказал ,"]]),
        ("It ended.Then it began.", "en", [["ended.Then"]]),
        ("(an aside without end.", "en", [["("]]),
        ("«Бұл сөз жабылмаған.", "kk", [["«"]]),
        ("a stray end).", "en", [[")"]]),
    ],
)
def test_punctuation_fires(text: str, lang: str, bad: list[list[str]]) -> None:
    assert found("punctuation", {lang: text}) == bad


@pytest.mark.parametrize(
    ("text", "lang"),
    [("He said: “No (not now).”", "en"), ("Он сказал: «Нет». Это т. е. правда.", "ru"),
     ("Ол: «Жоқ» деді, U.S. армиясы… mukhtarablyazov.org", "kk")],
)
def test_punctuation_quiet(text: str, lang: str) -> None:
    assert found("punctuation", {lang: text}) == []


def test_a_quotation_over_two_units_of_one_paragraph_is_balanced() -> None:
    a = QAUnit("doc", 0, {"en": "He declared: “Well, so what?"}, paragraph=3)
    b = QAUnit("doc", 1, {"en": "This means nothing!”"}, paragraph=3)
    assert run("punctuation", a, b) == []
    c = QAUnit("doc", 2, {"en": "This means nothing!”"}, paragraph=4)
    assert [f.unit for f in run("punctuation", a, c)] == [0, 2]


# -- name-inconsistent ----------------------------------------------------------------------

def _names(*texts: str, lang: str = "en") -> list[tuple[list[str], list[str] | None]]:
    return [(f.found, f.expected) for f in run("name-inconsistent", *({lang: t} for t in texts))]


def test_variant_spellings_are_reported_against_the_usual_one() -> None:
    findings = _names("Nazarbayev spoke.", "Then Nazarbayev left.", "Later Nazarbaev returned.")
    assert findings == [(["Nazarbaev"], ["Nazarbayev"])]


@pytest.mark.parametrize(
    "texts",
    [
        ("They met in Kazakhstan.", "A Kazakh journalist came.", "Kazakhstan's courts."),  # country and adjective
        ("Ivanov wrote.", "His wife, Ivanova, wrote.", "Then Ivanov left."),  # feminine surname
        ("Nazarbayev spoke.", "It was Nazarbayev's order.", "Nazarbayev’s men came."),  # possessives
        ("I met Sergei Duvanov.", "I met Sergey Lavrov.", "Then Sergei Duvanov left."),  # two people
        ("He flew to Rome.", "He met Rami there."),  # alike keys, different names
        ("He went to Albania.", "He met Albanians there."),  # a country and its people
    ],
)
def test_related_words_are_not_variants(texts: tuple[str, ...]) -> None:
    assert _names(*texts) == []


def test_first_name_variants_of_one_person() -> None:
    findings = _names("Dear Sergei, thank you.", "Sergei Duvanov wrote.", "Sergey Duvanov answered.")
    assert findings == [(["Sergey"], ["Sergei"])]


@pytest.mark.parametrize(
    ("lang", "texts", "expected"),
    [
        ("ru", ("Сам Назарбаев сказал.", "Это приказ Назарбаева.", "Слова Назарбаеву.", "Ответ Назарбайева."),
         [(["Назарбайева"], ["Назарбаев"])]),
        ("ru", ("Назарбаев сказал.", "Это приказ Назарбаева.", "Слова Назарбаевым."), []),
        ("kk", ("Біз Жаңаөзен туралы жаздық.", "Біз Жаңаөзенде болдық.", "Біз Жаңаөзеннің тұрғындарын көрдік.",
                "Олар Жанаозенде болды."),
         [(["Жанаозенде"], ["Жаңаөзен"])]),
        ("kk", ("Назарбаев айтты.", "Назарбаевтың бұйрығы.", "Назарбаевқа хат.", "Біз Астананы көрдік.",
                "Астананың көшесі."), []),
    ],
)
def test_inflection_aware_in_ru_and_kk(lang: str, texts: tuple[str, ...], expected: list) -> None:
    assert _names(*texts, lang=lang) == expected


# -- name-mismatch --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("unit", "bad"),
    [
        ({"en": "Then Nazarbayev spoke.", "ru": "Потом Назарбеков сказал."}, [["Назарбеков", "Nazarbayev"]]),
        ({"en": "Then Nazarbayev spoke.", "ru": "Потом Назарбаев сказал."}, []),
        ({"en": "Then Nazarbayev spoke.", "kk": "Содан Назарбаевтың сөзі."}, []),
        ({"en": "We met in Zhanaozen.", "kk": "Біз Жаңаөзенде кездестік."}, []),
        ({"en": "We met in Janaozen.", "ru": "Мы встретились в Жанаозене."}, []),
        ({"en": "We met in Kazakhstan.", "kk": "Біз Қазақстанда кездестік."}, []),
        ({"en": "The Geneva Convention.", "ru": "Женевская конвенция."}, []),  # an exonym, not a mismatch
    ],
)
def test_name_mismatch(unit: dict[str, str], bad: list[list[str]]) -> None:
    assert found("name-mismatch", unit) == bad


def test_name_mismatch_linked_by_the_glossary() -> None:
    """A pair no romanization links is still one name when a glossary concept renders it so."""
    from tm.glossary import ConceptData, ConceptType, Glossary, Status, TermData
    unit = {"en": "Then Nazarbayev spoke.", "ru": "Потом Назарбеков сказал."}
    linked = Glossary([ConceptData("n", ConceptType.person, (
        TermData("en", "Nazarbayev", Status.preferred), TermData("ru", "Назарбеков", Status.preferred)))])
    unrelated = Glossary([ConceptData("k", ConceptType.place, (
        TermData("en", "Kazakhstan", Status.preferred), TermData("ru", "Казахстан", Status.preferred)))])
    checks = CHECKS.select(["name-mismatch"])
    units = [QAUnit("doc", 0, unit)]
    assert run_checks(units, checks, linked.compile()) == []
    assert [f.found for f in run_checks(units, checks, unrelated.compile())] == [["Назарбеков", "Nazarbayev"]]


def test_registry_refuses_duplicate_codes() -> None:
    from tm.qa.base import Registry
    from tm.qa.checks.scripts import MixedScript

    with pytest.raises(ValueError, match="mixed-script"):
        Registry([MixedScript(), MixedScript()])


# -- name-inconsistent and the glossary (issue 26) ------------------------------------------

def _with_glossary(lang: str, texts: tuple[str, ...], *terms: tuple[str, str, str]) -> list:
    from tm.glossary import ConceptData, ConceptType, Glossary, Status, TermData

    glossary = Glossary([ConceptData("the-name", ConceptType.person, tuple(
        TermData(term_lang, text, Status(status)) for term_lang, text, status in terms))])
    units = [QAUnit("doc", k, {lang: t}) for k, t in enumerate(texts)]
    return run_checks(units, CHECKS.select(["name-inconsistent"]), glossary.compile())


def test_the_glossary_spelling_is_expected_even_against_the_majority() -> None:
    texts = ("Nazarbaev spoke.", "Then Nazarbaev left.", "Later Nazarbaev returned.", "And Nazarbayev wrote.")
    findings = _with_glossary("en", texts, ("en", "Nazarbayev", "preferred"), ("en", "Nazarbaev", "forbidden"))
    assert [(f.unit, f.found, f.expected) for f in findings] == [(k, ["Nazarbaev"], ["Nazarbayev"]) for k in (0, 1, 2)]
    assert all("the-name" in f.message and "glossary" in f.message for f in findings)


def test_the_kazakh_glossary_spelling_is_expected() -> None:
    texts = ("Олар Жанаозенде болды.", "Біз Жанаозен туралы жаздық.", "Біз Жаңаөзенде болдық.")
    findings = _with_glossary("kk", texts, ("kk", "Жаңаөзен", "preferred"), ("kk", "Жанаозен", "forbidden"))
    assert sorted((f.unit, tuple(f.found), tuple(f.expected)) for f in findings) == [
        (0, ("Жанаозенде",), ("Жаңаөзен",)), (1, ("Жанаозен",), ("Жаңаөзен",))]


def test_two_spellings_the_glossary_admits_are_not_reported() -> None:
    texts = ("Nazarbaev spoke.", "Then Nazarbayev left.")
    assert _with_glossary("en", texts, ("en", "Nazarbayev", "preferred"), ("en", "Nazarbaev", "admitted")) == []


def test_without_the_glossary_the_majority_is_called_a_majority() -> None:
    (finding,) = run("name-inconsistent", *({"en": t} for t in ("Nazarbayev spoke.", "Then Nazarbayev left.",
                                                                "Later Nazarbaev returned.")))
    assert "majority" in finding.message and "glossary" in finding.message


# -- confusable letters in names (issue 24) -------------------------------------------------

@pytest.mark.parametrize(
    ("texts", "found", "expected", "letters"),
    [
        (("He met AbIyazov.", "Then Ablyazov wrote.", "And Ablyazov left."), ["AbIyazov"], ["Ablyazov"],
         "capital I (U+0049) for small l (U+006C)"),
        (("He met Ab1yazov.", "Then Ablyazov wrote."), ["Ab1yazov"], ["Ablyazov"], "digit 1 (U+0031) for small l"),
        (("The firm llyashev wrote.", "Then Ilyashev left."), ["llyashev"], ["Ilyashev"],
         "small l (U+006C) for capital I (U+0049)"),
        (("Then N\u0430zarbayev spoke.", "Then Nazarbayev left.", "And Nazarbayev wrote."), ["N\u0430zarbayev"],
         ["Nazarbayev"], "Cyrillic \u0430 (U+0430) for small a (U+0061)"),
    ],
)
def test_confusable_letters_make_one_name(texts: tuple[str, ...], found: list[str], expected: list[str],
                                          letters: str) -> None:
    (finding,) = run("name-inconsistent", *({"en": t} for t in texts))
    assert (finding.found, finding.expected) == (found, expected)
    assert letters in finding.message


@pytest.mark.parametrize(
    "texts",
    [
        ("Then Ilyas spoke.", "Then Ilyashev left."),  # different names
        ("Then Alma spoke.", "Then Aima left."),  # a real letter (i is not l)
        ("The firm lobbyists wrote.", "Then Iobby left."),  # an English word
        ("Сор сказал.", "Then Cop left."),  # another script throughout: two words
    ],
)
def test_a_real_letter_makes_two_names(texts: tuple[str, ...]) -> None:
    assert _names(*texts) == []
