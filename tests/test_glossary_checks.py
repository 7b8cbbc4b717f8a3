"""glossary-missing and glossary-forbidden in all six language directions, and on the letter."""

from __future__ import annotations

from itertools import permutations

import pytest

from tm.glossary import ConceptType, Glossary, Status, load_glossary
from tm.qa.glossary_check import check_tm, check_units
from tm.glossary.formats import read_folder
from tm.glossary.project import load_folder
from tm.letters import import_corpora
from tm.qa.checks.glossary import GLOSSARY_CODES, GlossaryForbidden, GlossaryMissing
from tm.qa.findings import Severity
from tm.qa.registry import CHECKS
from tm.store import TM

from .conftest import LETTER, ROOT
from .test_glossary_match import A, F, P, concept

GLOSSARY = Glossary([
    concept("nazarbayev", ConceptType.person, ("en", "Nursultan Nazarbayev", P), ("en", "Nazarbayev", A),
            ("en", "Nazarbaev", F), ("ru", "Нурсултан Назарбаев", P), ("ru", "Назарбаев", A),
            ("kk", "Нұрсұлтан Назарбаев", P), ("kk", "Назарбаев", A), ("kk", "Нурсултан Назарбаев", F)),
    concept("zhanaozen", ConceptType.place, ("en", "Zhanaozen", P), ("en", "Janaozen", F), ("ru", "Жанаозен", P),
            ("ru", "Жаңаөзен", F), ("kk", "Жаңаөзен", P), ("kk", "Жанаозен", F)),
])

# One sentence per language naming the concept in an inflected form, and one without it.
WITH = {
    "en": ("Nazarbayev’s regime fell.", "Nazarbayev’s"),
    "ru": ("Режим Назарбаева пал.", "Назарбаева"),
    "kk": ("Назарбаевтың режимі құлады.", "Назарбаевтың"),
}
WITHOUT = {"en": "The regime fell.", "ru": "Режим пал.", "kk": "Режим құлады."}
DIRECTIONS = list(permutations(["en", "ru", "kk"], 2))


def run(texts: dict[str, str], glossary: Glossary = GLOSSARY):
    return list(check_units(glossary, [("doc", 7, texts)]))


@pytest.mark.parametrize(("src", "tgt"), DIRECTIONS, ids=[f"{s}->{t}" for s, t in DIRECTIONS])
def test_missing_fires(src: str, tgt: str) -> None:
    (finding,) = run({src: WITH[src][0], tgt: WITHOUT[tgt]})
    assert (finding.code, finding.severity, finding.doc, finding.unit, finding.lang) == (
        "glossary-missing", Severity.warning, "doc", 7, tgt)
    assert finding.found == [WITH[src][1]]
    assert finding.expected == GLOSSARY.renderings("nazarbayev", tgt)
    assert "nazarbayev" in finding.message and src in finding.message
    assert finding.text == {src: WITH[src][0], tgt: WITHOUT[tgt]}


@pytest.mark.parametrize(("src", "tgt"), DIRECTIONS, ids=[f"{s}->{t}" for s, t in DIRECTIONS])
def test_missing_quiet_when_rendered(src: str, tgt: str) -> None:
    assert run({src: WITH[src][0], tgt: WITH[tgt][0]}) == []


@pytest.mark.parametrize(("src", "tgt"), DIRECTIONS, ids=[f"{s}->{t}" for s, t in DIRECTIONS])
def test_missing_quiet_when_target_empty_or_absent(src: str, tgt: str) -> None:
    assert run({src: WITH[src][0], tgt: ""}) == []
    assert run({src: WITH[src][0]}) == []


def test_missing_names_each_language_that_lacks_the_concept() -> None:
    findings = run({"en": WITH["en"][0], "ru": WITHOUT["ru"], "kk": WITH["kk"][0]})
    assert [(f.lang, f.found) for f in findings] == [("ru", ["Nazarbayev’s", "Назарбаевтың"])]


FORBIDDEN = [
    ("en", "Strikes in Janaozen’s oil fields.", "Janaozen’s"),
    ("en", "Nazarbaev's regime", "Nazarbaev's"),
    ("ru", "Забастовка в Жаңаөзене.", "Жаңаөзене"),
    ("kk", "Жанаозенде ереуіл болды.", "Жанаозенде"),
    ("kk", "Нурсултан Назарбаевтың режимі", "Нурсултан Назарбаевтың"),
]


@pytest.mark.parametrize(("lang", "text", "bad"), FORBIDDEN)
def test_forbidden_fires_alone_and_beside_correct_renderings(lang: str, text: str, bad: str) -> None:
    (finding,) = run({lang: text})
    assert (finding.code, finding.severity, finding.lang, finding.found) == (
        "glossary-forbidden", Severity.error, lang, [bad])
    concept_id = "zhanaozen" if "zen" in finding.message else "nazarbayev"
    assert finding.expected == GLOSSARY.renderings(concept_id, lang)
    # a forbidden variant counts as the concept being there: no glossary-missing on top
    others = {other: WITH[other][0] if concept_id == "nazarbayev" else WITHOUT[other] for other in WITH if other != lang}
    findings = run({lang: text, **others})
    assert [f.code for f in findings].count("glossary-forbidden") == 1
    assert not [f for f in findings if f.code == "glossary-missing" and f.lang == lang]


def test_preferred_and_admitted_are_not_forbidden() -> None:
    assert run({"en": "Zhanaozen and Nursultan Nazarbayev", "ru": "Жанаозен и Назарбаев", "kk": "Жаңаөзен, Назарбаев"}) == []


def test_the_glossary_checks_are_qa_checks() -> None:
    """One registry: `tm glossary check` runs the QA checks of these codes, in this order."""
    glossary = [c for c in CHECKS if c.code.startswith("glossary-")]
    assert [c.code for c in glossary] == list(GLOSSARY_CODES) == ["glossary-forbidden", "glossary-missing"]
    assert all(c.description for c in glossary)
    assert GlossaryForbidden.severity is Severity.error and GlossaryMissing.severity is Severity.warning


# -- the letter --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def letter_tm(tmp_path_factory: pytest.TempPathFactory) -> TM:
    tm = TM(f"sqlite:///{tmp_path_factory.mktemp('letter') / 'tm.db'}")
    import_corpora(tm, LETTER.parent)
    load_folder(tm, ROOT / "glossaries")
    return tm


def test_letter_findings_are_the_real_departures_of_the_published_english(letter_tm: TM) -> None:
    findings = check_tm(letter_tm)
    # Sergey (the introduction; Sergei elsewhere), Ramazan (Ramzan in the next sentence),
    # and the Soviet-era Byelorussia, twice. Nothing in the project's ru and kk translations.
    assert sorted((f.code, f.lang, tuple(f.found)) for f in findings) == [
        ("glossary-forbidden", "en", ("Byelorussia",)),
        ("glossary-forbidden", "en", ("Byelorussia",)),
        ("glossary-forbidden", "en", ("Ramazan Kadyrov",)),
        ("glossary-forbidden", "en", ("Sergey Duvanov",)),
    ]
    units = {u.position: v for u, v in letter_tm.units("ablyazov-duvanov-2")}
    for f in findings:
        assert all(s in units[f.unit]["en"].text for s in f.found)
    assert check_tm(letter_tm, "ablyazov-duvanov-2") == findings


def test_every_concept_of_the_project_glossary_occurs_in_each_version_of_the_letter(letter_tm: TM) -> None:
    glossary = load_glossary(letter_tm)
    seen: dict[str, set[str]] = {}
    for _, variants in letter_tm.units("ablyazov-duvanov-2"):
        for lang, v in variants.items():
            for m in glossary.find(v.text, lang):
                seen.setdefault(m.concept_id, set()).add(lang)
    assert {cid: langs for cid, langs in seen.items() if langs != {"en", "ru", "kk"}} == {}
    # every name is attested in the letter; general terms (terms.toml) may wait for a later one
    names = {c.id for c in read_folder(ROOT / "glossaries") if c.type is not ConceptType.term}
    assert names <= set(seen)


def test_the_kazakh_version_is_the_language_not_the_country() -> None:
    glossary = Glossary(read_folder(ROOT / "glossaries"))
    texts = {"en": "The Kazakh version of the letter follows.", "ru": "Казахская версия письма следует ниже.",
             "kk": "Хаттың қазақ тіліндегі нұсқасы төменде берілген."}
    assert check_units(glossary, [("d", 0, texts)]) == []
    # the adjective of the country is still the country
    country = {"en": "Kazakh authorities were silent.", "ru": "Власти молчали.", "kk": "Билік үнсіз қалды."}
    assert [f.code for f in check_units(glossary, [("d", 0, country)])] == ["glossary-missing", "glossary-missing"]


def test_project_glossary_follows_its_romanization_policy() -> None:
    iuliia = pytest.importorskip("iuliia")
    concepts = read_folder(ROOT / "glossaries")
    assert {c.scheme for c in concepts} <= {None, "bgn-pcgn", "established"}
    for c in concepts:
        (en,) = c.terms_in("en", Status.preferred)
        (ru,) = c.terms_in("ru", Status.preferred)
        bgn = iuliia.BGN_PCGN.translate(ru.text)
        if c.scheme == "bgn-pcgn":
            assert en.text == bgn, c.id
        forbidden = {t.text for t in c.terms_in("en", Status.forbidden)}
        assert en.text not in forbidden
