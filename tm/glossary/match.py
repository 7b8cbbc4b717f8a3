"""Finding glossary terms in running text: the whole glossary compiled once per language.

Each term becomes a regular expression for its inflected forms (:func:`tm.morph.forms_pattern`:
Назарбаева, Назарбаевтың, Nazarbayev's), wrapped in word boundaries and, unless its
concept is case-insensitive, kept case-sensitive (a lower-case initial may still be
capitalised, as at a sentence start). Terms are grouped into buckets by the first
letters of their first word that inflection never changes; a bucket is one regex
alternation, longest terms first, tried only where one of its needles (the fixed letters
of a term's first word) starts a word. Finding terms in a text is one scan of the lower-cased
text by an Aho–Corasick automaton of all the needles (pyahocorasick, in C: every
occurrence, overlapping ones included), keeping those that start a word, then one
anchored match per bucket at each of those: the term regexes never scan a text position
by position. Overlapping matches resolve
leftmost-longest, so "alma mater" (if it is a concept) shadows the name Alma at a
sentence start.

Quotes around a term are not part of it: «БТА Банк» matches in «БТА Банка».
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

import ahocorasick

from tm.glossary.records import ConceptData, Status
from tm.lang import base_language
from tm.morph import forms_pattern

#: Bucket key length: the first letters of a term's first word. Longer keys pick fewer
#: buckets per text. A first word with fewer fixed letters (US, ЕС, К+) is keyed by the
#: whole word, which must then stand alone (АҚШ-та and US’s still do).
KEY_LENGTH = 3
_QUOTES = "«»“”„\"'‘’‹›"
_WORD = re.compile(r"\w+")
_APOSTROPHE = re.compile(r"'|’")


class TermMatch(NamedTuple):
    """One occurrence of a glossary term: ``text[start:end] == match.text``."""

    concept_id: str
    start: int
    end: int
    text: str
    status: Status
    term: str  # the glossary term that matched (dictionary form)


@dataclass(frozen=True)
class _Entry:
    concept_id: str
    status: Status
    term: str


def match_form(term: str) -> str:
    """The part of a term that is matched: surrounding quotes dropped."""
    return term.strip().strip(_QUOTES).strip()


def _fixed_letters(word: str, lang: str) -> int:
    """How many leading letters of ``word`` every inflected form keeps (see tm.morph.word_pattern):
    Russian may change the last two letters of a longer word (Европейский -> Европейского),
    Kazakh voices a final к/қ/п (кітап -> кітабы)."""
    n = len(word)
    if lang == "ru":
        return n - (2 if n > 4 else 1 if n > 3 else 0)
    if lang == "kk":
        return n - (1 if n > 2 and word[-1] in "кқп" else 0)
    return n


def _key(form: str, lang: str) -> tuple[str, str]:
    """The bucket key of a term (its first KEY_LENGTH fixed letters, or its whole first
    word if that has fewer), and the needle: all the fixed letters of its first word."""
    first_word = form.split()[0].lower()
    token = _WORD.match(first_word)
    if token is None:
        return "", ""
    tok = token.group(0)
    # the needle may run past the first token: К+ -> "к+", Экс-ан-Прованс -> "экс-ан-прова"
    needle = _APOSTROPHE.split(first_word[: _fixed_letters(first_word, lang)])[0] or tok
    fixed = len(tok) if len(tok) < len(first_word) else _fixed_letters(tok, lang)
    if fixed >= KEY_LENGTH:
        return tok[:KEY_LENGTH], needle if needle.startswith(tok[:KEY_LENGTH]) else tok[:KEY_LENGTH]
    return tok, needle if needle.startswith(tok) else tok


def _term_regex(form: str, lang: str, case_sensitive: bool) -> str:
    pattern = forms_pattern(form, lang)
    if not case_sensitive:
        pattern = f"(?i:{pattern})"
    elif form[0].islower():
        # a lower-case term may open a sentence: «совет директоров» / «Совет директоров»
        pattern = f"(?:{pattern}|{forms_pattern(form[0].upper() + form[1:], lang)})"
    return _APOSTROPHE.sub("['’]", pattern)


@dataclass(frozen=True)
class _Bucket:
    """The terms of one key: one regex, its entries by group number, and the needles (the
    fixed letters of each term's first word, lower-cased) a match starts with."""

    key: str
    regex: re.Pattern[str]
    entries: list[_Entry]
    #: each needle, and whether every term tried at it must start with a capital letter
    #: (a case-sensitive name: "Назарбаев" is not tried where the text has "назарбаев")
    needles: tuple[tuple[str, bool], ...]
    #: prefix keys are KEY_LENGTH long; shorter ones are whole words, which must occur as a
    #: word of the text for the bucket to be tried at all (a field, not a property: read per try)
    whole_word: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "whole_word", len(self.key) != KEY_LENGTH)


def _needles(buckets: Sequence[_Bucket]) -> ahocorasick.Automaton:
    """An automaton of the buckets' needles. A hit's value is (needle length - 1, and per
    bucket with that needle: its number, its regex's match, its key if it is a whole-word
    key, the bucket), so a hit ending at ``end`` starts at ``end - value[0]``."""
    by_needle: dict[str, list[tuple[int, Any, str | None, bool, _Bucket]]] = {}
    for i, bucket in enumerate(buckets):
        for needle, capital in bucket.needles:
            by_needle.setdefault(needle, []).append(
                (i, bucket.regex.match, bucket.key if bucket.whole_word else None, capital, bucket)
            )
    automaton = ahocorasick.Automaton()
    for needle, tries in by_needle.items():
        automaton.add_word(needle, (len(needle) - 1, tuple(tries)))
    automaton.make_automaton()
    return automaton


def _shortest(needles: Iterable[tuple[str, bool]]) -> tuple[tuple[str, bool], ...]:
    """The needles that no other one starts, from (needle, capital) per term: a text position
    where a longer needle occurs holds its shorter prefix too, and one try of the bucket there
    is enough; it needs a capital only if every term tried there does. One needle per term,
    not one per bucket (their common prefix), as a bucket's terms share only the key (ста:
    Станислав, Стамбул): a short needle stands at many word starts that no term does."""
    kept: list[tuple[str, bool]] = []
    for needle, capital in sorted(set(needles)):
        if kept and needle.startswith(kept[-1][0]):
            kept[-1] = (kept[-1][0], kept[-1][1] and capital)
        else:
            kept.append((needle, capital))
    return tuple(kept)


class _LanguageMatcher:
    """All terms of one language, in buckets keyed by their first letters."""

    def __init__(self, concepts: Sequence[ConceptData], lang: str) -> None:
        grouped: dict[str, list[tuple[str, tuple[str, bool], str, _Entry]]] = {}
        for c in concepts:
            for t in c.terms:
                if base_language(t.lang) != lang:
                    continue
                form = match_form(t.text)
                key, needle = _key(form, lang) if form else ("", "")
                if not key:
                    continue
                capital = c.case_sensitive and form[0].isupper()  # its regex starts with that capital
                grouped.setdefault(key, []).append(
                    (form, (needle, capital), _term_regex(form, lang, c.case_sensitive), _Entry(c.id, t.status, t.text))
                )
        self.buckets: list[_Bucket] = []
        for key, items in grouped.items():
            items.sort(key=lambda item: len(item[0]), reverse=True)
            alternatives = "|".join(f"({regex})(?!\\w)" for _, _, regex, _ in items)
            self.buckets.append(_Bucket(
                key, re.compile(f"(?<!\\w)(?:{alternatives})"), [e for *_, e in items],
                _shortest(needle for _, needle, _, _ in items),
            ))
        self.needles = _needles(self.buckets) if self.buckets else None

    def find(self, text: str) -> list[TermMatch]:
        if self.needles is None:
            return []
        lowered = text.lower()
        if len(lowered) != len(text):  # lower() changed the length (e.g. İ): positions would not agree
            return self._scan(text, lowered)
        found: list[TermMatch] = []
        ends: dict[int, int] = {}  # bucket -> end of its last match: a bucket's matches do not overlap
        words: set[str] | None = None  # the text's words, for whole-word keys (rare: made when needed)
        for end, (back, tries) in self.needles.iter(lowered):
            pos = end - back
            if pos:
                before = lowered[pos - 1]
                if before.isalnum() or before == "_":  # inside a word (re's \w)
                    continue
            for i, match, whole_word, capital, bucket in tries:
                if ends and pos < ends.get(i, 0):
                    continue
                if capital and not text[pos].isupper():
                    continue
                if whole_word is not None:
                    if words is None:
                        words = set(_WORD.findall(lowered))
                    if whole_word not in words:
                        continue
                m = match(text, pos)
                if m is not None:
                    ends[i] = m.end()
                    found.append(_term_match(bucket, m))
        return _leftmost_longest(found) if len(found) > 1 else found

    def _scan(self, text: str, lowered: str) -> list[TermMatch]:
        """The slow path, for texts whose lower-casing moves positions: every bucket whose key
        occurs in the text scans the whole text."""
        tokens = set(_WORD.findall(lowered))
        prefixes = {t[:KEY_LENGTH] for t in tokens}
        found = []
        for bucket in self.buckets:
            if bucket.key in (tokens if bucket.whole_word else prefixes):
                found.extend(_term_match(bucket, m) for m in bucket.regex.finditer(text))
        return _leftmost_longest(found)


def _term_match(bucket: _Bucket, m: re.Match[str]) -> TermMatch:
    e = bucket.entries[m.lastindex - 1]  # type: ignore[operator]
    return TermMatch(e.concept_id, m.start(), m.end(), m.group(), e.status, e.term)


def _leftmost_longest(matches: list[TermMatch]) -> list[TermMatch]:
    # the common case: already in order and apart (ends never pass the next start)
    if all(a[2] <= b[1] for a, b in zip(matches, matches[1:])):
        return matches
    matches.sort(key=lambda m: (m.start, m.start - m.end))
    kept: list[TermMatch] = []
    end = -1
    for m in matches:
        if m.start >= end:
            kept.append(m)
            end = m.end
    return kept


class Glossary:
    """A compiled glossary: find its terms in text, list a concept's renderings."""

    def __init__(self, concepts: Sequence[ConceptData]) -> None:
        self.concepts: dict[str, ConceptData] = {c.id: c for c in concepts}
        self._matchers: dict[str, _LanguageMatcher] = {}
        self._answers: dict[tuple[str, str, tuple[Status, ...]], tuple[str, ...]] = {}

    def __len__(self) -> int:
        return len(self.concepts)

    @cached_property
    def langs(self) -> list[str]:
        return sorted({base_language(t.lang) for c in self.concepts.values() for t in c.terms})

    def _matcher(self, lang: str) -> _LanguageMatcher:
        matcher = self._matchers.get(lang)  # by the tag as given, then by its language
        if matcher is None:
            base = base_language(lang)
            if base not in self._matchers:
                self._matchers[base] = _LanguageMatcher(list(self.concepts.values()), base)
            matcher = self._matchers[lang] = self._matchers[base]
        return matcher

    def compile(self) -> Glossary:
        """Compile every language now (otherwise each is compiled on first use)."""
        for lang in self.langs:
            self._matcher(lang)
        return self

    def find(self, text: str, lang: str) -> list[TermMatch]:
        """Occurrences of glossary terms (any status) in ``text``, in order, not overlapping."""
        return self._matcher(lang).find(text)

    @cached_property
    def _by_status(self) -> dict[tuple[str, str, Status], list[str]]:
        out: dict[tuple[str, str, Status], list[str]] = {}
        for c in self.concepts.values():
            for t in c.terms:
                out.setdefault((c.id, base_language(t.lang), t.status), []).append(t.text)
        return out

    def _terms(self, concept_id: str, lang: str, *statuses: Status) -> list[str]:
        """A new list each call (callers may keep or change it); a check run asks often, so the
        answers are kept (by concept, language tag and statuses) and copied."""
        key = (concept_id, lang, statuses)
        found = self._answers.get(key)
        if found is None:
            base = base_language(lang)
            found = self._answers[key] = tuple(
                text for status in statuses for text in self._by_status.get((concept_id, base, status), ())
            )
        return list(found)

    def renderings(self, concept_id: str, lang: str) -> list[str]:
        """The concept's terms in ``lang`` to use: the preferred first, then the admitted ([] if none)."""
        return self._terms(concept_id, lang, Status.preferred, Status.admitted)

    def forbidden(self, concept_id: str, lang: str) -> list[str]:
        return self._terms(concept_id, lang, Status.forbidden)
