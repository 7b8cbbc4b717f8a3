"""Compacted blocks (tm.index.compact): whatever sequence of imports, replaces, deletes and
unit edits, with compactions in between, the index holds the postings and frequencies a
rebuild gives; a word's blocks stay bounded however many documents there are; on SQLite
and PostgreSQL."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text
from sqlmodel import Session

from tm.errors import Conflict, NotFound
from tm.index import LookupBlock, LookupTerm, index_for
from tm.index import compact as compaction
from tm.index.words import unpack
from tm.lookup import Lookup
from tm.store import TM, DocumentData, UnitData, VariantData
from tm.store.edit import Editor

from .conftest import sql

EN = ["the", "court", "claim", "bank", "judge", "refused", "a", "of", "london", "appeal", "witness", "letter"]
RU = ["суд", "иск", "банк", "судья", "отклонил", "лондон", "апелляция", "свидетель", "письмо"]


Index = tuple[dict[tuple[str, str], list[tuple[int, int]]], dict[tuple[str, str], int]]


def index_state(s: Session) -> Index:
    """(lang, word) -> its postings (length, variant id), each as often as it is stored, and
    (lang, word) -> df, for the words with a posting or a frequency; every block's count
    and order are checked on the way."""
    terms = {tid: (lang, term, df) for tid, lang, term, df in
             s.execute(select(LookupTerm.id, LookupTerm.lang, LookupTerm.term, LookupTerm.df))}
    found: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for tid, n, blob in s.execute(select(LookupBlock.term_id, LookupBlock.n, LookupBlock.postings)):
        lens, ids = unpack(blob)
        assert n == len(ids) > 0 and list(zip(lens, ids)) == sorted(zip(lens, ids))
        found.setdefault(terms[tid][:2], []).extend(zip(lens, ids))
    df = {(lang, term): n for lang, term, n in terms.values() if n}
    return {k: sorted(v) for k, v in found.items()}, df


def rebuilt_state(tm: TM) -> Index:
    """The index a rebuild gives, built in a transaction that is then rolled back."""
    with Session(tm.engine) as s:
        index_for(tm.engine.dialect.name).rebuild(s)
        fresh = index_state(s)
        s.rollback()
    if tm.engine.dialect.name == "postgresql":  # the rebuild moved the word ids' sequence back
        sql(tm, "SELECT setval(pg_get_serial_sequence('lookup_term', 'id'), (SELECT max(id) FROM lookup_term))")
    return fresh


def current_state(tm: TM) -> Index:
    with Session(tm.engine) as s:
        return index_state(s)


def sentence(rnd: random.Random, vocab: list[str], doc: str) -> str:
    ws = rnd.choices(vocab, k=rnd.randint(1, 7))
    if rnd.random() < 0.3:
        ws.append(f"only{doc.replace('-', '')}")  # a word of one document: pruned with it
    return " ".join(ws).capitalize() + "."


def units(rnd: random.Random, doc: str) -> list[UnitData]:
    return [UnitData({"en": VariantData(sentence(rnd, EN, doc)), "ru": VariantData(sentence(rnd, RU, doc))})
            for _ in range(rnd.randint(1, 5))]


def step(tm: TM, op: str, rnd: random.Random, made: list[str]) -> None:
    docs = [d for d in made if tm.has_document(d)]
    if op == "import" or not docs:
        made.append(doc := f"d{len(made)}")
        tm.import_documents([(DocumentData(id=doc), ["en", "ru"], units(rnd, doc))])
        return
    doc = rnd.choice(docs)
    editor = Editor(tm, "tester")
    positions = [u.position for u, _ in tm.units(doc)]
    if op == "replace":
        tm.import_documents([(DocumentData(id=doc), ["en", "ru"], units(rnd, doc))], replace=True)
    elif op == "delete":
        editor.delete_document(doc) if rnd.random() < 0.5 else tm.delete_document(doc)
    elif op == "edit" and positions:
        lang, vocab = rnd.choice([("en", EN), ("ru", RU)])
        editor.edit(doc, rnd.choice(positions), lang, sentence(rnd, vocab, doc))
    elif op == "drop" and positions:
        editor.delete(doc, rnd.choice(positions))
    elif op == "restore":
        try:
            editor.restore_all(rnd.choice(made))
        except (NotFound, Conflict):
            pass


OPS = ["import", "import", "replace", "delete", "edit", "edit", "drop", "restore"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(st.sampled_from(OPS), min_size=1, max_size=18), seed=st.integers(0, 2**32),
       chunk_bits=st.sampled_from([2, 4, 17]))
def test_after_every_step_the_index_is_what_a_rebuild_gives(
    tm: TM, monkeypatch: pytest.MonkeyPatch, ops: list[str], seed: int, chunk_bits: int
) -> None:
    """Compaction after every third document with its own blocks, and chunks of a few ids
    (several chunks per document) or of many: after each step the postings (as a multiset:
    none doubled) and the frequencies are exactly those of a rebuild."""
    monkeypatch.setattr(compaction, "COMPACT_AFTER", 2)
    monkeypatch.setattr(compaction, "CHUNK_BITS", chunk_bits)
    tm.init()
    for (doc,) in sql(tm, "SELECT id FROM document"):  # the last example's documents
        tm.delete_document(doc)
    sql(tm, "DELETE FROM unit_history")
    with tm.session() as s:  # its blocks were cut in chunks of another size
        index_for(tm.engine.dialect.name).rebuild(s)
    rnd = random.Random(seed)
    made: list[str] = []
    compacted = False
    for op in ops:
        step(tm, op, rnd, made)
        assert current_state(tm) == rebuilt_state(tm), f"after {op}"
        compacted |= bool(sql(tm, "SELECT count(*) FROM lookup_block WHERE doc_id = ''")[0][0])
    if ops.count("import") > compaction.COMPACT_AFTER + ops.count("delete") + ops.count("replace"):
        assert compacted, "enough documents were imported for a compaction, and none happened"


def letters(n: int, start: int = 0) -> list[tuple[DocumentData, list[str], list[UnitData]]]:
    """Documents of a few random units and one with 'the' (the commonest word: in each)."""
    rnd = random.Random(start)
    return [(DocumentData(id=f"letter-{k}"), ["en", "ru"], [*units(rnd, f"letter-{k}"), UnitData(
        {"en": VariantData(f"The letter number {k}."), "ru": VariantData(f"Письмо номер {k}.")})])
        for k in range(start, start + n)]


def test_a_word_has_a_bounded_number_of_blocks_and_lookups_find_the_same(tm: TM, monkeypatch) -> None:
    """Forty documents imported one by one: without compaction the commonest word has a
    block in each; with it, at most COMPACT_AFTER documents' blocks plus one per chunk, and
    every lookup returns the same matches as before."""
    monkeypatch.setattr(compaction, "COMPACT_AFTER", 10**9)  # first: never compact
    for doc in letters(40):
        tm.import_documents([doc])
    queries = [t for (t,) in sql(tm, "SELECT text FROM variant WHERE lang = 'en' ORDER BY id")][::7]
    before = [Lookup(TM(tm.url), glossary=False).lookup(q, "en", ["ru"], min_score=50).matches for q in queries]
    commonest = "SELECT max(c) FROM (SELECT count(*) AS c FROM lookup_block GROUP BY term_id) AS t"
    assert sql(tm, commonest) == [(40,)]
    monkeypatch.setattr(compaction, "COMPACT_AFTER", 4)
    monkeypatch.setattr(compaction, "CHUNK_BITS", 5)  # 32 ids a chunk: several chunks
    tm.import_documents(letters(1, start=40))
    chunks = sql(tm, "SELECT max(id) >> 5 FROM variant")[0][0] + 1
    assert sql(tm, "SELECT count(*) FROM lookup_block WHERE doc_id <> ''") == [(0,)]
    assert sql(tm, commonest)[0][0] <= chunks
    for k in range(41, 51):
        tm.import_documents(letters(1, start=k))
        own = sql(tm, "SELECT count(DISTINCT doc_id) FROM lookup_block WHERE doc_id <> ''")[0][0]
        assert own <= 4
        assert sql(tm, commonest)[0][0] <= chunks + 4 + 1
    for k in range(40, 51):
        tm.delete_document(f"letter-{k}")
    after = [Lookup(TM(tm.url), glossary=False).lookup(q, "en", ["ru"], min_score=50).matches for q in queries]
    assert [[(m.doc, m.unit, m.score) for m in ms] for ms in after] == \
        [[(m.doc, m.unit, m.score) for m in ms] for ms in before]
    assert current_state(tm) == rebuilt_state(tm)


def test_a_rebuild_writes_compacted_blocks_only(tm: TM, monkeypatch) -> None:
    monkeypatch.setattr(compaction, "CHUNK_BITS", 3)
    tm.import_documents(letters(5))
    before = current_state(tm)
    with tm.session() as s:
        index_for(tm.engine.dialect.name).rebuild(s)
    assert current_state(tm) == before
    rows = sql(tm, "SELECT DISTINCT doc_id, seq FROM lookup_block ORDER BY seq")
    top = sql(tm, "SELECT max(id) FROM variant")[0][0]
    assert {doc for doc, _ in rows} == {""} and {seq for _, seq in rows} <= set(range(top // 8 + 1))
    assert len({seq for _, seq in rows}) > 1


@pytest.mark.postgresql
def test_a_compaction_is_skipped_while_another_writer_holds_the_blocks(postgres_url: str) -> None:
    """PostgreSQL: an importer holds the blocks in ROW EXCLUSIVE mode; a compaction asked
    for meanwhile is refused at once (not waited for) and its transaction goes on."""
    tm = TM(postgres_url)
    tm.import_documents(letters(2))
    other = TM(postgres_url)
    index = index_for("postgresql")
    with Session(other.engine) as busy:  # an importer in the middle of its document
        index._lock(busy, exclusive=False)
        with Session(tm.engine) as s:
            assert index._lock(s, exclusive=True, wait=False) is False
            assert s.execute(text("SELECT 1")).scalar() == 1  # the transaction goes on
        busy.rollback()
    with Session(tm.engine) as s:
        assert index._lock(s, exclusive=True, wait=False) is True
        s.rollback()
    assert {doc for (doc,) in sql(tm, "SELECT doc_id FROM lookup_block")} == {"letter-0", "letter-1"}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(old=st.sets(st.tuples(st.integers(0, 40), st.integers(0, 2**32 - 1)), max_size=60),
       new=st.sets(st.tuples(st.integers(0, 40), st.integers(0, 2**32 - 1)), max_size=60),
       ratio=st.sampled_from([1, 16, 10**6]))
def test_merge_and_remove_give_the_blob_of_the_postings_left(monkeypatch: pytest.MonkeyPatch, old, new, ratio) -> None:
    """A block's blob with postings spliced in or sorted in (whichever SPLICE_RATIO picks),
    or taken out, is the blob pack() gives for the postings that are left."""
    from tm.index import blocks
    from tm.index.words import pack

    monkeypatch.setattr(blocks, "SPLICE_RATIO", ratio)
    key = lambda p: p[0] << 32 | p[1]  # noqa: E731
    new = new - old
    if not old:
        return
    blob = pack(sorted(map(key, old)))
    assert blocks.merge(blob, sorted(map(key, new))) == pack(sorted(map(key, old | new)))
    gone = set(list(old)[: len(old) // 2]) | new  # some held, some not
    kept, n = blocks.remove(blob, sorted(map(key, gone)))
    assert n == len(old & gone) and kept == (pack(sorted(map(key, old - gone))) if old - gone else b"")
