"""Which stored variants a lookup scores: a word-count filter whose guarantee is stated.

The rule. Let the query have W distinct words (of its search form). The index reads the
postings of the query's *rarest* words, p of them, inside the length window that the
minimum score allows, and counts for every variant how many of those p words it
contains. It then picks the smallest threshold c for which the variants with a count
of at least c are few enough to score, and scores all of them.

What that guarantees. A variant that lacks at most ``E = p - c + a`` of the query's words
(``a`` is the number of query words the TM does not hold at all, which every variant
lacks) has at least c of the p words read, so it is scored: no stored text in the length
window that differs from the query in at most E words can be missed, whatever the TM's
size or vocabulary. A near repeat with k words substituted or inserted lacks k of the
query's words (a deleted word costs none), so it is scored whenever ``k <= E``. E is
returned with every lookup (:class:`Coverage`), so a caller can see when the guarantee
was narrower than it needed.

What it does not guarantee. Levenshtein similarity is counted in characters, and one
edited character destroys a whole word: a text at 85% can share no word with the query
(every word changed by one letter). No word filter can promise every text at or above
``--min``; neither can a character q-gram filter at a useful cost on a repetitive
vocabulary (docs/lookup.md, *What can be missed*, has the bounds). So the promise is
in words, and E is reported.

Cost, and how much is promised. Every lookup may spend :data:`FIRST`: postings counted
inside the window and read from the database, words read, variants scored. When that
promises less than :data:`WANTED` (the query's words are all common), the lookup goes on
within :data:`MORE`: it reads more words and lowers c while E is below WANTED and the
variants holding c still fit ``MORE.scored``, unless the caller already has what it
needs among the first candidates (the lookup: an exact match, which nothing can beat).
So a query pays for its promise, up to a bound, and the bound, not the TM's size, caps
the work. When even the variants holding
every word read are too many, E is below zero (nothing is promised) and the first
``limit`` of them met are scored.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Budget:
    """What a lookup's candidate step may spend."""

    postings: int  # postings inside the length window counted (the first word is always read)
    blobs: int  # postings read from the database, inside the window or not (blocks are read whole)
    words: int  # words read at most
    scored: int  # variants handed on to be scored


#: What every lookup may spend. E then reaches 3 or more for most queries: a near repeat
#: with up to three words substituted or inserted is then always scored.
FIRST = Budget(postings=20_000, blobs=150_000, words=8, scored=100)
#: The promise every lookup tries to reach (E, see the module docstring).
WANTED = 3
#: What a lookup may spend in all when FIRST promised less than WANTED: more words are
#: read, and the count is lowered while the promise is below WANTED and the variants
#: holding that count still fit ``scored``. Only queries of common words get here; each
#: pays for its own promise, up to this bound.
MORE = Budget(postings=200_000, blobs=1_200_000, words=16, scored=3_000)


@dataclass(frozen=True)
class Coverage:
    """What a lookup's candidate step looked at, and what it guarantees (see the module docstring)."""

    words: int  # W: distinct words of the query
    read: int  # p: the rarest words whose postings were read
    min_shared: int  # c: a variant was scored when it holds at least c of the words read
    max_missing: int  # E = p - c + a: every variant in the window lacking at most E query words was scored
    scored: int  # variants handed on to be scored

    def as_dict(self) -> dict[str, int]:
        return {"words": self.words, "read": self.read, "min_shared": self.min_shared,
                "max_missing": self.max_missing, "scored": self.scored}


@dataclass(frozen=True)
class CandidateSet:
    ids: list[int]
    coverage: Coverage


def empty(words: int) -> CandidateSet:
    """Nothing to score: no query word is in the TM (every variant lacks all W of them)."""
    return CandidateSet([], Coverage(words, 0, 1, words - 1, 0))
