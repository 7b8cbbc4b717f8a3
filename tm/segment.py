"""Paragraph and sentence segmentation for en, ru and kk, fully offline.

Sentences are split with NLTK's Punkt, set up in :mod:`tm.punkt`. The Punkt
parameters ship in ``tm/data/punkt/<lang>.json`` (trained by
``scripts/train_punkt.py`` with NLTK's own ``PunktTrainer``) and are extended by
the curated abbreviation lists in ``tm/data/abbreviations/<lang>.txt``. Nothing
is downloaded and NLTK's data downloader is never used (a test makes it fail and
segments with an empty NLTK data path).

Punkt's boundaries are then corrected by a few rules that hold in all three
languages (each documented below). The rules work on character spans, so a
sentence is always an exact slice of its paragraph: segmentation never changes text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from tm.lang import base_language
from tm.textnorm import tidy_text

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

_BLANK_LINE = re.compile(r"\n[ \t\f\v\u00a0]*\n")
Span = tuple[int, int]


def _data_text(*parts: str) -> str | None:
    node = resources.files("tm").joinpath("data", *parts)
    return node.read_text(encoding="utf-8") if node.is_file() else None


# -- the abbreviation lists ----------------------------------------------------------------

def _abbreviation_lines(lang: str) -> list[list[str]]:
    text = _data_text("abbreviations", f"{lang}.txt") or ""
    rows = (line.split("#", 1)[0].split() for line in text.splitlines())
    return [row for row in rows if row]


def load_abbreviations(lang: str) -> set[str]:
    """The curated abbreviation list for ``lang`` (lower case, without the final period)."""
    return {row[0].lower().rstrip(".") for row in _abbreviation_lines(lang)}


def _flagged(lang: str, flag: str) -> list[str]:
    return [row[0].rstrip(".") for row in _abbreviation_lines(lang) if flag in row[1:]]


def _abbrev_regex(abbrevs: list[str]) -> str:
    # "т.д" also matches the spaced spelling "т. д."
    alts = sorted((r"\.\s?".join(map(re.escape, a.split("."))) for a in abbrevs), key=len, reverse=True)
    return rf"(?<![^\W\d_])(?:{'|'.join(alts)})\."


@lru_cache(maxsize=16)
def _final_abbreviations(lang: str) -> re.Pattern[str] | None:
    """Abbreviations marked ``final`` (etc., т.д., т.б.) close a list and may end a
    sentence: before a capitalised word they do. (A year or century abbreviation,
    г. or ж., is left to Punkt: "в 2014 г. Москва ..." goes on with a name.)"""
    finals = _flagged(lang, "final")
    if not finals:
        return None
    return re.compile(rf"{_abbrev_regex(finals)}\s+(?=[\"«“(]?[^\W\d_])", re.IGNORECASE)


@lru_cache(maxsize=16)
def _title_abbreviations(lang: str) -> re.Pattern[str] | None:
    """Abbreviations marked ``title`` (Mr., Dr., проф., им.) stand before a name and never end a sentence."""
    titles = _flagged(lang, "title")
    return re.compile(rf"{_abbrev_regex(titles)}$", re.IGNORECASE) if titles else None


# -- Punkt ---------------------------------------------------------------------------------

@lru_cache(maxsize=16)
def _tokenizer(lang: str) -> PunktSentenceTokenizer:
    # Rule: nltk is imported here, when the first sentence is split, never at the top of a
    # module the CLI imports. Importing any part of nltk runs its package __init__, which
    # imports scipy: the slowest import tm has (docs/api.md, "Start-up"), and a command
    # that never splits a sentence (tm --help, tm show, tm glossary list) must not pay it.
    from tm.punkt import sentence_tokenizer

    return sentence_tokenizer(lang, load_abbreviations(lang))


# -- corrections to Punkt, on spans ---------------------------------------------------------

# A piece that starts in lower case continues the sentence before it ("“Why?” he asked.",
# "[note—Trans.] is ..."): in en, ru and kk a sentence does not start with a lower-case letter.
_FIRST_WORD = re.compile(r"[\"'«“‘(\[—–\-\s]*([^\W\d_]+)")
_HARD_END = re.compile(r"[.?!\u2026][\"'»”’)\]]*$")


def _merge_where(text: str, spans: list[Span], join: callable) -> list[Span]:  # type: ignore[valid-type]
    out: list[Span] = []
    for span in spans:
        if out and join(text[out[-1][0] : out[-1][1]], text[span[0] : span[1]]):
            out[-1] = (out[-1][0], span[1])
        else:
            out.append(span)
    return out


# Two or more initials ("А.С.", "A. S.") stand before a surname; a numbered-list marker
# ("1.", "2)") at the start of a piece or after a colon or semicolon opens its item.
# (Not after a number: "1100 A.D." is an era, "3:2." and "22:08." a ratio and a time.)
_INITIALS = re.compile(r"(?:^|[(«“\"]|(?<!\d)\s)(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]\.\s?){2,}$")
_LIST_MARKER = re.compile(r"(?:^|(?<!\d)[:;])\s*\(?\d{1,2}[.)]$")


def _opens_a_name_or_item(prev: str, _piece: str) -> bool:
    return bool(_INITIALS.search(prev) or _LIST_MARKER.search(prev))


def _continues_in_lower_case(prev: str, piece: str) -> bool:
    m = _FIRST_WORD.match(piece)
    # a mixed-case first word (pH, iPhone, eBay) does start a sentence
    return bool(m and m.group(1).islower() and _HARD_END.search(prev))


# Opening quote or bracket -> what closes it (published texts mix straight and curly quotes).
_OPENERS = {"«": "»", "“": "”\"", "„": "“”", '"': '"”', "(": ")", "[": "]"}
_QUOTES = set(_OPENERS) | set("".join(_OPENERS.values()))
#: Quoted speech is kept with the sentence around it when its quote closes within this many pieces.
MAX_QUOTED_SENTENCES = 5


def _open_quotes(text: str, stack: list[str]) -> list[str]:
    """Track double quotes of any style and brackets; returns the stack of unclosed openers."""
    stack = list(stack)
    for ch in text:
        if ch not in _QUOTES:
            continue
        if stack and ch in _OPENERS[stack[-1]]:
            stack.pop()
        elif ch in _OPENERS:
            stack.append(ch)
    return stack


# The cut Punkt made inside a quotation ends with an exclamation or question mark.
_EXCLAIMED = re.compile(r"[!?\u2026][\"'»”’)\]]*\s*$")


def _quote_is_one_sentence(text: str, spans: list[Span], first: int, last: int) -> bool:
    """A quotation Punkt cut in pieces is kept in one sentence when the cuts are at
    exclamations or questions (declared: "So what? It is not so!"); a quotation of several sentences
    ended by full stops is that many sentences, as translators segment it (“We won.
    It is over,” he said. is two)."""
    cuts = [text[spans[k][0] : spans[k][1]] for k in range(first, last)]
    return all(_EXCLAIMED.search(piece) for piece in cuts)


def _rejoin_quotes(text: str, spans: list[Span]) -> list[Span]:
    """Keep a bracketed insertion that Punkt cut at its inner ! ? . with its sentence, and a
    quotation of short exclamations ("He said: “Oh! It is not so!”" is one sentence), when
    it closes soon."""
    out: list[Span] = []
    k = 0
    while k < len(spans):
        stack = _open_quotes(text[spans[k][0] : spans[k][1]], [])
        end = k
        if stack:
            opener = stack[0]
            for look in range(k + 1, min(len(spans), k + MAX_QUOTED_SENTENCES)):
                stack = _open_quotes(text[spans[look][0] : spans[look][1]], stack)
                if not stack:
                    bracket = opener in "(["
                    end = look if bracket or _quote_is_one_sentence(text, spans, k, look) else k
                    break
        out.append((spans[k][0], spans[end][1]))
        k = end + 1
    return out


#: A paragraph-final piece this short without end punctuation ("Part II") is not a sentence.
_MAX_TAIL_WORDS = 3


def _rejoin_tail(text: str, spans: list[Span]) -> list[Span]:
    """Attach an unpunctuated short tail to the sentence before it: a heading such as
    "Letter to Duvanov. Part II" is one segment."""
    if len(spans) > 1:
        tail = text[spans[-1][0] : spans[-1][1]]
        if len(tail.split()) <= _MAX_TAIL_WORDS and not _HARD_END.search(tail):
            return [*spans[:-2], (spans[-2][0], spans[-1][1])]
    return spans


def _split_final_abbreviations(text: str, spans: list[Span], lang: str) -> list[Span]:
    pattern = _final_abbreviations(lang)
    if pattern is None:
        return spans
    out: list[Span] = []
    for start, end in spans:
        for m in pattern.finditer(text, start, end):
            nxt = text[m.end() : m.end() + 2].lstrip("\"«“(")
            if nxt[:1].isupper():
                out.append((start, m.end()))
                start = m.end()
        out.append((start, end))
    return out


def _strip(text: str, spans: list[Span]) -> list[Span]:
    out = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append((start, end))
    return out


def split_sentences(paragraph: str, lang: str) -> list[str]:
    """Split one paragraph into sentences (NFC, tidied); each is an exact slice of the paragraph."""
    text = tidy_text(paragraph)
    if not text:
        return []
    base = base_language(lang)
    spans = list(_tokenizer(base).span_tokenize(text))
    titles = _title_abbreviations(base)
    if titles is not None:
        spans = _merge_where(text, spans, lambda prev, _piece: bool(titles.search(prev)))
    spans = _split_final_abbreviations(text, _strip(text, spans), base)
    spans = _merge_where(text, _strip(text, spans), _continues_in_lower_case)
    spans = _merge_where(text, spans, _opens_a_name_or_item)
    spans = _rejoin_tail(text, _rejoin_quotes(text, spans))
    return [text[start:end] for start, end in _strip(text, spans)]


def split_paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs; the lines of a paragraph are joined by one space."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = (" ".join(line.strip() for line in block.split("\n") if line.strip()) for block in _BLANK_LINE.split(text))
    return [p for p in (tidy_text(b) for b in blocks) if p]


@dataclass(frozen=True)
class Segmented:
    """A text split into paragraphs of sentences."""

    lang: str
    paragraphs: list[list[str]]

    @property
    def sentences(self) -> list[str]:
        return [s for para in self.paragraphs for s in para]


def segment(text: str, lang: str) -> Segmented:
    """Paragraphs, then sentences, of one language version of a letter."""
    return Segmented(lang, [split_sentences(p, lang) for p in split_paragraphs(text)])
