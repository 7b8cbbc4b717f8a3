"""PostgreSQL: the pg_trgm extension and a GIN trigram index on the search form.

Concordance uses it to find the variants that contain a word's stem. Fuzzy lookup uses
the word index (lookup_term, lookup_posting) on both databases; SQLite is unchanged.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

from tm.index.pg import ensure_extension

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    ensure_extension(bind)
    op.create_index(
        "ix_variant_search_trgm", "variant", ["search"], unique=False,
        postgresql_using="gin", postgresql_ops={"search": "gin_trgm_ops"},
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_variant_search_trgm", table_name="variant")
