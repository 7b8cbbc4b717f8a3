"""PostgreSQL's candidate index: pg_trgm trigrams of the search form (GIN).

PostgreSQL keeps the GIN index ``ix_variant_search_trgm`` (declared on
:class:`tm.store.models.Variant`, created by migration 0002) up to date by itself, in
the importing transaction, so the store hooks have nothing to do and concurrent
importers never contend for shared index rows (as they would for the document
frequencies of :class:`tm.index.words.WordIndex`).

- Lookup: the variants whose trigram similarity to the query reaches a threshold
  derived from ``--min`` (the ``%`` operator, answered from the GIN index), inside the
  length window, best similarity first; rapidfuzz then scores them as on SQLite.
- Concordance: the variants whose search form contains every query word's prefix
  (``LIKE '%prefix%'``, also answered from the GIN index); the caller checks the text.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from tm.errors import StoreError
from tm.index.base import WordQuery
from tm.index.words import base_lang

#: Trigram similarity (0-1) a candidate must reach, as a share of ``--min``/100. A near
#: repeat at 70% edit similarity keeps well over half its trigrams; the benchmark
#: (bench/lookup_bench.py --backend postgresql) checks recall against a full scan.
SIMILARITY_PER_MIN = 0.5
#: ... and never below this (pg_trgm's own default is 0.3).
MIN_SIMILARITY = 0.2


def ensure_extension(conn: Connection) -> None:
    """Create pg_trgm if it is missing, with a clear message when the role may not."""
    if conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first():
        return
    try:
        with conn.begin_nested():
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except DBAPIError as exc:
        reason = " ".join(str(exc.orig).split())
        raise StoreError(
            "the TM needs the PostgreSQL extension pg_trgm, and this role may not create it "
            f"({reason}): ask the database owner to run 'CREATE EXTENSION pg_trgm;' in this database"
        ) from None


def _like_escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_LANG = "(v.lang = :lang OR v.lang LIKE :lang_prefix)"


class TrigramIndex:
    """The :class:`tm.index.base.CandidateIndex` of PostgreSQL (see the module docstring)."""

    def units_added(self, session: Session, doc_id: str) -> None:
        """Nothing to do: PostgreSQL maintains the GIN index itself."""

    def document_removed(self, session: Session, doc_id: str) -> None:
        """Nothing to do: PostgreSQL maintains the GIN index itself."""

    def is_empty(self, session: Session) -> bool:
        return False  # never needs a first build

    def rebuild(self, session: Session) -> None:
        session.execute(text("REINDEX INDEX ix_variant_search_trgm"))

    def candidates(
        self, session: Session, query: str, lang: str, limit: int, lengths: tuple[int, int] | None = None,
        min_score: float = 70.0,
    ) -> list[int]:
        if not query.strip() or limit <= 0:
            return []
        threshold = max(MIN_SIMILARITY, SIMILARITY_PER_MIN * min_score / 100)
        session.execute(text("SELECT set_config('pg_trgm.similarity_threshold', :t, true)"), {"t": str(threshold)})
        lo, hi = lengths if lengths is not None else (0, 2**31 - 1)
        rows = session.execute(
            text(
                f"SELECT v.id FROM variant v WHERE v.search % :q AND {_LANG} "
                "AND length(v.search) BETWEEN :lo AND :hi "
                "ORDER BY similarity(v.search, :q) DESC, v.id DESC LIMIT :limit"
            ),
            {"q": query, "lang": base_lang(lang), "lang_prefix": base_lang(lang) + "-%", "lo": lo, "hi": hi,
             "limit": limit},
        )
        return [r[0] for r in rows]

    def containing(
        self, session: Session, words_: Sequence[WordQuery], lang: str, limit: int, after: int = 0
    ) -> list[int]:
        if not words_:
            return []
        params: dict[str, object] = {"lang": base_lang(lang), "lang_prefix": base_lang(lang) + "-%",
                                     "after": after, "limit": limit}
        likes = []
        for i, wq in enumerate(words_):
            params[f"w{i}"] = f"%{_like_escape(wq.prefix)}%"
            likes.append(f"v.search LIKE :w{i}")
        rows = session.execute(
            text(
                f"SELECT v.id FROM variant v WHERE {' AND '.join(likes)} AND {_LANG} AND v.id > :after "
                "ORDER BY v.id LIMIT :limit"
            ),
            params,
        )
        return [r[0] for r in rows]
