"""Keeping the word index in step with single-unit edits (``tm unit edit``, delete, restore).

An import writes a document's postings in blocks (:mod:`tm.index.words`); an edit
changes a handful of variants, so rewriting the document's blocks would cost as much as
importing it again. Instead the old variants' postings are taken out of the blocks that
hold them (a block left empty is deleted) and the new variants are written as one new
block of the document, with the next block number. Word frequencies follow both ways.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select, update
from sqlmodel import Session

from tm.index.words import BLOCK, TERM, BlockBuilder, WordIndex, base_lang, pack, unpack, words
from tm.store.hooks import VariantRow


def remove_variants(index: WordIndex, session: Session, doc_id: str, rows: Sequence[VariantRow]) -> None:
    """Take the postings of ``rows`` (id, lang, search form as indexed) out of the document's blocks."""
    keys = sorted({(base_lang(lang), w) for _vid, lang, search in rows for w in words(search)})
    if not keys:
        return
    gone = {vid for vid, _lang, _search in rows}
    ids = index._term_ids(session, keys, create=False)
    deltas: list[tuple[int, int]] = []
    for tid in sorted(ids.values()):
        blocks = session.execute(
            select(BLOCK.c.seq, BLOCK.c.postings).where(BLOCK.c.term_id == tid, BLOCK.c.doc_id == doc_id)
        ).all()
        removed = 0
        for seq, blob in blocks:
            lens, vids = unpack(blob)
            kept = [length << 32 | vid for length, vid in zip(lens, vids) if vid not in gone]
            if len(kept) == len(vids):
                continue
            removed += len(vids) - len(kept)
            where = (BLOCK.c.term_id == tid, BLOCK.c.doc_id == doc_id, BLOCK.c.seq == seq)
            if kept:
                session.execute(update(BLOCK).where(*where).values(n=len(kept), postings=pack(sorted(kept))))
            else:
                session.execute(delete(BLOCK).where(*where))
        if removed:
            deltas.append((tid, -removed))
    index._add_df(session, deltas)
    if index.prune_terms and deltas:
        session.execute(delete(TERM).where(TERM.c.id.in_([tid for tid, _ in deltas]), TERM.c.df <= 0))


def add_variants(index: WordIndex, session: Session, doc_id: str, rows: Sequence[VariantRow]) -> None:
    """Index ``rows`` (id, lang, search form) as a new block of the document."""
    last = session.execute(select(func.max(BLOCK.c.seq)).where(BLOCK.c.doc_id == doc_id)).scalar()
    builder = BlockBuilder(lambda seq, keys, postings: index._write_block(session, doc_id, seq, keys, postings))
    builder.seq = 0 if last is None else last + 1
    builder.add(rows)
    builder.flush()
