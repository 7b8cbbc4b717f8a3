"""Fixtures shared by the tests.

Every test that takes ``db_url`` (or ``tm``, ``run``) runs twice: on a real SQLite file
and on a real PostgreSQL server. The PostgreSQL leg needs ``TM_TEST_POSTGRES_URL``
(e.g. ``postgresql://postgres@127.0.0.1:5432/test``; `.ci/run` sets it) and is skipped,
with that reason, without it. Each PostgreSQL test gets a schema of its own, dropped
afterwards, so runs do not collide.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool
from typer.testing import CliRunner

from tm.cli import app
from tm.compose import TM
from tm.store.dialect import engine_url

ROOT = Path(__file__).resolve().parents[1]
LETTER = ROOT / "corpora" / "ablyazov-duvanov-2"
POSTGRES_URL = os.environ.get("TM_TEST_POSTGRES_URL", "")
NO_POSTGRES = "TM_TEST_POSTGRES_URL is not set (the PostgreSQL leg needs a server)"


@pytest.fixture(autouse=True)
def _outside_the_project(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs in an empty folder of its own: a command that looks for a project in
    the current folder (``tm glossary add`` writes to ./glossaries/) never finds this one."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


@pytest.fixture(scope="session")
def postgres() -> Iterator[Engine]:
    """An administrative connection to the test server (pg_trgm made available in public)."""
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    engine = create_engine(engine_url(POSTGRES_URL), poolclass=NullPool)
    with engine.begin() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first():
            conn.execute(text("CREATE EXTENSION pg_trgm SCHEMA public"))
    yield engine
    engine.dispose()


def postgres_schema_url(admin: Engine, schema: str) -> str:
    """A URL for the test server whose sessions work in ``schema`` (created here) and name
    themselves after it, so the test's connections can be found and closed."""
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(POSTGRES_URL).update_query_dict(
        {"options": f"-csearch_path={schema},public", "application_name": schema}
    )
    return url.render_as_string(hide_password=False)


def drop_postgres_schema(admin: Engine, schema: str) -> None:
    with admin.begin() as conn:
        conn.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = :a"), {"a": schema}
        )
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def postgres_url(postgres: Engine) -> Iterator[str]:
    """A schema of its own on the PostgreSQL test server, dropped afterwards."""
    schema = f"tm_test_{uuid.uuid4().hex[:12]}"
    yield postgres_schema_url(postgres, schema)
    drop_postgres_schema(postgres, schema)


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A real database per test: a SQLite file, or a schema of its own on PostgreSQL."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'tm.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A SQLite file, for the tests of SQLite itself (WAL, locking, the file on disk)."""
    return f"sqlite:///{tmp_path / 'tm.db'}"


def sql(tm: TM, statement: str, **params: object) -> list[tuple]:
    """Run one SQL statement on the test's database (any backend); the rows it returns."""
    with tm.engine.begin() as conn:
        result = conn.execute(text(statement), params)
        return [tuple(r) for r in result] if result.returns_rows else []


@pytest.fixture
def tm(db_url: str) -> TM:
    return TM(db_url)


@pytest.fixture
def run(db_url: str):
    """Invoke the CLI against the test's database; returns the click Result."""
    runner = CliRunner()

    def invoke(*args: str, **kwargs):
        return runner.invoke(app, ["--db", db_url, *args], catch_exceptions=False, **kwargs)

    return invoke


def write_letter(folder: Path, meta: str | None = None, **texts: str) -> Path:
    """Create a letter folder: write_letter(dir, en="...", ru="...")."""
    folder.mkdir(parents=True, exist_ok=True)
    for lang, text in texts.items():
        (folder / f"{lang}.txt").write_text(text, encoding="utf-8")
    if meta is not None:
        (folder / "meta.toml").write_text(meta, encoding="utf-8")
    return folder


@pytest.fixture
def letter_copy(tmp_path: Path) -> Path:
    """A copy of the project's letter, safe to modify."""
    dest = tmp_path / "corpora" / LETTER.name
    shutil.copytree(LETTER, dest)
    return dest


@pytest.fixture
def pool_sizes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the worker pools (multiprocessing) started during the test."""
    import multiprocessing.pool

    sizes: list[int] = []
    pool_init = multiprocessing.pool.Pool.__init__

    def init(self, processes=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        sizes.append(processes)
        pool_init(self, processes, *args, **kwargs)

    monkeypatch.setattr(multiprocessing.pool.Pool, "__init__", init)
    return sizes
