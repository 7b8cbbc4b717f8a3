"""The name candidates of a text: its capitalised words that may be names.

A *name* is a capitalised word that is not the first word of a sentence, or that
also stands capitalised inside sentences elsewhere (the corpus check decides that:
a candidate that opens a sentence is marked so). Acronyms are not names.
"""

from __future__ import annotations

import re

from tm.lang import base_language

_TOKEN = re.compile(r"[^\W\d_]+(?:[-’'][^\W\d_]+)*|[.!?…:;«»“”\"(]")
_SENTENCE_END = set(".!?…:«“\"(")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


#: A capitalised word of a text: as written; possessive removed (English); the capitalised word
#: right after it (a surname), if any; whether it counts as a name only when known from
#: elsewhere (it opens a sentence and no capitalised word follows it). A plain tuple: a run
#: sends hundreds of thousands of them between processes.
Candidate = tuple[str, str, str | None, bool]


def candidates(lang: str, text: str) -> list[Candidate]:
    """The capitalised words of ``text`` that may be names."""
    english = base_language(lang) == "en"
    if text[1:].islower():
        # no capital after the first character: only the first word may be a name, one that
        # opens a sentence with no capitalised word after it (not an acronym: one capital)
        first = _TOKEN.match(text)
        if first is None or not text[0].isupper():
            return []
        tok = first.group(0)
        return [(tok, without_possessive(tok) if english else tok, None, True)]
    tokens = _TOKEN.findall(text)
    capitalised = [k for k, tok in enumerate(tokens) if tok[0].isupper()]  # punctuation is not
    if not capitalised:
        return []
    last = len(tokens) - 1
    out: list[Candidate] = []
    for k in capitalised:
        tok = tokens[k]
        if len(tok) > 1 and tok.isupper():  # an acronym
            continue
        initial = k == 0 or tokens[k - 1] in _SENTENCE_END  # a word before it is never in _SENTENCE_END
        nxt = tokens[k + 1] if k < last else ""
        capitalised_next = nxt[:1].isupper() and nxt.isalpha()  # "Sergey Duvanov answered."
        word = without_possessive(tok) if english else tok
        following = nxt if capitalised_next and not nxt.isupper() else None
        out.append((tok, word, following, initial and not capitalised_next))
    return out


def without_possessive(word: str) -> str:
    """Nazarbayev's, Nazarbayev’s, the Ivanovs' -> the name."""
    return _POSSESSIVE.sub("", word) if "'" in word or "’" in word else word
