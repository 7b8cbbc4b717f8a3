"""Candidate names in running text: what a glossary does not cover and that reads as a name.

A candidate is a run of capitalised words (in English joined also by ``of``, ``of the``,
``for``, ``on``, ``de``: Court of Appeal), an acronym (BTA, АҚШ-та), or a short quoted name
(«Республика», «BTA Bank»). Text that a glossary term matches (in any inflected form) is
masked first: a covered name is never a candidate, and a run stops at a covered word.

Capitals that do not mark a name are set aside: a word whose lower-case form the same
language writes elsewhere (Court/court) is a common word; a unit whose words are mostly
capitalised is a heading (Open Letter to…); a word at a sentence start is capitalised by
position. Those occurrences are kept but flagged, and :mod:`tm.glossary.suggest.names`
accepts a name only on evidence from a plain occurrence or from another language.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from babel import Locale

from tm.glossary.match import Glossary, TermMatch
from tm.glossary.records import ConceptType, Status
from tm.morph import word_pattern
from tm.segment import load_abbreviations

_TOKEN = re.compile(r"[^\W\d_][\w]*(?:[-‐'’][^\W\d_]\w*)*|\d+")
_QUOTED = re.compile(r"[«“„\"]([^«»“”„\"\n]{1,80})[»”“\"]")
_STOP = re.compile(r"[.!?…:;]")
_FINAL_PUNCTUATION = re.compile(r"[.!?…:;,][\s»”\"’)\]]*$")
_POSSESSIVE = re.compile(r"['’]s?$")
_ROMAN = re.compile(r"^[IVXLCDM]+$")
#: lower-case words that may join capitalised words into one English name
_EN_JOINERS = {"of": ("the",), "for": ("the",), "on": (), "de": (), "du": (), "la": ()}
#: a unit without final punctuation is a heading when at least this share of its words (of 4+
#: letters) is capitalised
HEADING_SHARE = 0.6
MAX_QUOTED_WORDS = 3


@dataclass(frozen=True)
class Occurrence:
    """One candidate name as written in one unit: ``words`` are its words (surface forms)."""

    doc: str
    unit: int
    lang: str
    words: tuple[str, ...]
    quoted: bool = False
    #: capitalised by position or style only (sentence start, heading): weak evidence
    weak: bool = False
    #: the word before it, lower-cased ('' at the start): a preposition hints at a place
    before: str = ""
    #: a glossary person's surname right after it: (dictionary form, as written)
    then: tuple[str, str] | None = None

    @property
    def text(self) -> str:
        return " ".join(self.words)


@lru_cache(maxsize=8)
def not_names(lang: str) -> re.Pattern[str] | None:
    """The words of ``tm/data/suggest/not-names.toml`` for ``lang``, in any inflected form."""
    data = tomllib.loads(resources.files("tm").joinpath("data/suggest/not-names.toml").read_text(encoding="utf-8"))
    words = data.get(lang, [])
    if not words:
        return None
    pattern = "|".join(f"(?:{word_pattern(w, lang)})" for w in words)
    return re.compile(pattern.replace("'", "['’]"), re.IGNORECASE)


@lru_cache(maxsize=8)
def calendar_words(lang: str) -> frozenset[str]:
    """Month and day names (babel's locale data): capitalised in English, never names."""
    try:
        locale = Locale.parse(lang)
    except Exception:  # noqa: BLE001 - babel raises several kinds for unknown locales
        return frozenset()
    words: set[str] = set()
    for table in (locale.months, locale.days):
        for context in table.values():
            for width in context.values():
                words.update(str(w).lower() for w in width.values())
    return frozenset(words)


def _is_acronym(word: str) -> bool:
    head = re.split(r"[-‐'’]", word)[0]
    letters = [c for c in head if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and not _ROMAN.match(head)


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and word[:1].isalpha()


def is_heading(tokens: Sequence[str], text: str) -> bool:
    """A title line: no sentence punctuation at its end, and most of its longer words capitalised."""
    if _FINAL_PUNCTUATION.search(text):
        return False
    long_words = [t for t in tokens if len(t) >= 4 and t[0].isalpha()]
    if len(long_words) < 2:
        return False
    return sum(1 for t in long_words if t[0].isupper()) / len(long_words) >= HEADING_SHARE


def vocabulary(texts: Iterable[str]) -> tuple[set[str], set[str]]:
    """The words a language writes in lower case (its common words), and those it writes with
    a capital where no sentence starts (the words of names)."""
    lower: set[str] = set()
    capital: set[str] = set()
    for t in texts:
        tokens = _tokens(t, [], frozenset())
        if is_heading([tok.text for tok in tokens], t):
            continue
        for tok in tokens:
            if tok.text[:1].islower():
                lower.add(tok.text)
            elif not tok.sentence_start:
                capital.add(tok.text)
    return lower, capital


@dataclass
class _Token:
    text: str
    start: int
    end: int
    covered: bool
    sentence_start: bool
    #: only white space between this token and the one before
    spaced: bool


def _not_a_name(word: str, text: str, start: int, end: int, abbreviations: frozenset[str],
                never: re.Pattern[str] | None = None) -> bool:
    """A token that cannot be (part of) a name: one letter, a Roman numeral, a piece of a web
    or mail address (Kplus-tv.net), an abbreviation with its full stop (Прим.), a word of
    ``never`` (the polite pronoun Вы)."""
    if len(word) < 2 or _ROMAN.match(word) or (never is not None and never.fullmatch(word)):
        return True
    after = text[end:end + 2]
    if start and text[start - 1] in "./@" or (after[:1] in "./@" and after[1:2].isalnum()):
        return True
    return after[:1] == "." and word.lower() in abbreviations


def _tokens(text: str, covered: list[tuple[int, int]], abbreviations: frozenset[str],
            never: re.Pattern[str] | None = None) -> list[_Token]:
    """The words of ``text``; a sentence starts at the text's first word and after sentence
    punctuation (. ! ? … : ;) between two words, whatever quotes or dashes stand with it."""
    out: list[_Token] = []
    previous_end = 0
    spans = sorted(covered)
    k = 0
    for m in _TOKEN.finditer(text):
        s, e = m.start(), m.end()
        while k < len(spans) and spans[k][1] <= s:
            k += 1
        inside = (k < len(spans) and spans[k][0] < e) or _not_a_name(m.group(0), text, s, e, abbreviations, never)
        gap = text[previous_end:s]
        start_of_sentence = not out or bool(_STOP.search(gap))
        out.append(_Token(m.group(0), s, e, inside, start_of_sentence, bool(out) and gap.isspace()))
        previous_end = e
    return out


class Extractor:
    """Finds candidate names in the units of one language."""

    def __init__(self, lang: str, glossary: Glossary, lower_words: set[str], capital_words: set[str]) -> None:
        self.lang = lang
        self.glossary = glossary
        self.lower = lower_words
        #: words written with a capital where no sentence starts (a name's words, in any unit)
        self.capital = capital_words
        self.calendar = calendar_words(lang)
        self.abbreviations = frozenset(load_abbreviations(lang))

    def common(self, word: str) -> bool:
        """A capitalised word the language also writes in lower case, or a month or day name."""
        low = word.lower()
        bare = re.sub(r"['’]s?$", "", low)
        return low in self.lower or bare in self.lower or low in self.calendar or bare in self.calendar

    def occurrences(self, doc: str, unit: int, text: str) -> list[Occurrence]:
        matches = self._matches(text)
        covered = [(m.start, m.end) for m in matches]
        tokens = _tokens(text, covered, self.abbreviations, not_names(self.lang))
        heading = is_heading([t.text for t in tokens], text)
        found: list[Occurrence] = []
        quoted_spans: list[tuple[int, int]] = []
        for m in _QUOTED.finditer(text):
            inner = m.group(1).strip()
            words = tuple(inner.rstrip(".,;:!?…").split())  # as written: «K+» keeps its plus
            if not words or len(words) > MAX_QUOTED_WORDS or not _capitalised(words[0]):
                continue
            if any(a < m.end() and m.start() < b for a, b in covered):
                continue
            quoted_spans.append((m.start(), m.end()))
            found.append(Occurrence(doc, unit, self.lang, words, quoted=True, weak=heading,
                                    before=_word_before(tokens, m.start())))
        for run in self._runs(tokens):
            if any(a <= run[0].start and run[-1].end <= b for a, b in quoted_spans):
                continue
            for occ in self._occurrence(doc, unit, run, tokens, heading):
                then = self._surname_after(text, run[-1].end, matches) if run[-1].text == occ.words[-1] else None
                found.append(replace(occ, then=then) if then else occ)
        return found

    def _matches(self, text: str) -> list[TermMatch]:
        return self.glossary.find(text, self.lang) if len(self.glossary) else []

    def _surname_after(self, text: str, end: int, matches: list[TermMatch]) -> tuple[str, str] | None:
        """A person's short form (a surname alone, admitted) right after ``end``: (its dictionary
        form, as written). Tony Blair is not the judge Blair (see :func:`absorb_surnames`)."""
        for m in matches:
            if m.start == end + 1 and text[end] == " " and m.status is Status.admitted and " " not in m.text:
                if self.glossary.concepts[m.concept_id].type is ConceptType.person and m.text[:1].isupper():
                    return m.term, m.text
        return None

    def _runs(self, tokens: list[_Token]) -> list[list[_Token]]:
        runs: list[list[_Token]] = []
        current: list[_Token] = []
        i = 0
        while i < len(tokens):
            t = tokens[i]
            if not t.covered and _capitalised(t.text):
                if current and (t.sentence_start or not t.spaced or _POSSESSIVE.search(current[-1].text)):
                    runs.append(current)
                    current = []
                current.append(t)
                i += 1
                continue
            joined = self._joiner(tokens, i) if current else 0
            if joined:
                current.extend(tokens[i:i + joined])
                i += joined
                continue
            if current:
                runs.append(current)
                current = []
            i += 1
        if current:
            runs.append(current)
        return [_trim_joiners(r) for r in runs]

    def _joiner(self, tokens: list[_Token], i: int) -> int:
        """How many lower-case joiner tokens at ``i`` link two capitalised words (0: none)."""
        if self.lang != "en":
            return 0
        word = tokens[i].text
        if word not in _EN_JOINERS:
            return 0
        n = 1
        if i + 1 < len(tokens) and tokens[i + 1].text in _EN_JOINERS[word]:
            n = 2
        nxt = tokens[i + n] if i + n < len(tokens) else None
        if nxt is None or nxt.covered or not _capitalised(nxt.text) or nxt.sentence_start:
            return 0
        if not all(t.spaced for t in tokens[i:i + n + 1]):
            return 0
        return n

    def _occurrence(
        self, doc: str, unit: int, run: list[_Token], tokens: list[_Token], heading: bool
    ) -> list[Occurrence]:
        if len(run) > 1 and run[0].sentence_start and run[0].text not in self.capital:
            run = run[1:]  # Однако Астана: the first word is capitalised by position only
        words = [t.text for t in run]
        # a capitalised common word at the end is not part of the name (the Western Courts), nor
        # is one left alone; one that opens a longer name is (Great Britain)
        while words and (self.common(words[-1]) and not _is_acronym(words[-1]) or words[-1] in _EN_JOINERS):
            words.pop()
            run = run[:-1]
        if not words or len(words) == 1 and self.common(words[0]) and not _is_acronym(words[0]):
            return []
        weak = heading or (run[0].sentence_start and len(words) == 1 and words[0] not in self.capital)
        return [Occurrence(doc, unit, self.lang, tuple(words), weak=weak, before=_word_before(tokens, run[0].start))]


def _trim_joiners(run: list[_Token]) -> list[_Token]:
    while run and not _capitalised(run[-1].text):
        run = run[:-1]
    return run


def _word_before(tokens: list[_Token], start: int) -> str:
    before = [t for t in tokens if t.end <= start]
    return before[-1].text.lower() if before else ""


def absorb_surnames(occurrences: list[Occurrence]) -> list[Occurrence]:
    """A name written only ever right before one glossary person's surname is a first name of
    another person with that surname (Tony before the judge's Blair): the surname joins it."""
    afters: dict[tuple[str, ...], set[str | None]] = {}
    for o in occurrences:
        afters.setdefault(o.words, set()).add(o.then[0] if o.then and not o.weak else None)
    out = []
    for o in occurrences:
        if o.then and afters[o.words] == {o.then[0]}:
            out.append(replace(o, words=(*o.words, o.then[1]), then=None))
        else:
            out.append(o)
    return out
