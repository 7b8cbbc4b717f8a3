"""The word index's tables and the layout of a block's postings (see :mod:`tm.index.words`)."""

from __future__ import annotations

import struct
import sys
from array import array
from collections.abc import Sequence

from sqlalchemy import Column, Index, Integer, LargeBinary, String, UniqueConstraint
from sqlmodel import Field, SQLModel

#: Words are indexed and looked up truncated to this many characters.
MAX_WORD_CHARS = 40
#: Variant ids and lengths are stored as unsigned 32-bit numbers.
MAX_ID = 2**32 - 1


class LookupTerm(SQLModel, table=True):
    __tablename__ = "lookup_term"
    __table_args__ = (UniqueConstraint("lang", "term", name="uq_lookup_term_lang_term"),)

    id: int | None = Field(default=None, primary_key=True)
    lang: str = Field(max_length=35, description="base language subtag of the variants (en, ru, kk)")
    term: str = Field(max_length=MAX_WORD_CHARS, description="a word of the search form")
    df: int = Field(default=0, description="how many variants contain the word")


class LookupBlock(SQLModel, table=True):
    __tablename__ = "lookup_block"
    __table_args__ = (Index("ix_lookup_block_doc_id", "doc_id"), {"sqlite_with_rowid": False})

    term_id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    doc_id: str = Field(sa_column=Column(String(200), primary_key=True, autoincrement=False))
    seq: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False),
                     description="the block's number within the document's indexing")
    n: int = Field(description="how many postings the block holds")
    postings: bytes = Field(sa_column=Column(LargeBinary, nullable=False), description="see pack()")

TERM = LookupTerm.__table__
BLOCK = LookupBlock.__table__
# Derived from the variants: `tm copy` leaves them out and the target builds its own index.
TERM.info["derived"] = BLOCK.info["derived"] = True


_LITTLE = sys.byteorder == "little"
_ONE = struct.Struct("<II")


def pack(keys: list[int]) -> bytes:
    """A block's blob from its postings as ``length << 32 | variant id``, sorted.

    The blob is the n lengths, then the n variant ids, each an unsigned 32-bit
    little-endian number: a reader finds a length window by binary search in the first
    half and takes the same slice of the second, with no work per posting in Python.
    """
    if len(keys) == 1:  # most words of a block (a language's rare words)
        return _ONE.pack(keys[0] >> 32, keys[0] & MAX_ID)
    both = array("Q", keys)
    halves = memoryview(both).cast("B").cast("I")
    # In memory a 64-bit key is two 32-bit halves; which comes first depends on the machine.
    high, low = (halves[1::2], halves[0::2]) if _LITTLE else (halves[0::2], halves[1::2])
    out = array("I", high)
    out.extend(array("I", low))
    if not _LITTLE:
        out.byteswap()
    return out.tobytes()


def unpack(blob: bytes) -> tuple[Sequence[int], Sequence[int]]:
    """(lengths, variant ids) of a block, aligned, sorted by length (see :func:`pack`)."""
    values = array("I")
    values.frombytes(blob)
    if not _LITTLE:
        values.byteswap()
    view = memoryview(values)
    n = len(values) // 2
    return view[:n], view[n:]
