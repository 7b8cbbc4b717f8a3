"""The word index keeps a word's postings by chunk of variant ids: its documents' blocks are compacted.

Blocks of ``doc_id`` ``''`` hold a word's postings among one chunk of variant ids,
whatever the documents (see :mod:`tm.index.compact`); an import compacts the blocks of
documents now and then. A TM of revision 0004 has one block per word and document, so
the upgrade compacts them all, in the same transaction as the rest of the upgrade. No
table changes.

Revision ID: 0005_lookup_compact
Revises: 0004_unit_review
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op
from sqlmodel import Session

revision = "0005_lookup_compact"
down_revision = "0004_unit_review"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from tm.index import index_for
    from tm.index.words import WordIndex

    bind = op.get_bind()
    index = index_for(bind.dialect.name)
    assert isinstance(index, WordIndex)
    with Session(bind=bind) as s:
        index.compact(s)
        s.flush()


def downgrade() -> None:
    """Revision 0004's code finds a document's postings by its ``doc_id`` alone: the
    blocks are written again as blocks of documents (the words and frequencies stay)."""
    from itertools import groupby

    import sqlalchemy as sa

    from tm.index import index_for
    from tm.index.blocks import BlockBuilder
    from tm.index.words import BLOCK, BLOCK_VARIANTS, WordIndex

    bind = op.get_bind()
    index = index_for(bind.dialect.name)
    assert isinstance(index, WordIndex)
    rows = bind.execute(sa.text(
        "SELECT v.id, v.lang, v.search, u.doc_id FROM variant v JOIN unit u ON u.id = v.unit_id "
        "WHERE v.search <> '' ORDER BY u.doc_id, v.id"
    )).all()
    with Session(bind=bind) as s:
        s.execute(sa.delete(BLOCK))
        for doc_id, run in groupby(rows, key=lambda r: r[3]):
            builder = BlockBuilder(_writer(index, s, doc_id), BLOCK_VARIANTS)
            builder.add((vid, lang, search) for vid, lang, search, _ in run)
            builder.flush()
        s.flush()


def _writer(index, session, doc_id):  # noqa: ANN001, ANN202
    from tm.index.words import pack

    def write(seq: int, keys: list[tuple[str, str]], postings: list[list[int]]) -> None:
        ids = index._term_ids(session, keys, create=False)
        index._insert_blocks(session, sorted(
            (ids[k], doc_id, seq, len(p), pack(p)) for k, p in zip(keys, postings, strict=True)))
    return write
