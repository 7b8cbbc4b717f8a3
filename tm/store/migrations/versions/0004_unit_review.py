"""Correcting the TM by hand: a unit's status, provenance and version, and its history.

``unit`` gains ``status`` (machine, confirmed, approved; existing units are ``machine``),
``version`` (1 for existing units; every change adds one, and a write names the version
it read), ``created_by`` and ``changed_by`` (unknown for existing units). The new table
``unit_history`` keeps the versions a person changed and the units a person deleted.

Revision ID: 0004_unit_review
Revises: 0003
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_unit_review"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE on both databases: a batch (copy) of ``unit`` on SQLite would drop
    # the old table, and with foreign keys on that deletes every variant (ON DELETE CASCADE).
    op.add_column("unit", sa.Column("status", sa.String(length=20), server_default="machine", nullable=False))
    op.add_column("unit", sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    op.add_column("unit", sa.Column("created_by", sa.String(length=200), nullable=True))
    op.add_column("unit", sa.Column("changed_by", sa.String(length=200), nullable=True))
    if "unit_history" in sa.inspect(op.get_bind()).get_table_names():
        return  # a TM adopted from before migrations was given it with the first revision's tables
    op.create_table(
        "unit_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("doc_id", sa.String(length=200), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("op", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("variants", sa.JSON(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("changed_by", sa.String(length=200), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_unit_history_doc_unit", "unit_history", ["doc_id", "unit_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_unit_history_doc_unit", table_name="unit_history")
    op.drop_table("unit_history")
    for column in ("changed_by", "created_by", "version", "status"):  # ALTER TABLE DROP COLUMN (SQLite >= 3.35)
        op.execute(f"ALTER TABLE unit DROP COLUMN {column}")
