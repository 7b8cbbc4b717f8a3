"""Lookup: ranking, scores and penalties, the diff, glossary hints, --batch, hostile input."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from tm.errors import InputError
from tm.letters import import_letter
from tm.lookup import Lookup, Normalization
from tm.lookup.hints import GlossaryHints
from tm.lookup.scoring import NAME_PENALTY, NUMBER_PENALTY, diff, diff_markup, fuzzy, penalties
from tm.store import TM, DocumentData, UnitData, VariantData

from .conftest import LETTER

UNITS = [
    ("The court refused the claim of the bank in 2012.", "Суд отклонил иск банка в 2012 году.", "Сот банктің талабын 2012 жылы қабылдамады."),
    ("I left London for good after the trial.", "После суда я навсегда уехал из Лондона.", "Соттан кейін мен Лондоннан біржола кеттім."),
    ("The judge asked Smith for written proof.", "Судья попросил у Смита письменных доказательств.", "Судья Смиттен жазбаша дәлел сұрады."),
    ("We thank you for your letter of support.", "Благодарим вас за письмо поддержки.", "Қолдау хатыңыз үшін рахмет."),
    ("The court refused the appeal of the bank.", "Суд отклонил апелляцию банка.", "Сот банктің апелляциясын қабылдамады."),
]


def store(tm: TM, doc: str = "letters", rows=UNITS) -> None:
    records = [UnitData({"en": VariantData(en), "ru": VariantData(ru), "kk": VariantData(kk)}) for en, ru, kk in rows]
    tm.import_documents([(DocumentData(id=doc), ["en", "ru", "kk"], records)])


@pytest.fixture
def engine(tm: TM) -> Lookup:
    store(tm)
    return Lookup(tm, glossary=False)


# -- scores ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("abcdefghij", "abcdefghij", 100.0),
        ("abcdefghij", "abcdefghiX", 90.0),  # one substitution in ten characters
        ("abcdefghij", "abcdefghi", 90.0),  # one deletion
        ("abcde", "vwxyz", 0.0),
    ],
)
def test_score_is_an_edit_distance_percentage(a: str, b: str, expected: float) -> None:
    assert fuzzy(a, b) == pytest.approx(expected)


@pytest.mark.parametrize(
    "query, match",
    [
        ("The judge met the minister in Astana.", "The judge met the minister Nazarbayev in Astana."),
        ("The judge met the minister Nazarbayev in Astana.", "The judge met the minister in Astana."),
    ],
)
def test_a_name_on_one_side_only_is_not_a_wrong_name(query: str, match: str) -> None:
    """A query without the stored sentence's name (or with one the stored lacks) is not a name
    that differs: the translator adds or drops it, but nothing in the match is wrong."""
    assert [p for p in penalties(query, match, "en") if p.kind == "name"] == []


def test_a_name_against_another_name_costs_points_once_per_pair() -> None:
    found = penalties("Smith wrote to Brown and to Green.", "Smith wrote to Jones and to Green about Black.", "en")
    (name,) = [p for p in found if p.kind == "name"]
    assert name.query == ["Brown"] and name.match == ["Jones", "Black"]
    assert name.points == NAME_PENALTY  # one name replaced by another; Black is only added


@pytest.mark.parametrize(
    "query, match, kinds, points",
    [
        ("He paid 500 dollars in 2010.", "He paid 500 dollars in 2009.", ["number"], NUMBER_PENALTY),
        ("He paid 500 dollars in 2010.", "He paid 500 dollars in 2010.", [], 0),
        ("He paid 50 dollars in 2010.", "He paid 500 dollars in 2009.", ["number"], 2 * NUMBER_PENALTY),
        ("The letter was sent to Smith.", "The letter was sent to Jones.", ["name"], NAME_PENALTY),
        ("Smith sent the letter.", "The letter was sent by Smith.", [], 0),  # sentence-initial, same name
        ("Письмо отправлено Назарбаеву.", "Письмо отправлено Назарбаеву.", [], 0),
        ("In 2010 the letter went to Smith.", "In 2011 the letter went to Jones.", ["number", "name"],
         NUMBER_PENALTY + NAME_PENALTY),
    ],
)
def test_numbers_and_names_that_differ_cost_points(query: str, match: str, kinds: list[str], points: float) -> None:
    found = penalties(query, match, "en" if query.isascii() else "ru")
    assert [p.kind for p in found] == kinds
    assert sum(p.points for p in found) == points


def test_a_changed_number_is_not_nearly_free(engine: Lookup) -> None:
    (m, *_) = engine.lookup("The court refused the claim of the bank in 2013.", "en", ["ru"]).matches
    assert m.source == UNITS[0][0]
    assert m.fuzzy >= 95
    assert m.score == pytest.approx(m.fuzzy - NUMBER_PENALTY, abs=0.1)
    assert m.penalties[0].query == ["2013"] and m.penalties[0].match == ["2012"]


# -- ranking --------------------------------------------------------------------------

def test_exact_match_first_then_the_nearer_ones(engine: Lookup) -> None:
    result = engine.lookup("The court refused the claim of the bank in 2012.", "en", ["ru", "kk"], min_score=50)
    sources = [m.source for m in result.matches]
    assert sources[0] == UNITS[0][0] and result.matches[0].score == 100.0
    assert sources[1] == UNITS[4][0]
    assert [m.score for m in result.matches] == sorted((m.score for m in result.matches), reverse=True)
    assert result.matches[0].target == {"ru": UNITS[0][1], "kk": UNITS[0][2]}
    assert (result.matches[0].doc, result.matches[0].unit) == ("letters", 0)


@pytest.mark.parametrize("min_score, limit", [(70, 5), (50, 1), (50, 2)])
def test_min_and_limit(engine: Lookup, min_score: float, limit: int) -> None:
    result = engine.lookup("The court refused the claim of the bank.", "en", ["ru"], min_score=min_score, limit=limit)
    assert len(result.matches) <= limit
    assert all(m.score >= min_score for m in result.matches)
    assert result.matches, "the first unit is close enough for every row"


def test_lookup_from_russian_to_english(engine: Lookup) -> None:
    (m, *_) = engine.lookup("Суд отклонил иск банка в 2012 году", "ru", ["en"]).matches
    assert m.target == {"en": UNITS[0][0]}


def test_doc_restricts_and_context_gives_neighbours(tm: TM, engine: Lookup) -> None:
    store(tm, "other", [UNITS[0]])
    result = engine.lookup(UNITS[0][0], "en", ["ru"], doc="other", context=1)
    assert [(m.doc, m.unit) for m in result.matches] == [("other", 0)]
    result = engine.lookup(UNITS[1][0], "en", ["ru"], doc="letters", context=1)
    (m,) = result.matches
    assert [c.source for c in m.before] == [UNITS[0][0]]
    assert [c.source for c in m.after] == [UNITS[2][0]]
    assert m.after[0].target == {"ru": UNITS[2][1]}


def test_the_letter_finds_its_own_sentences(tm: TM) -> None:
    imported = import_letter(tm, LETTER)
    rows = tm.units(imported.result.doc_id)
    engine = Lookup(tm, glossary=False)
    unit, variants = next((u, v) for u, v in rows if len(v["en"].text) > 60)
    (m, *_) = engine.lookup(variants["en"].text, "en", ["ru"]).matches
    assert (m.score, m.unit, m.target["ru"]) == (100.0, unit.position, variants["ru"].text)


# -- diff -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "query, match, ops",
    [
        ("He left in 2012.", "He left in 2012.", [("=", "He left in 2012.")]),
        ("He left in 2013.", "He left in 2012.", [("=", "He left in "), ("-", "2012"), ("+", "2013"), ("=", ".")]),
        ("He left London.", "He left.", [("=", "He left"), ("+", " London"), ("=", ".")]),
        ("he LEFT.", "He left.", [("=", "He left.")]),
    ],
)
def test_diff_from_match_to_query(query: str, match: str, ops: list[tuple[str, str]]) -> None:
    assert diff(query, match) == ops


def test_diff_markup_strikes_the_old_and_colours_the_new() -> None:
    markup = diff_markup(diff("Paid [bold] 2013.", "Paid [bold] 2012."))
    assert "[red strike]2012[/red strike]" in markup and "[green]2013[/green]" in markup
    assert "\\[bold]" in markup  # text is escaped, never read as markup
    assert diff_markup(diff("Paid 2013.", "Paid 2012."), plain=True) == "Paid [-2012-]{+2013+}."


# -- glossary hints -------------------------------------------------------------------

@dataclass
class FakeMatch:
    concept_id: int
    start: int
    end: int
    text: str
    status: str


class FakeGlossary:
    """Implements the glossary API lookup relies on (tm.glossary, issue 3)."""

    terms = {"court": (1, {"ru": ["суд"], "kk": ["сот"]}), "bank": (2, {"ru": ["банк"], "kk": ["банк"]})}

    def find(self, text: str, lang: str) -> list[FakeMatch]:
        out = []
        for word, (cid, _) in self.terms.items():
            at = text.lower().find(word)
            if at >= 0:
                out.append(FakeMatch(cid, at, at + len(word), text[at : at + len(word)], "preferred"))
        return out

    def renderings(self, concept_id: int, lang: str) -> list[str]:
        return next(r for cid, r in self.terms.values() if cid == concept_id).get(lang, [])


def test_glossary_hints_give_the_required_renderings(tm: TM) -> None:
    store(tm)
    engine = Lookup(tm, glossary=GlossaryHints(FakeGlossary()))
    result = engine.lookup("The bank sued the court.", "en", ["ru", "kk"])
    assert [(h.text, h.renderings) for h in result.hints] == [
        ("bank", {"ru": ["банк"], "kk": ["банк"]}), ("court", {"ru": ["суд"], "kk": ["сот"]}),
    ]
    assert result.as_dict()["glossary"][0]["status"] == "preferred"


def test_glossary_hints_from_the_tms_own_glossary(tm: TM) -> None:
    glossary = pytest.importorskip("tm.glossary")
    store(tm)
    term = glossary.TermData
    glossary.save_concepts(tm, [glossary.ConceptData(
        "court", glossary.ConceptType.term,
        (term("en", "court"), term("ru", "суд"), term("ru", "судебная инстанция", glossary.Status.admitted)),
    )])
    (hint,) = Lookup(tm).lookup("The court refused the claim.", "en", ["ru"]).hints
    assert (hint.text, hint.start, hint.renderings) == ("court", 4, {"ru": ["суд", "судебная инстанция"]})


def test_without_a_glossary_there_are_no_hints(engine: Lookup) -> None:
    assert engine.lookup("The court refused the claim.", "en", ["ru"]).hints == []


# -- normalisation ------------------------------------------------------------------------

@pytest.mark.parametrize(
    "spec, text, expected",
    [
        ("case,punct,space,nfc", "  Hello,   WORLD! ", "hello world"),
        ("punct,space", "Hello,  World!", "Hello World"),
        ("case", "Hello, World!", "hello, world!"),
        ("none", "A  b", "A  b"),
    ],
)
def test_normalisation_is_configurable(spec: str, text: str, expected: str) -> None:
    assert Normalization.parse(spec).apply(text) == expected


def test_case_sensitive_scoring_lowers_a_case_change(tm: TM) -> None:
    store(tm)
    query = "THE COURT REFUSED THE CLAIM OF THE BANK IN 2012."
    folded = Lookup(tm, glossary=False).lookup(query, "en", ["ru"]).matches
    exact_case = Lookup(tm, Normalization.parse("punct,space,nfc"), glossary=False).lookup(query, "en", ["ru"]).matches
    assert folded[0].score == 100.0
    assert exact_case == []


def test_unknown_normalisation_is_refused() -> None:
    with pytest.raises(InputError, match="unknown normalisation"):
        Normalization.parse("case,accents")


# -- command line ------------------------------------------------------------------------

def test_cli_lookup_prints_score_diff_and_target(run, tm: TM) -> None:
    store(tm)
    result = run("lookup", "The court refused the claim of the bank in 2013.", "--from", "en", "--to", "ru,kk")
    assert result.exit_code == 0, result.output
    assert "number" in result.output and UNITS[0][1] in result.output and "letters#0" in result.output


def test_cli_lookup_json(run, tm: TM) -> None:
    store(tm)
    result = run("lookup", UNITS[1][0], "--to", "ru", "--context", "1", "--json")
    data = json.loads(result.output)
    assert data["matches"][0]["target"] == {"ru": UNITS[1][1]}
    assert data["matches"][0]["before"][0]["unit"] == 0


def test_cli_batch_prints_one_json_line_per_query(run, tm: TM, tmp_path: Path) -> None:
    store(tm)
    queries = tmp_path / "q.txt"
    queries.write_text(f"{UNITS[0][0]}\n\nNothing like this at all, zebra.\n{UNITS[3][0]}\n", encoding="utf-8")
    result = run("lookup", "--batch", str(queries), "--from", "en", "--to", "ru")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [set(line) for line in lines] == [{"query", "matches"}] * 3
    assert lines[1]["matches"] == []
    first = lines[0]["matches"][0]
    assert set(first) == {"score", "source", "target", "doc", "unit", "status"}
    assert (first["score"], first["target"], first["doc"], first["unit"]) == (100.0, {"ru": UNITS[0][1]}, "letters", 0)


@pytest.mark.parametrize(
    "query",
    ['"The court" refused', "court*", "-court -bank", "court NEAR bank", "court OR bank AND claim",
     "(court) (bank)", "court' OR 1=1 --", "x " * 5_000, "Сот банктің талабын", "🙂 ⁂"],
    ids=["quotes", "star", "minus", "near", "or-and", "parens", "sql", "10000-chars", "kk", "emoji"],
)
def test_cli_takes_any_text_as_text(run, tm: TM, query: str) -> None:
    store(tm)
    result = run("lookup", "--from", "en", "--to", "ru", "--", query)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


def test_wrong_script_is_explained(run, tm: TM) -> None:
    store(tm)
    result = run("lookup", "Суд отклонил иск банка", "--from", "en", "--to", "ru")
    assert result.exit_code == 0
    assert "no matches" in result.output and "no Latin letters" in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["lookup", ""], "the query is empty"),
        (["lookup", "   "], "the query is empty"),
        (["lookup"], "give either TEXT or --batch FILE"),
        (["lookup", "text", "--min", "120"], "--min must be between 0 and 100"),
        (["lookup", "text", "--from", "xx-nope"], "unknown language tag"),
        (["lookup", "text", "--doc", "nope"], "no document 'nope'"),
        (["lookup", "text", "--norm", "accents"], "unknown normalisation"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(run, tm: TM, args: list[str], message: str) -> None:
    store(tm)
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_batch_names_the_bad_line(run, tm: TM, tmp_path: Path) -> None:
    store(tm)
    queries = tmp_path / "q.txt"
    queries.write_text("fine query here\n\u200b\n", encoding="utf-8")
    result = run("lookup", "--batch", str(queries))
    assert result.exit_code == 2
    assert f"{queries}:2: the query is empty" in result.output


def test_a_tm_without_index_is_indexed_on_first_lookup(tm: TM) -> None:
    store(tm)
    with tm.session() as s:
        from sqlalchemy import delete

        from tm.index import LookupBlock, LookupTerm

        s.execute(delete(LookupBlock))
        s.execute(delete(LookupTerm))
    (m, *_) = Lookup(tm, glossary=False).lookup(UNITS[2][0], "en", ["ru"]).matches
    assert m.score == 100.0


# -- regional tags: one rule (tm.lang.pick_tag) --------------------------------------------


def test_pick_tag_prefers_the_exact_tag_then_a_regional_one() -> None:
    from tm.lang import pick_tag

    assert pick_tag("en", ["en-GB", "ru"]) == "en-GB"
    assert pick_tag("en", ["en-US", "en", "en-GB"]) == "en"
    assert pick_tag("en", ["en-US", "en-GB"]) == "en-GB"  # several regions: the first in order
    assert pick_tag("en-GB", ["en", "en-US"]) is None  # a region never means the bare language or another region
    assert pick_tag("kk", ["kk-Cyrl-KZ"]) == "kk-Cyrl-KZ"
    assert pick_tag("de", ["en", "ru"]) is None


REGIONAL = [
    {"en-GB": "The court refused the claim of the bank in 2012.", "ru": "Суд отклонил иск банка в 2012 году."},
    {"en": "The judge asked Smith for written proof.", "en-GB": "The judge asked Smith for written proofs.",
     "ru": "Судья попросил у Смита письменных доказательств."},
]


@pytest.fixture
def regional(tm: TM) -> Lookup:
    records = [UnitData({k: VariantData(v) for k, v in u.items()}) for u in REGIONAL]
    tm.import_documents([(DocumentData(id="omegat"), ["en", "en-GB", "ru"], records)])
    return Lookup(tm, glossary=False)


def test_a_request_for_en_covers_en_gb_unless_the_unit_has_en(regional: Lookup) -> None:
    (m,) = regional.lookup("The court refused the claim of the bank in 2012.", "en", ["ru"]).matches
    assert m.score == 100 and m.target == {"ru": "Суд отклонил иск банка в 2012 году."}
    found = regional.lookup("The judge asked Smith for written proof.", "en", ["ru"], min_score=50).matches
    assert [m.source for m in found] == ["The judge asked Smith for written proof."]  # en, not en-GB too
    back = regional.lookup("Судья попросил у Смита письменных доказательств.", "ru", ["en"]).matches
    assert back[0].target == {"en": "The judge asked Smith for written proof."}
    first = regional.lookup("Суд отклонил иск банка в 2012 году.", "ru", ["en"]).matches
    assert first[0].target == {"en": "The court refused the claim of the bank in 2012."}


def test_a_request_for_en_gb_does_not_cover_en(regional: Lookup) -> None:
    found = regional.lookup("The judge asked Smith for written proof.", "en-GB", ["ru"], min_score=50).matches
    assert [m.source for m in found] == ["The judge asked Smith for written proofs."]


def test_at_equal_score_approved_comes_before_confirmed_before_machine(tm: TM, run) -> None:
    """Three documents hold the same sentence; the person's status decides the order, and is shown."""
    from tm.store.edit import Editor

    for doc in ("a-machine", "b-approved", "c-confirmed"):
        tm.import_documents([(DocumentData(id=doc), ["en", "ru"], [
            UnitData({"en": VariantData("The court froze the assets."), "ru": VariantData(f"Суд заморозил активы ({doc}).")})
        ])])
    Editor(tm, "ann").set_status("b-approved", 0, "approved")
    Editor(tm, "ann").set_status("c-confirmed", 0, "confirmed")
    found = Lookup(TM(tm.url), glossary=False).lookup("The court froze the assets.", "en", ["ru"])
    assert [(m.doc, m.status, m.score) for m in found.matches] == [
        ("b-approved", "approved", 100.0), ("c-confirmed", "confirmed", 100.0), ("a-machine", "machine", 100.0)]
    shown = run("lookup", "The court froze the assets.", "--from", "en", "--to", "ru").output
    assert "b-approved#0 (approved)" in shown
