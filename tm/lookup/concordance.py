"""Concordance: every place a word or phrase occurs, in context, beside its translations.

Inflection-aware: each word of the query stands for its forms in running text
(:func:`tm.morph.word_pattern`, noun and name endings) and, in Russian and Kazakh,
also for the words with the same stem (:func:`tm.morph.stem`: adjectives, and Kazakh
stems the suffix rules miss); so Назарбаев finds Назарбаева (ru) and Назарбаевтың
(kk), политическое преследование finds политическом преследовании. The index
(:meth:`tm.index.base.CandidateIndex.containing`) finds the variants; the phrase is
then matched word by word in each text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from tm.errors import InputError
from tm.index import WordQuery, index_for
from tm.lang import base_language, normalize_tag, pick_tag
from tm.morph import stem, word_pattern
from tm.store import TM
from tm.store.models import Document, Unit, Variant
from tm.textnorm import clean_text, search_form

#: Characters of context on each side of the keyword.
WIDTH = 40
#: Variants checked per page, and at most this many pages per language (then "more").
PAGE = 200
MAX_PAGES = 50
#: Longest phrase, in words.
MAX_WORDS = 10
#: The words of a text as search_form splits them (apostrophes and underscores separate words),
#: so that a query's words and a text's tokens agree ("O'Brien" is o + brien in both).
_WORD = re.compile(r"[^\W_]+")
#: A clitic after a match is shown with it: Nazarbayev's, not Nazarbayev.
_CLITIC = re.compile(r"['’][^\W_]+")


@dataclass(frozen=True)
class Line:
    doc: str
    unit: int
    lang: str
    left: str
    match: str
    right: str
    aligned: dict[str, str]

    def as_dict(self) -> dict[str, object]:
        return {"doc": self.doc, "unit": self.unit, "lang": self.lang, "left": self.left, "match": self.match,
                "right": self.right, "aligned": self.aligned}


@dataclass
class Concordance:
    query: str
    lines: list[Line]
    more: bool

    def as_dict(self) -> dict[str, object]:
        return {"query": self.query, "lines": [line.as_dict() for line in self.lines], "more": self.more}


def word_query(word: str, lang: str) -> WordQuery:
    """The forms of one search-form word: its inflections, and in ru/kk the words of the same stem."""
    pattern = re.compile(word_pattern(word, lang), re.IGNORECASE)
    prefix = word[:-1] if len(word) > 3 else word
    word_stem = None
    if base_language(lang) in ("ru", "kk"):
        word_stem = stem(word, lang)
        prefix = os.path.commonprefix([prefix, word_stem])

    def accepts(w: str) -> bool:
        return bool(pattern.fullmatch(w)) or (word_stem is not None and stem(w, lang) == word_stem)

    return WordQuery(prefix, accepts)


def word_queries(phrase: str, lang: str) -> list[WordQuery]:
    """One :class:`WordQuery` per word of the phrase's search form."""
    return [word_query(word, lang) for word in search_form(phrase).split()]


def find_phrase(text: str, words: Sequence[WordQuery]) -> list[tuple[int, int]]:
    """(start, end) of each place in ``text`` where the words follow one another."""
    tokens = [(m.start(), m.end(), m.group().casefold()) for m in _WORD.finditer(text)]
    spans = []
    for i in range(len(tokens) - len(words) + 1):
        window = tokens[i : i + len(words)]
        if all(w.prefix == t[: len(w.prefix)] and w.accepts(t) for w, (_, _, t) in zip(words, window, strict=True)):
            end = window[-1][1]
            clitic = _CLITIC.match(text, end)
            if clitic and (i + len(words) >= len(tokens) or tokens[i + len(words)][0] == end + 1):
                end = clitic.end()  # the next token is the clitic's word: shown as part of the match
            spans.append((window[0][0], end))
    return spans


def tm_languages(s: Session) -> list[str]:
    langs: dict[str, None] = {}
    for doc_langs in s.execute(select(Document.langs)).scalars():
        langs.update(dict.fromkeys(doc_langs))
    return list(langs)


def concordance(tm: TM, phrase: str, lang: str | None = None, limit: int = 20, width: int = WIDTH) -> Concordance:
    """Keyword-in-context lines for ``phrase`` in ``lang`` (default: every language of the TM)."""
    text = clean_text(phrase)
    if not search_form(text):
        raise InputError("the word or phrase to look for is empty")
    if len(search_form(text).split()) > MAX_WORDS:
        raise InputError(f"a concordance phrase has at most {MAX_WORDS} words")
    if limit < 1:
        raise InputError("--limit must be at least 1")
    tm.require()
    index = index_for(tm.engine.dialect.name)
    lines: list[Line] = []
    more = False
    with Session(tm.engine) as s:
        langs = [normalize_tag(lang)] if lang else tm_languages(s)
        for tag in langs:
            words = word_queries(text, tag)
            after = 0
            for _ in range(MAX_PAGES):
                ids = index.containing(s, words, tag, PAGE, after)
                if not ids:
                    break
                lines.extend(_lines(s, ids, words, tag, width, exact=lang is None))
                if len(lines) > limit:
                    break
                after = ids[-1]
            else:
                more = True  # stopped looking: there may be more
    if len(lines) > limit:
        lines, more = lines[:limit], True
    return Concordance(text, lines, more)


def _lines(
    s: Session, ids: list[int], words: list[WordQuery], lang: str, width: int, exact: bool = False
) -> list[Line]:
    """The lines of variants ``ids`` in what a request for ``lang`` means (:func:`tm.lang.pick_tag`),
    or, with ``exact`` (every language is searched, one tag at a time), in ``lang`` itself."""
    rows = s.execute(
        select(Variant.id, Variant.unit_id, Variant.lang, Variant.text, Unit.doc_id, Unit.position)
        .join(Unit, Unit.id == Variant.unit_id)  # type: ignore[arg-type]
        .where(Variant.id.in_(ids))  # type: ignore[attr-defined]
        .order_by(Variant.id)
    ).all()
    if not rows:
        return []
    aligned: dict[int, dict[str, str]] = {}
    for uid, vlang, vtext in s.execute(
        select(Variant.unit_id, Variant.lang, Variant.text).where(Variant.unit_id.in_({r[1] for r in rows}))  # type: ignore[attr-defined]
    ):
        aligned.setdefault(uid, {})[vlang] = vtext
    out = []
    for _vid, uid, vlang, vtext, doc, pos in rows:
        if vlang != (lang if exact else pick_tag(lang, aligned.get(uid, {vlang: vtext}))):
            continue
        others = {k: v for k, v in aligned.get(uid, {}).items() if k != vlang}
        for a, b in find_phrase(vtext, words):
            left = vtext[max(0, a - width) : a]
            right = vtext[b : b + width]
            out.append(Line(doc, pos, vlang, left, vtext[a:b], right, others))
    return out
