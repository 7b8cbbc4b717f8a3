"""Keeping the word index in step with single-unit edits (``tm unit edit``, delete, restore).

An import writes a document's postings in blocks (:mod:`tm.index.words`); an edit
changes a handful of variants, so rewriting the document's blocks would cost as much as
importing it again. Instead the old variants' postings are taken out of the blocks that
hold them, the document's own or the compacted ones (:mod:`tm.index.compact`; a block
left empty is deleted), and the new variants are written as one new block of the
document, with the next block number, which a later compaction merges like any other.
Word frequencies follow both ways.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlmodel import Session

from tm.index.compact import take_out
from tm.index.words import BLOCK, BlockBuilder, WordIndex
from tm.store.hooks import VariantRow


def remove_variants(index: WordIndex, session: Session, doc_id: str, rows: Sequence[VariantRow]) -> None:
    """Take the postings of ``rows`` (id, lang, search form as indexed) out of the index."""
    index._lock(session, exclusive=True)
    if rows:
        index._forget(session, take_out(index, session, rows, doc_id))


def add_variants(index: WordIndex, session: Session, doc_id: str, rows: Sequence[VariantRow]) -> None:
    """Index ``rows`` (id, lang, search form) as a new block of the document."""
    index._lock(session, exclusive=True)
    last = session.execute(select(func.max(BLOCK.c.seq)).where(BLOCK.c.doc_id == doc_id)).scalar()
    builder = BlockBuilder(lambda seq, keys, postings: index._write_block(session, doc_id, seq, keys, postings))
    builder.seq = 0 if last is None else last + 1
    builder.add(rows)
    builder.flush()
    index.compact_if_due(session)
