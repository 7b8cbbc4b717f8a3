"""The word index keeps its postings in blocks: ``lookup_block`` replaces ``lookup_posting``.

A block holds one word's postings from up to 100,000 variants of one document, as a blob
(see :func:`tm.index.words.pack`), instead of one row per word occurrence. The index is
derived from the variants, so the upgrade drops the old postings and builds the blocks
from the stored variants, in the same transaction as the rest of the upgrade.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel import Session

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    have = set(sa.inspect(bind).get_table_names())
    if "lookup_posting" in have:
        op.drop_table("lookup_posting")
    if "lookup_block" not in have:  # a TM adopted from before migrations has it already
        _create_blocks()
    # The blocks are built by the index code of this revision (the newest that touches
    # the index's tables): any later change of the layout brings its own migration.
    from tm.index import index_for

    with Session(bind=bind) as s:
        index_for(bind.dialect.name).rebuild(s)
        s.flush()


def _create_blocks() -> None:
    op.create_table(
        "lookup_block",
        sa.Column("term_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("doc_id", sa.String(length=200), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("postings", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("term_id", "doc_id", "seq"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_lookup_block_doc_id", "lookup_block", ["doc_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_lookup_block_doc_id", table_name="lookup_block")
    op.drop_table("lookup_block")
    op.create_table(
        "lookup_posting",
        sa.Column("term_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("length", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("variant_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("term_id", "length", "variant_id"),
        sqlite_with_rowid=False,
    )
    # The old layout is empty after a downgrade: a lookup of that version rebuilds an empty index.
    op.execute("DELETE FROM lookup_term")
