"""Baseline: the schema as it stood before migrations (documents, units, variants, props,
glossary, the SQL word index).

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('document',
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('titles', sa.JSON(), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('author', sa.String(), nullable=True),
    sa.Column('addressee', sa.String(), nullable=True),
    sa.Column('source', sa.String(), nullable=True),
    sa.Column('notes', sa.String(), nullable=True),
    sa.Column('langs', sa.JSON(), nullable=False),
    sa.Column('origin', sa.String(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('glossary_concept',
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('note', sa.String(), nullable=True),
    sa.Column('case_sensitive', sa.Boolean(), nullable=False),
    sa.Column('scheme', sa.String(length=60), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('lookup_posting',
    sa.Column('term_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('length', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('variant_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.PrimaryKeyConstraint('term_id', 'length', 'variant_id'),
    sqlite_with_rowid=False
    )
    op.create_table('lookup_term',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lang', sa.String(length=35), nullable=False),
    sa.Column('term', sa.String(length=40), nullable=False),
    sa.Column('df', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('lang', 'term', name='uq_lookup_term_lang_term')
    )
    op.create_table('glossary_term',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('concept_id', sa.String(length=200), nullable=False),
    sa.Column('lang', sa.String(length=35), nullable=False),
    sa.Column('text', sa.String(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['concept_id'], ['glossary_concept.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('concept_id', 'lang', 'text', name='uq_glossary_term')
    )
    op.create_index(op.f('ix_glossary_term_concept_id'), 'glossary_term', ['concept_id'], unique=False)
    op.create_table('unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('doc_id', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('paragraph', sa.Integer(), nullable=False),
    sa.Column('bead', sa.String(length=40), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('flags', sa.String(length=200), nullable=False),
    sa.Column('tuid', sa.String(length=200), nullable=True),
    sa.Column('note', sa.String(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['doc_id'], ['document.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('doc_id', 'position', name='uq_unit_doc_position')
    )
    op.create_table('unit_prop',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('lang', sa.String(length=35), nullable=True),
    sa.Column('type', sa.String(length=200), nullable=False),
    sa.Column('value', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_unit_prop_unit_id'), 'unit_prop', ['unit_id'], unique=False)
    op.create_table('variant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('lang', sa.String(length=35), nullable=False),
    sa.Column('text', sa.String(), nullable=False),
    sa.Column('search', sa.String(), nullable=False),
    sa.Column('sentences', sa.Integer(), nullable=False),
    sa.Column('markup', sa.JSON(none_as_null=True), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('unit_id', 'lang', name='uq_variant_unit_lang')
    )
    op.create_index('ix_variant_lang_unit', 'variant', ['lang', 'unit_id'], unique=False)


def downgrade() -> None:
    op.drop_table('variant')
    op.drop_table('unit_prop')
    op.drop_table('unit')
    op.drop_table('glossary_term')
    op.drop_table('lookup_term')
    op.drop_table('lookup_posting')
    op.drop_table('glossary_concept')
    op.drop_table('document')
