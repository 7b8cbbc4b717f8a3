"""The lookup index follows the store: import, --replace, delete, rebuild; hostile queries."""

from __future__ import annotations

from collections import defaultdict

import pytest
from sqlalchemy import inspect, select
from sqlmodel import Session

from tm.index import LookupPosting, LookupTerm, index_for
from tm.index.words import base_lang, words
from tm.store import TM, DocumentData, UnitData, VariantData
from tm.store.models import Variant

from .conftest import LETTER


def units(*pairs: tuple[str, str]) -> list[UnitData]:
    return [UnitData({"en": VariantData(en), "ru": VariantData(ru)}) for en, ru in pairs]


def add(tm: TM, doc: str, pairs: list[tuple[str, str]], replace: bool = False) -> None:
    tm.import_documents([(DocumentData(id=doc), ["en", "ru"], units(*pairs))], replace=replace)


def expected(tm: TM) -> dict[tuple[str, str], set[tuple[int, int]]]:
    """(lang, word) -> {(length, variant id)}, recomputed from the variants."""
    out: dict[tuple[str, str], set[tuple[int, int]]] = defaultdict(set)
    with Session(tm.engine) as s:
        for vid, lang, search in s.execute(select(Variant.id, Variant.lang, Variant.search)):
            for w in words(search):
                out[(base_lang(lang), w)].add((len(search), vid))
    return dict(out)


def actual(tm: TM) -> dict[tuple[str, str], set[tuple[int, int]]]:
    out: dict[tuple[str, str], set[tuple[int, int]]] = defaultdict(set)
    with Session(tm.engine) as s:
        terms = {
            tid: (lang, term, df)
            for tid, lang, term, df in s.execute(select(LookupTerm.id, LookupTerm.lang, LookupTerm.term, LookupTerm.df))
        }
        for tid, length, vid in s.execute(select(LookupPosting.term_id, LookupPosting.length, LookupPosting.variant_id)):
            lang, term, _ = terms[tid]
            out[(lang, term)].add((length, vid))
        for lang, term, df in terms.values():
            assert df == len(out.get((lang, term), ())), f"df of {term!r} is {df}"
    return dict(out)


A = [("The court refused the claim in 2012.", "Суд отклонил иск в 2012 году."),
     ("I left London for good.", "Я навсегда уехал из Лондона.")]
B = [("The bank filed a new claim.", "Банк подал новый иск."), ("London is far away.", "Лондон далеко.")]


def test_init_creates_the_index_tables(tm: TM) -> None:
    tm.init()
    names = inspect(tm.engine).get_table_names()
    assert {"lookup_term", "lookup_posting"} <= set(names)


@pytest.mark.parametrize(
    "steps",
    [
        [("add", "a", A)],
        [("add", "a", A), ("add", "b", B)],
        [("add", "a", A), ("add", "b", B), ("replace", "a", B[:1])],
        [("add", "a", A), ("add", "b", B), ("delete", "a", None)],
        [("add", "a", A), ("delete", "a", None)],
    ],
    ids=["import", "two", "replace", "delete", "delete-all"],
)
def test_index_follows_the_store(tm: TM, steps) -> None:
    for op, doc, pairs in steps:
        if op == "delete":
            tm.delete_document(doc)
        else:
            add(tm, doc, pairs, replace=op == "replace")
    assert actual(tm) == expected(tm)


def test_rebuild_gives_the_same_index_as_the_imports(tm: TM) -> None:
    from tm.letters import import_letter

    import_letter(tm, LETTER)
    add(tm, "b", B)
    before = actual(tm)
    with tm.session() as s:
        index_for(tm.engine.dialect.name).rebuild(s)
    assert actual(tm) == before == expected(tm)


def test_a_failed_import_leaves_the_index_as_it_was(tm: TM) -> None:
    add(tm, "a", A)
    before = actual(tm)
    with pytest.raises(Exception):
        add(tm, "a", B)  # exists, no --replace
    assert actual(tm) == before


@pytest.mark.parametrize(
    "query",
    ['"the claim"', "*", "-", "claim NEAR court", "court OR claim AND bank", "(court)", "the' OR 1=1 --",
     "x" * 10_000, "", "   ", "Суд отклонил иск"],
    ids=["quotes", "star", "minus", "near", "or-and", "parens", "sql", "10000-chars", "empty", "spaces", "ru"],
)
def test_candidates_take_any_text(tm: TM, query: str) -> None:
    add(tm, "a", A)
    with Session(tm.engine) as s:
        found = index_for(tm.engine.dialect.name).candidates(s, query.lower(), "en", 10)
    assert isinstance(found, list)
    if query.startswith("court OR"):
        assert found, "the words of the query are found, the operators are words too"


def test_candidates_prefer_variants_sharing_rare_words(tm: TM) -> None:
    add(tm, "a", A)
    add(tm, "b", B)
    with Session(tm.engine) as s:
        found = index_for(tm.engine.dialect.name).candidates(s, "the bank filed a claim", "en", 10)
        first = s.get(Variant, found[0])
    assert first is not None and first.text == "The bank filed a new claim."


def test_candidates_respect_the_length_window(tm: TM) -> None:
    add(tm, "a", A)
    with Session(tm.engine) as s:
        index = index_for(tm.engine.dialect.name)
        assert index.candidates(s, "london", "en", 10)
        assert index.candidates(s, "london", "en", 10, lengths=(1, 5)) == []
