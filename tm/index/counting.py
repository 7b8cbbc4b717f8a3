"""Counting a lookup's postings: per variant, how many of the words read it holds.

The rule it serves is in :mod:`tm.index.candidates`. The postings are counted as arrays
(numpy), not one Python object per posting: a query of common words counts hundreds of
thousands of them, and what a posting costs sets the budgets, hence the promise a lookup
can afford. This module is imported by the lookup itself (not at start-up): numpy is only
needed once a query is counted.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tm.index.candidates import WANTED, Budget, CandidateSet, Coverage


def ids_in_window(blob: bytes, lengths: tuple[int, int] | None) -> np.ndarray:
    """The variant ids of a block whose search-form length is within ``lengths``
    (inclusive), without copying: the layout of :func:`tm.index.tables.pack` (n lengths,
    then n ids, unsigned 32-bit little-endian, sorted by length)."""
    n = len(blob) // 8
    ids = np.frombuffer(blob, dtype="<u4", count=n, offset=4 * n)
    if lengths is None:
        return ids
    lens = np.frombuffer(blob, dtype="<u4", count=n)
    lo, hi = lens.searchsorted((lengths[0], lengths[1] + 1))
    return ids[lo:hi]


class Counting:
    """Counts, per variant, the words read so far, within the budgets."""

    def __init__(self) -> None:
        self.words: list[np.ndarray] = []  # per word read: the variant ids inside the window
        self.read = 0
        self.in_window = 0
        self.df_read = 0

    def plan(self, rest: Sequence[tuple[int, int]], budget: Budget) -> list[tuple[int, int]]:
        """The (df, term id) pairs of ``rest`` (rarest first) to read next, in one go, within
        ``budget``; the share of postings inside the window is estimated from the words
        read so far (at least one)."""
        share = (self.in_window + 1) / (self.df_read + 1)
        chosen: list[tuple[int, int]] = []
        in_window, df_read = float(self.in_window), self.df_read
        for df, tid in rest:
            if self.read + len(chosen) >= budget.words or df_read + df > budget.blobs:
                break
            if in_window + df * share > budget.postings:
                break
            chosen.append((df, tid))
            in_window += df * share
            df_read += df
        return chosen

    def add(self, blobs: Sequence[bytes], df: int, lengths: tuple[int, int] | None) -> None:
        """One word's blocks: its postings inside the window are counted (a variant is in
        one block of a word, so the ids of one word are distinct)."""
        parts = [ids_in_window(blob, lengths) for blob in blobs]
        ids = np.concatenate(parts) if parts else np.empty(0, np.uint32)
        self.words.append(ids)
        self.in_window += len(ids)
        self.read += 1
        self.df_read += df

    def select(self, words: int, absent: int, limit: int, more: int = 0) -> CandidateSet:
        """Every variant holding at least c of the words read: c as small as ``limit``
        allows, and lower while E is below WANTED and ``more`` allows."""
        read = self.read
        every = np.concatenate(self.words) if self.words else np.empty(0, np.uint32)  # rarest word's first
        held = _held(self.words, every)  # per posting, how many words read its variant holds
        # A variant holding k words has k postings: k * (variants holding k) postings hold k.
        by_count = np.bincount(held, minlength=read + 1) // np.maximum(np.arange(read + 1), 1)
        threshold, total = read + 1, 0
        for c in range(read, 0, -1):
            total += int(by_count[c])
            wanting = read - threshold + absent < WANTED
            if total > limit and not (wanting and total <= more):
                break
            threshold = c
        top = held >= threshold
        ids, first = np.unique(every[top], return_index=True)
        counts = held[top][first]
        # Room left: the next count down, as met (those holding the rarest words first);
        # while the promise is below WANTED the room is what ``more`` allows.
        room = (max(limit, more) if read - threshold + absent < WANTED else limit) - len(ids)
        if room > 0 and threshold > 1:
            rest = every[held == threshold - 1]
            _, first = np.unique(rest, return_index=True)
            rest = rest[np.sort(first)[:room]]
            ids = np.concatenate([ids, rest])
            counts = np.concatenate([counts, np.full(len(rest), threshold - 1, np.uint8)])
        picked = ids[np.lexsort((-ids.astype(np.int64), -counts.astype(np.int64)))].tolist()  # most held first
        coverage = Coverage(words, read, threshold, read - threshold + absent, len(picked))
        return CandidateSet(picked, coverage)


#: Counts are kept in an array indexed by variant id when the ids read span at most this
#: many ids per posting: filling and reading it costs about as much as the postings then.
#: Ids spread wider (few postings across a large TM) are counted by sorting instead, which
#: costs by the postings alone.
DENSE_PER_POSTING = 256


def _held(words: list[np.ndarray], every: np.ndarray) -> np.ndarray:
    """For each posting of ``every`` (the words' ids, concatenated), how many of ``words``
    hold its variant."""
    if not len(every):
        return np.empty(0, np.uint8)
    low = int(every.min())
    span = int(every.max()) - low + 1
    if span <= DENSE_PER_POSTING * len(every):
        count = np.zeros(span, np.uint8)  # at most MORE.words words are read: < 256
        for ids in words:
            count[ids - low] += 1  # a word's ids are distinct: no increment is lost
        return count[every - low]
    _, where, count = np.unique(every, return_inverse=True, return_counts=True)
    return count[where].astype(np.uint8)
