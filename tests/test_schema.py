"""The schema's revisions (Alembic): the migrations give the models' schema, an old TM is
upgraded by `tm init`, a newer one is refused; on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel

from tm.errors import StoreError
from tm.store import TM, schema
from tm.store.dialect import engine_url

from .conftest import POSTGRES_URL, sql


def migrate(tm: TM, revision: str) -> None:
    with tm.engine.begin() as conn:
        schema.upgrade(conn, revision)


def test_the_migrations_give_the_schema_of_the_models(tm: TM) -> None:
    migrate(tm, "head")
    with tm.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": schema.include_object(conn.dialect.name)})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_a_new_tm_is_at_the_newest_revision(tm: TM, run) -> None:
    assert run("init").output.startswith("created")
    assert sql(tm, "SELECT version_num FROM alembic_version") == [(schema.head(),)]
    assert run("init").output.startswith("already a TM")


def test_a_newer_tm_is_refused(tm: TM, run) -> None:
    tm.init()
    sql(tm, "UPDATE alembic_version SET version_num = '9999_from_the_future'")
    with pytest.raises(StoreError, match="9999_from_the_future, which is newer than this tm"):
        TM(tm.url).stats()
    result = run("stats")
    assert result.exit_code == 2 and "upgrade tm" in result.output


def test_an_old_tm_is_upgraded_by_init(tm: TM, run) -> None:
    migrate(tm, schema.first())
    with pytest.raises(StoreError, match="run 'tm init' to upgrade it"):
        tm.stats()
    assert run("init").exit_code == 0
    assert tm.stats().documents == 0
    assert sql(tm, "SELECT version_num FROM alembic_version") == [(schema.head(),)]
    indexes = {ix["name"] for ix in inspect(tm.engine).get_indexes("variant")}
    assert ("ix_variant_search_trgm" in indexes) == (tm.engine.dialect.name == "postgresql")


def test_a_tm_made_before_migrations_counts_as_the_first_revision(tm: TM) -> None:
    migrate(tm, schema.first())
    sql(tm, "DROP TABLE alembic_version")
    assert tm.init() is False  # not new: upgraded
    assert sql(tm, "SELECT version_num FROM alembic_version") == [(schema.head(),)]


def test_a_tm_written_before_migrations_is_upgraded_and_indexed(tmp_path, letter_copy) -> None:
    """A real TM of the last release without migrations (tests/data/tm-0b66dda.sql): `tm init`
    gives it the lookup index, built from its units, drops its own version table, and both
    its old units and newly imported ones are found."""
    import sqlite3
    from pathlib import Path

    from typer.testing import CliRunner

    from tm.cli import app
    from tm.lookup import Lookup

    def run(*args: str):  # noqa: ANN202
        return CliRunner().invoke(app, list(args), catch_exceptions=False)

    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    con.executescript((Path(__file__).parent / "data" / "tm-0b66dda.sql").read_text(encoding="utf-8"))
    con.close()
    url = f"sqlite:///{db}"
    assert run("--db", url, "init").exit_code == 0
    old = TM(url)
    assert sql(old, "SELECT version_num FROM alembic_version") == [(schema.head(),)]
    assert "tm_schema" not in inspect(old.engine).get_table_names()
    with old.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": schema.include_object("sqlite")})
        assert compare_metadata(context, SQLModel.metadata) == []
    assert run("--db", url, "import", "letter", str(letter_copy)).exit_code == 0
    found = Lookup(old, glossary=False).lookup("The judge cannot believe this.", "en", ["ru"])
    assert found.matches and found.matches[0].score == 100.0
    assert found.matches[0].doc == "old-letter"


def test_the_upgrade_to_lookup_blocks_indexes_the_stored_units(tm: TM, run, letter_copy) -> None:
    """Revision 0003 replaced one row per posting by blocks: a TM of revision 0002 with
    units gets its blocks built from them by `tm init`, the same as an import gives."""
    from tm.lookup import Lookup

    assert run("import", "letter", str(letter_copy)).exit_code == 0
    imported = sql(tm, "SELECT t.lang, t.term, t.df, b.n FROM lookup_term t JOIN lookup_block b ON b.term_id = t.id "
                       "ORDER BY t.lang, t.term")
    with tm.engine.begin() as conn:
        schema._run(conn, "downgrade", "0002")
    tables = set(inspect(tm.engine).get_table_names())
    assert "lookup_posting" in tables and "lookup_block" not in tables
    assert run("init").exit_code == 0
    assert sql(tm, "SELECT version_num FROM alembic_version") == [(schema.head(),)]
    rebuilt = sql(tm, "SELECT t.lang, t.term, t.df, b.n FROM lookup_term t JOIN lookup_block b ON b.term_id = t.id "
                      "ORDER BY t.lang, t.term")
    assert rebuilt == imported and len(rebuilt) > 1000
    [(sentence,)] = sql(tm, "SELECT text FROM variant WHERE lang = 'en' ORDER BY id LIMIT 1 OFFSET 20")
    found = Lookup(TM(tm.url), glossary=False).lookup(sentence, "en", ["ru"])
    assert found.matches and found.matches[0].score == 100.0


def test_an_import_upgrades_an_old_tm(tm: TM, run, letter_copy) -> None:
    migrate(tm, schema.first())
    assert run("import", "letter", str(letter_copy)).exit_code == 0
    assert tm.stats().documents == 1


@pytest.mark.postgresql
def test_a_role_that_may_not_create_pg_trgm_gets_a_clear_message(postgres) -> None:
    """A fresh database without pg_trgm, and a role with a schema of its own but no right
    to create extensions: `tm init` says what to ask the database owner."""
    name = f"tm_test_noext_{uuid.uuid4().hex[:8]}"
    with postgres.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
        conn.execute(text(f'CREATE ROLE "{name}" LOGIN'))
    try:
        owner_url = make_url(POSTGRES_URL).set(database=name)
        admin = create_engine(engine_url(owner_url.render_as_string(hide_password=False)), poolclass=NullPool)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{name}" AUTHORIZATION "{name}"'))
        admin.dispose()
        url = owner_url.set(username=name).update_query_dict({"options": f"-csearch_path={name}"})
        tm = TM(url.render_as_string(hide_password=False))
        with pytest.raises(StoreError, match="CREATE EXTENSION pg_trgm"):
            tm.init()
        tm.engine.dispose()
        with pytest.raises(StoreError, match="holds no TM yet"):
            TM(tm.url).stats()  # nothing was half-created
    finally:
        with postgres.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'DROP ROLE IF EXISTS "{name}"'))


def test_a_schema_change_that_fails_halfway_leaves_nothing_on_sqlite(tmp_path, monkeypatch) -> None:
    """Python's sqlite3 runs DDL outside transactions unless one is open: the schema lock
    opens one, so tables made before a failure are rolled back with it."""

    def fail(*args: object) -> None:
        raise RuntimeError("the stamp failed")

    db = TM(f"sqlite:///{tmp_path / 'half.db'}")
    monkeypatch.setattr(schema, "_run", fail)  # after create_all has made every table
    with pytest.raises(RuntimeError, match="the stamp failed"):
        db.init()
    assert inspect(db.engine).get_table_names() == []


def test_the_upgrade_to_compacted_blocks_keeps_every_posting(tm: TM, run, letter_copy, monkeypatch) -> None:
    """Revision 0005 compacts the documents' blocks: a TM of revision 0004 with one block
    per word and document (as its imports left them) gets compacted blocks, with the same
    postings and frequencies; a downgrade gives blocks of documents again."""
    from tm.index import compact as compaction

    from .test_compaction import current_state, letters

    monkeypatch.setattr(compaction, "COMPACT_AFTER", 10**9)  # the imports of revision 0004: no compaction
    assert run("import", "letter", str(letter_copy)).exit_code == 0
    for doc in letters(6):
        tm.import_documents([doc])
    before = current_state(tm)
    docs = sql(tm, "SELECT count(DISTINCT doc_id) FROM lookup_block")
    assert docs == [(7,)] and sql(tm, "SELECT count(*) FROM lookup_block WHERE doc_id = ''") == [(0,)]
    sql(tm, "UPDATE alembic_version SET version_num = '0004_unit_review'")
    assert run("init").exit_code == 0
    assert sql(tm, "SELECT version_num FROM alembic_version") == [(schema.head(),)]
    assert sql(tm, "SELECT DISTINCT doc_id FROM lookup_block") == [("",)]
    assert current_state(tm) == before and len(before[0]) > 1000
    migrate_down = tm.engine.begin()
    with migrate_down as conn:
        schema._run(conn, "downgrade", "0004_unit_review")
    assert sql(tm, "SELECT count(DISTINCT doc_id) FROM lookup_block WHERE doc_id <> ''") == docs
    assert current_state(tm) == before
