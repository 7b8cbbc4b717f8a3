"""Making and changing the blocks of the word index (their layout is :mod:`tm.index.tables`).

:class:`BlockBuilder` turns variants into blocks (an import, a rebuild); :func:`merge`
and :func:`remove` change one block's blob in place of unpacking and packing it again,
so a compaction or a delete rewrites a large block of a common word at the cost of
copying its bytes, with work in Python only per posting added or taken out.
"""

from __future__ import annotations

import struct
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence

from tm.errors import StoreError
from tm.lang import base_language
from tm.index.tables import MAX_ID, MAX_WORD_CHARS, pack, unpack
from tm.store.hooks import VariantRow

#: Statement chunk for IN lists and bulk writes.
CHUNK = 500

_U32 = struct.Struct("<I")
#: :func:`merge` splices keys into a block when it holds this many times more postings than
#: are added, and sorts them all together otherwise (where the two cost about the same).
SPLICE_RATIO = 16

#: What :class:`BlockBuilder` hands over: the block's number, its words as (base language,
#: word), and per word its sorted postings ``length << 32 | variant id``.
Writer = Callable[[int, list[tuple[str, str]], list[list[int]]], None]


def words(search: str) -> set[str]:
    """The distinct indexable words of a search form (cut to :data:`MAX_WORD_CHARS`)."""
    ws = set(search.split())
    if ws and max(map(len, ws)) > MAX_WORD_CHARS:  # rare: most forms need no cut
        ws = {w[:MAX_WORD_CHARS] for w in ws}
    return ws


def chunks(items: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class BlockBuilder:
    """Collects the postings of variants, in blocks of at most ``limit`` variants (none:
    the caller flushes), and hands each block to ``write`` (see :data:`Writer`).

    The hot loop of an import: per variant, its search form's set of words, and the
    variant appended to each word's postings (a ``defaultdict`` makes the lists of new words).
    """

    __slots__ = ("_by_tag", "_by_lang", "variants", "seq", "_write", "_limit")

    def __init__(self, write: Writer, limit: int | None = None) -> None:
        self._write = write
        self._limit = limit
        self.seq = 0
        self._reset()

    def _reset(self) -> None:
        self._by_lang: dict[str, defaultdict[str, list[int]]] = {}  # base language -> word -> postings
        self._by_tag: dict[str, Callable[[str], list[int]]] = {}  # lang tag -> its language's lookup
        self.variants = 0

    def add(self, rows: Iterable[VariantRow]) -> None:
        by_tag = self._by_tag
        limit = self._limit
        for vid, lang, search in rows:
            if not search:
                continue
            if vid > MAX_ID or len(search) > MAX_ID:
                raise StoreError(f"variant {vid} is beyond what the lookup index stores (ids and lengths < 2**32)")
            ws = words(search)
            if not ws:  # spaces only: a search form written by hand, not by search_form()
                continue
            postings_of = by_tag.get(lang)
            if postings_of is None:
                postings_of = by_tag[lang] = self._by_lang.setdefault(base_language(lang), defaultdict(list)).__getitem__
            posting = len(search) << 32 | vid
            for w in ws:
                postings_of(w).append(posting)
            self.variants += 1
            if limit is not None and self.variants >= limit:
                self.flush()
                by_tag = self._by_tag

    def flush(self) -> None:
        if self._by_lang:
            keys = [(lang, w) for lang, postings in self._by_lang.items() for w in postings]
            lists = [p for postings in self._by_lang.values() for p in postings.values()]
            for p in lists:
                p.sort()
            self._write(self.seq, keys, lists)
            self.seq += 1
        self._reset()


def postings(rows: Iterable[VariantRow]) -> dict[tuple[str, str], list[int]]:
    """(base language, word) -> the sorted postings of ``rows`` (id, lang tag, search form)."""
    out: dict[tuple[str, str], list[int]] = defaultdict(list)
    for vid, lang, search in rows:
        key = len(search) << 32 | vid
        for w in words(search):
            out[(base_language(lang), w)].append(key)
    for keys in out.values():
        keys.sort()
    return out


def _position(lens: Sequence[int], ids: Sequence[int], key: int) -> int:
    """Where posting ``key`` is or would go in a block (sorted by length, then id)."""
    length, vid = key >> 32, key & MAX_ID
    lo = bisect_left(lens, length)
    hi = bisect_left(lens, length + 1, lo)
    return lo + bisect_left(ids[lo:hi], vid)


def keys_of(blob: bytes) -> list[int]:
    """A block's postings as ``length << 32 | variant id``, sorted."""
    lens, ids = unpack(blob)
    return [length << 32 | vid for length, vid in zip(lens, ids)]


def merge(blob: bytes, keys: Sequence[int]) -> bytes:
    """``blob`` with the sorted postings ``keys`` added (none of them is in it already)."""
    lens, ids = unpack(blob)
    n = len(lens)
    if len(keys) * SPLICE_RATIO >= n:  # many: one sort in C beats a search per key in Python
        return pack(sorted(keys_of(blob) + list(keys)))
    out_lens, out_ids = bytearray(), bytearray()
    prev = 0
    for key in keys:
        at = _position(lens, ids, key)
        out_lens += blob[4 * prev : 4 * at]
        out_ids += blob[4 * (n + prev) : 4 * (n + at)]
        out_lens += _U32.pack(key >> 32)
        out_ids += _U32.pack(key & MAX_ID)
        prev = at
    out_lens += blob[4 * prev : 4 * n]
    out_ids += blob[4 * (n + prev) :]
    return bytes(out_lens + out_ids)


def remove(blob: bytes, keys: Sequence[int]) -> tuple[bytes, int]:
    """``blob`` without those of the sorted postings ``keys`` it holds, and how many it held."""
    lens, ids = unpack(blob)
    n = len(lens)
    gone = []
    for key in keys:
        at = _position(lens, ids, key)
        if at < n and lens[at] == key >> 32 and ids[at] == key & MAX_ID:
            gone.append(at)
    if not gone:
        return blob, 0
    out_lens, out_ids = bytearray(), bytearray()
    prev = 0
    for at in gone:
        out_lens += blob[4 * prev : 4 * at]
        out_ids += blob[4 * (n + prev) : 4 * (n + at)]
        prev = at + 1
    out_lens += blob[4 * prev : 4 * n]
    out_ids += blob[4 * (n + prev) :]
    return bytes(out_lens + out_ids), len(gone)
