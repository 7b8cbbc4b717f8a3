"""Paragraph and sentence segmentation for en, ru and kk, fully offline.

Sentences are split with NLTK's Punkt (:mod:`nltk.tokenize.punkt`). The Punkt
parameters ship in ``tm/data/punkt/<lang>.json`` (trained by
``scripts/train_punkt.py`` with NLTK's own ``PunktTrainer``) and are extended by
the curated abbreviation lists in ``tm/data/abbreviations/<lang>.txt``. Nothing
is downloaded: ``nltk.download`` is never called.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer

from tm.textnorm import clean_text

_BLANK_LINE = re.compile(r"\n[ \t\f\v\u00a0]*\n")


class LetterLanguageVars(PunktLanguageVars):
    """Punkt's language variables with the ellipsis character as a sentence end."""

    sent_end_chars = (".", "?", "!", "\u2026")


def _data_text(*parts: str) -> str | None:
    node = resources.files("tm").joinpath("data", *parts)
    return node.read_text(encoding="utf-8") if node.is_file() else None


def _abbreviation_lines(lang: str) -> list[list[str]]:
    text = _data_text("abbreviations", f"{lang}.txt") or ""
    rows = (line.split("#", 1)[0].split() for line in text.splitlines())
    return [row for row in rows if row]


def load_abbreviations(lang: str) -> set[str]:
    """The curated abbreviation list for ``lang`` (lower case, without the final period)."""
    return {row[0].lower().rstrip(".") for row in _abbreviation_lines(lang)}


@lru_cache(maxsize=16)
def _final_abbreviations(lang: str) -> re.Pattern[str] | None:
    """Abbreviations marked ``final`` in the list (etc., т.д., т.б.) can end a sentence:
    followed by a capitalised word, they do."""
    finals = [row[0].rstrip(".") for row in _abbreviation_lines(lang) if "final" in row[1:]]
    if not finals:
        return None
    # "т.д" also matches the spaced spelling "т. д."
    alts = sorted((r"\.\s?".join(map(re.escape, a.split("."))) for a in finals), key=len, reverse=True)
    return re.compile(rf"(?<![^\W\d_])(?:{'|'.join(alts)})\.\s+(?=[\"«“(]?[^\W\d_])", re.IGNORECASE)


@lru_cache(maxsize=16)
def _title_abbreviations(lang: str) -> re.Pattern[str] | None:
    """Abbreviations marked ``title`` (Mr., Dr., проф., им.) stand before a name and never end a sentence."""
    titles = [row[0].rstrip(".") for row in _abbreviation_lines(lang) if "title" in row[1:]]
    if not titles:
        return None
    alts = sorted((r"\.\s?".join(map(re.escape, a.split("."))) for a in titles), key=len, reverse=True)
    return re.compile(rf"(?<![^\W\d_])(?:{'|'.join(alts)})\.$", re.IGNORECASE)


def _rejoin_titles(sentences: list[str], lang: str) -> list[str]:
    pattern = _title_abbreviations(lang)
    if pattern is None:
        return sentences
    out: list[str] = []
    for sent in sentences:
        if out and pattern.search(out[-1]):
            out[-1] = f"{out[-1]} {sent}"
        else:
            out.append(sent)
    return out


def _split_final_abbreviations(sentences: list[str], lang: str) -> list[str]:
    pattern = _final_abbreviations(lang)
    if pattern is None:
        return sentences
    out = []
    for sent in sentences:
        start = 0
        for m in pattern.finditer(sent):
            nxt = sent[m.end() : m.end() + 2].lstrip("\"«“(")
            if nxt[:1].isupper():
                out.append(sent[start : m.end()].strip())
                start = m.end()
        out.append(sent[start:].strip())
    return [s for s in out if s]


def load_parameters(lang: str) -> PunktParameters:
    """Punkt parameters for ``lang``: trained statistics plus the curated abbreviations.

    A language without shipped statistics gets the curated list alone (or nothing),
    which is Punkt's untrained behaviour.
    """
    params = PunktParameters()
    raw = _data_text("punkt", f"{lang}.json")
    if raw:
        data = json.loads(raw)
        params.abbrev_types = set(data["abbrev_types"])
        params.collocations = {tuple(pair) for pair in data["collocations"]}
        params.sent_starters = set(data["sent_starters"])
        for word, flags in data["ortho_context"].items():
            params.ortho_context[word] = flags
    params.abbrev_types |= load_abbreviations(lang)
    return params


@lru_cache(maxsize=16)
def _tokenizer(lang: str) -> PunktSentenceTokenizer:
    return PunktSentenceTokenizer(load_parameters(lang), lang_vars=LetterLanguageVars())


# A sentence that Punkt split off but that goes on in lower case ("“Why?” he asked.",
# "[note—Trans.] is ...") belongs to the sentence before it: in en, ru and kk a
# sentence does not start with a lower-case letter.
_CONTINUES = re.compile(r"^[\"'«“‘(\[—–-]*\s*[^\W\d_]", re.UNICODE)
_HARD_END = re.compile(r"[.?!\u2026][\"'»”’)\]]*$")


def _rejoin_lowercase(sentences: list[str]) -> list[str]:
    out: list[str] = []
    for sent in sentences:
        m = _CONTINUES.match(sent)
        if out and m and m.group(0)[-1].islower() and _HARD_END.search(out[-1]):
            out[-1] = f"{out[-1]} {sent}"
        else:
            out.append(sent)
    return out


# Opening quote -> the quotes that close it (published texts mix straight and curly quotes).
_OPENERS = {"«": "»", "“": "”\"", "„": "“”", '"': '"”', "(": ")", "[": "]"}
_QUOTES = set(_OPENERS) | set("".join(_OPENERS.values()))
#: Quoted speech is kept with the sentence around it when its quote closes within this many sentences.
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


def _rejoin_quotes(sentences: list[str]) -> list[str]:
    """Keep a quotation or a bracketed insertion that Punkt cut at its inner ! ? . together
    with its sentence ("He said: “Oh! It is not so!”" is one sentence), when it closes soon."""
    out: list[str] = []
    k = 0
    while k < len(sentences):
        current = sentences[k]
        stack = _open_quotes(current, [])
        end = k
        if stack:
            probe = stack
            for look in range(k + 1, min(len(sentences), k + MAX_QUOTED_SENTENCES)):
                probe = _open_quotes(sentences[look], probe)
                if not probe:
                    end = look
                    break
        out.append(" ".join(sentences[k : end + 1]))
        k = end + 1
    return out


#: A paragraph-final piece this short without end punctuation ("Part II") is not a sentence.
_MAX_TAIL_WORDS = 3


def _rejoin_tail(sentences: list[str]) -> list[str]:
    """Attach an unpunctuated short tail to the sentence before it: a heading such as
    "Letter to Duvanov. Part II" is one segment."""
    if len(sentences) > 1:
        tail = sentences[-1]
        if len(tail.split()) <= _MAX_TAIL_WORDS and not _HARD_END.search(tail):
            return [*sentences[:-2], f"{sentences[-2]} {tail}"]
    return sentences


def split_sentences(paragraph: str, lang: str) -> list[str]:
    """Split one paragraph into sentences (whitespace tidied, NFC)."""
    text = clean_text(paragraph)
    if not text:
        return []
    base = lang.split("-", 1)[0].lower()
    sentences = [s.strip() for s in _tokenizer(base).tokenize(text)]
    sentences = _split_final_abbreviations(_rejoin_titles(sentences, base), base)
    return _rejoin_tail(_rejoin_quotes(_rejoin_lowercase([s for s in sentences if s])))


def split_paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs; line breaks inside a paragraph become spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = (clean_text(block) for block in _BLANK_LINE.split(text))
    return [p for p in paragraphs if p]


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
