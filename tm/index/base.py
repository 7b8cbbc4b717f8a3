"""The interface every candidate index implements, whatever the database.

Lookup asks an index for a short list of *candidates* (variant ids likely to be
close to the query) and scores only those; concordance asks for the variants that
contain given word forms. The index follows the store: it is a
:class:`tm.store.hooks.StoreHook`, told about every import and delete inside the
same transaction. SQLite uses :class:`tm.index.sqlite.SqliteWordIndex` (a word table
of the project's own), PostgreSQL :class:`tm.index.pg.PostgresIndex` (the same word
table, with pg_trgm for concordance).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlmodel import Session

from tm.index.candidates import CandidateSet
from tm.store.hooks import VariantFeed


@dataclass(frozen=True)
class WordQuery:
    """One word of a concordance query: its forms start with ``prefix`` (a search form)
    and are those words of the index for which ``accepts`` (given a search-form word) is true."""

    prefix: str
    accepts: Callable[[str], bool]


class CandidateIndex(Protocol):
    def adding(self, session: Session, doc_id: str) -> VariantFeed:
        """A feed that indexes a document's new variants as they are inserted (same transaction)."""

    def document_removed(self, session: Session, doc_id: str) -> None:
        """Forget a document's variants (called before they are deleted, same transaction)."""

    def candidates(
        self, session: Session, query: str, lang: str, limit: int, lengths: tuple[int, int] | None = None
    ) -> list[int]:
        """Up to ``limit`` variant ids in language ``lang`` likely to be close to ``query``
        (a search form, see :func:`tm.textnorm.search_form`), best first. ``lengths`` bounds
        the candidates' search-form length (inclusive), when the caller knows the bounds."""

    def candidate_set(
        self, session: Session, query: str, lang: str, limit: int, lengths: tuple[int, int] | None = None,
        enough: Callable[[list[int]], bool] | None = None,
    ) -> CandidateSet:
        """The candidates with what they cover: every variant in the length window that lacks
        at most ``coverage.max_missing`` of the query's words is among them (see
        :mod:`tm.index.candidates`). ``enough``, when given, is asked about the first
        budget's candidates before the second budget is spent: True means the caller has
        what it needs (an exact match, say) and the first candidates are returned."""

    def containing(
        self, session: Session, words: Sequence[WordQuery], lang: str, limit: int, after: int = 0
    ) -> list[int]:
        """One page of variant ids above ``after`` in ``lang``, in store order, that may contain a
        form of every word (at most ``limit``; the caller checks the text). Page on with
        ``after`` = the last id returned; an empty page means there are no more."""

    def is_empty(self, session: Session) -> bool:
        """True when nothing is indexed (a TM made before the index existed)."""

    def rebuild(self, session: Session) -> None:
        """Drop and rebuild the whole index from the variants."""
