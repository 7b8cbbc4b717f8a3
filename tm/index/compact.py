"""Compacted blocks: a word's postings by chunk of variant ids, whatever the documents.

An import writes its document's own blocks (``doc_id`` = the document, see
:mod:`tm.index.words`): importers then never write the same rows, so on PostgreSQL they
run side by side. But a lookup reads every block of a word, and with many small
documents a common word would have one block per document. So the blocks of documents
are merged, now and then, into *compacted* blocks: ``doc_id`` = ``''`` (never a document
id, :mod:`tm.ids`) and ``seq`` = the chunk of variant ids, ``id >> CHUNK_BITS``; one
block per word and chunk, postings sorted as in every block. A lookup then reads at most
:data:`COMPACT_AFTER` documents' blocks of a word plus its compacted ones, whatever the
number of documents. Word frequencies count postings wherever they are, so a compaction
leaves them alone.

A delete or an edit takes its variants' postings out of the compacted blocks of their
chunks (read back from the variants' search forms, which the index always follows) as
well as out of the document's own blocks.

On PostgreSQL whoever rewrites compacted blocks first takes ``lookup_block`` in SHARE ROW
EXCLUSIVE mode, which conflicts with itself and with every writer of the table: two
rewrites of one block cannot interleave and lose postings, and the documents' blocks a
compaction reads are all committed ones. (How that avoids deadlocks: :mod:`tm.index.pg`.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, delete, select, update
from sqlmodel import Session

from tm.index.blocks import chunks, keys_of, merge, postings, remove
from tm.index.tables import BLOCK, MAX_ID, pack, unpack
from tm.store.hooks import VariantRow
from tm.store.models import Unit, Variant

if TYPE_CHECKING:
    from tm.index.words import WordIndex

#: ``doc_id`` of the compacted blocks.
COMPACTED = ""
#: A compacted block holds the postings of a word among ``2**CHUNK_BITS`` consecutive
#: variant ids. The rule: a lookup pays per block row read, a compaction or a delete
#: rewrites whole blocks of the chunks it touches; chunks this size give a common word a
#: few dozen blocks at millions of variants while its block of the newest chunk, rewritten
#: by every compaction, stays small enough to rewrite (figures: docs/lookup.md).
CHUNK_BITS = 17
#: Documents whose own blocks an import leaves before it compacts them all (counted by
#: seeks on ``ix_lookup_block_doc_id``). A lookup reads at most this many documents' blocks
#: of a word besides the compacted ones.
COMPACT_AFTER = 32
#: Postings a compaction holds in memory before it merges them into the compacted blocks.
MERGE_POSTINGS = 2_000_000


def own_documents(session: Session, bound: int) -> int:
    """How many documents have blocks of their own, counted up to ``bound + 1``."""
    n = 0
    for _ in _own_document_ids(session):
        n += 1
        if n > bound:
            break
    return n


def _own_document_ids(session: Session) -> Iterator[str]:
    """The documents that have blocks of their own: one index seek each to the next
    document id, not a scan of their blocks."""
    conn = session.connection()
    after = COMPACTED
    while True:
        row = conn.execute(
            select(BLOCK.c.doc_id).where(BLOCK.c.doc_id > after).order_by(BLOCK.c.doc_id).limit(1)
        ).first()
        if row is None:
            return
        after = row[0]
        yield after


def has_compacted(session: Session) -> bool:
    return session.connection().execute(
        select(BLOCK.c.term_id).where(BLOCK.c.doc_id == COMPACTED).limit(1)
    ).first() is not None


def compact(index: WordIndex, session: Session) -> None:
    """Merge every document's own blocks into the compacted blocks of their chunks and
    delete them. The caller holds the lock (see the module docstring)."""
    pending: dict[tuple[int, int], list[int]] = defaultdict(list)
    held = 0
    for doc_id in list(_own_document_ids(session)):
        blocks = session.connection().execute(
            select(BLOCK.c.term_id, BLOCK.c.postings).where(BLOCK.c.doc_id == doc_id)).all()
        for tid, blob in blocks:
            lens, ids = unpack(blob)
            first, last = min(ids) >> CHUNK_BITS, max(ids) >> CHUNK_BITS
            if first == last:  # the usual case: a document's variants have neighbouring ids
                pending[(tid, first)].extend(keys_of(blob))
            else:
                for length, vid in zip(lens, ids):
                    pending[(tid, vid >> CHUNK_BITS)].append(length << 32 | vid)
            held += len(ids)
            if held >= MERGE_POSTINGS:
                _merge(index, session, pending)
                pending, held = defaultdict(list), 0
    _merge(index, session, pending)
    session.connection().execute(delete(BLOCK).where(BLOCK.c.doc_id > COMPACTED))


def _merge(index: WordIndex, session: Session, pending: dict[tuple[int, int], list[int]]) -> None:
    """Add postings, per (term id, chunk), to the compacted blocks (made when missing)."""
    conn = session.connection()
    new: list[tuple[int, str, int, int, bytes]] = []
    changed: list[dict[str, Any]] = []
    for chunk, tids in _by_chunk(pending):
        for part in chunks(tids):
            found = dict(conn.execute(select(BLOCK.c.term_id, BLOCK.c.postings).where(
                BLOCK.c.doc_id == COMPACTED, BLOCK.c.seq == chunk, BLOCK.c.term_id.in_(part))).all())
            for tid in part:
                keys = sorted(pending[(tid, chunk)])
                old = found.get(tid)
                if old is None:
                    new.append((tid, COMPACTED, chunk, len(keys), pack(keys)))
                else:
                    changed.append({"t": tid, "s": chunk, "b_n": len(old) // 8 + len(keys), "b_p": merge(old, keys)})
    _update(conn, changed)
    if new:
        index._insert_blocks(session, sorted(new))


def _by_chunk(pending: Iterable[tuple[int, int]]) -> Iterator[tuple[int, list[int]]]:
    """The chunks of ``pending`` (term id, chunk) pairs, each with its sorted term ids."""
    out: dict[int, list[int]] = defaultdict(list)
    for tid, chunk in pending:
        out[chunk].append(tid)
    for chunk in sorted(out):
        yield chunk, sorted(out[chunk])


_SAME = (BLOCK.c.term_id == bindparam("t"), BLOCK.c.doc_id == bindparam("d"), BLOCK.c.seq == bindparam("s"))


def _update(conn: Any, changed: list[dict[str, Any]], doc_id: str = COMPACTED) -> None:
    for part in chunks(changed, 5000):
        conn.execute(update(BLOCK).where(*_SAME).values(n=bindparam("b_n"), postings=bindparam("b_p")),
                     [{**c, "d": c.get("d", doc_id)} for c in part])


def take_out(index: WordIndex, session: Session, rows: Sequence[VariantRow], doc_id: str | None = None) -> dict[int, int]:
    """Take the postings of ``rows`` (id, lang, search form as indexed) out of the compacted
    blocks and, given ``doc_id``, out of that document's own blocks; a block left empty is
    deleted. Returns per term id how many postings went (its frequency is not changed here)."""
    wanted = postings(rows)
    ids = index._term_ids(session, sorted(wanted), create=False)
    by_term = {ids[key]: keys for key, keys in wanted.items() if key in ids}
    removed: dict[int, int] = defaultdict(int)
    conn = session.connection()
    pending = {(tid, c): list(ks) for tid, keys in by_term.items()
               for c, ks in groupby(keys, key=lambda k: (k & MAX_ID) >> CHUNK_BITS)}
    blocks: list[tuple[int, str, int, bytes]] = []
    for chunk, tids in _by_chunk(pending):
        for part in chunks(tids):
            blocks.extend((tid, COMPACTED, chunk, blob) for tid, blob in conn.execute(select(
                BLOCK.c.term_id, BLOCK.c.postings).where(
                BLOCK.c.doc_id == COMPACTED, BLOCK.c.seq == chunk, BLOCK.c.term_id.in_(part))))
    if doc_id is not None:
        for part in chunks(sorted(by_term)):
            blocks.extend((tid, doc_id, seq, blob) for tid, seq, blob in conn.execute(select(
                BLOCK.c.term_id, BLOCK.c.seq, BLOCK.c.postings).where(
                BLOCK.c.doc_id == doc_id, BLOCK.c.term_id.in_(part))))
    changed, emptied = [], []
    for tid, doc, seq, blob in blocks:
        keys = pending[(tid, seq)] if doc == COMPACTED else by_term[tid]
        kept, gone = remove(blob, keys)
        if gone:
            removed[tid] += gone
            where = {"t": tid, "d": doc, "s": seq}
            if kept:
                changed.append({**where, "b_n": len(kept) // 8, "b_p": kept})
            else:
                emptied.append(where)
    _update(conn, changed)
    for part in chunks(emptied, 5000):
        conn.execute(delete(BLOCK).where(*_SAME), list(part))
    return removed


def document_variants(session: Session, doc_id: str) -> Iterator[list[VariantRow]]:
    """The document's variants with a search form, in id order, a chunk of ids at a time."""
    rows = session.connection().execute(
        select(Variant.id, Variant.lang, Variant.search)
        .join(Unit, Unit.id == Variant.unit_id)  # type: ignore[arg-type]
        .where(Unit.doc_id == doc_id, Variant.search != "")  # type: ignore[arg-type]
        .order_by(Variant.id)  # type: ignore[arg-type]
    ).all()
    for _, run in groupby(rows, key=lambda r: r[0] >> CHUNK_BITS):
        yield [(vid, lang, search) for vid, lang, search in run]
