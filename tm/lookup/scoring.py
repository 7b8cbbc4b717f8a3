"""Match scores as translators know them, with visible penalties, and the diff.

Score = 100 x (1 - Levenshtein distance / length of the longer text), on normalised
text (:mod:`tm.lookup.normalize`): the edit-distance percentage CAT tools show.
Then penalties, each listed with the match:

- every number that differs (in the query but not the match, or the other way round,
  counted as multisets, the larger side) costs :data:`NUMBER_PENALTY` points;
- every name that differs costs :data:`NAME_PENALTY` points: a name (a capitalised word
  not at a sentence start) whose stem does not occur in the other text, matched against
  such a name on the other side; the pairs are counted, so a name only one side has
  costs nothing.

So a 96% match that says 2009 where the query says 2010 shows as 86%: one edited
character is cheap for the edit distance but a wrong date in a translation is not.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from tm.morph import stem

#: Points off per number that differs between query and match.
NUMBER_PENALTY = 10.0
#: Points off per name (capitalised word inside a sentence) that differs.
NAME_PENALTY = 10.0

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_SENTENCE_END = set(".!?…")
_OPENERS = set("«“„\"'‘([")
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def fuzzy(a: str, b: str, cutoff: float = 0.0) -> float:
    """Edit-distance percentage of two normalised texts (0 when below ``cutoff``)."""
    return Levenshtein.normalized_similarity(a, b, score_cutoff=cutoff / 100) * 100


@dataclass(frozen=True)
class Penalty:
    kind: str  # "number" or "name"
    query: list[str]  # what the query has that the match lacks
    match: list[str]  # what the match has that the query lacks
    points: float

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "query": self.query, "match": self.match, "points": self.points}


def numbers(text: str) -> Counter[str]:
    return Counter(_NUMBER.findall(text))


def names(text: str) -> list[str]:
    """Capitalised words that do not start a sentence (names, titles, acronyms)."""
    found = []
    for m in _WORD.finditer(text):
        word = m.group()
        if not word[0].isupper():
            continue
        before = text[: m.start()].rstrip()
        while before and before[-1] in _OPENERS:
            before = before[:-1].rstrip()
        if before and before[-1] not in _SENTENCE_END:
            found.append(word)
    return found


def _missing_names(a: str, b: str, lang: str) -> list[str]:
    """Names of ``a`` whose stem is not the stem of any word of ``b``."""
    stems_b = {stem(w, lang) for w in _WORD.findall(b)}
    return [n for n in dict.fromkeys(names(a)) if stem(n, lang) not in stems_b]


def penalties(query: str, match: str, lang: str) -> list[Penalty]:
    """The number and name penalties of ``match`` (original text) against ``query``."""
    out = []
    q_num, m_num = numbers(query), numbers(match)
    only_q, only_m = sorted((q_num - m_num).elements()), sorted((m_num - q_num).elements())
    if only_q or only_m:
        out.append(Penalty("number", only_q, only_m, NUMBER_PENALTY * max(len(only_q), len(only_m))))
    q_names, m_names = _missing_names(query, match, lang), _missing_names(match, query, lang)
    # A name differs only where the other side has another name in its place: a name on
    # one side alone (the query leaves out the stored sentence's name, or adds one) is
    # text to add or drop, not a wrong name, and the edit distance already counts it.
    differing = min(len(q_names), len(m_names))
    if differing:
        out.append(Penalty("name", q_names, m_names, NAME_PENALTY * differing))
    return out


def final_score(raw: float, found: list[Penalty]) -> float:
    return round(max(0.0, raw - sum(p.points for p in found)), 1)


DiffOp = tuple[str, str]  # ("=", text) same in both, ("-", text) only in the match, ("+", text) only in the query


def diff(query: str, match: str) -> list[DiffOp]:
    """Word-level difference from the matched source to the query (case-insensitive)."""
    q, m = _TOKEN.findall(query), _TOKEN.findall(match)
    ops: list[DiffOp] = []
    sm = difflib.SequenceMatcher(None, [t.casefold() for t in m], [t.casefold() for t in q], autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            ops.append(("=", "".join(m[i1:i2])))
            continue
        if i2 > i1:
            ops.append(("-", "".join(m[i1:i2])))
        if j2 > j1:
            ops.append(("+", "".join(q[j1:j2])))
    return ops


def diff_markup(ops: list[DiffOp], plain: bool = False) -> str:
    """Rich markup: removed text struck through in red, new text in green; with ``plain``
    (no terminal) wdiff-style text instead: ``[-removed-]{+new+}``."""
    from rich.markup import escape

    if plain:
        style = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
        return escape("".join(style[op].format(text) for op, text in ops))
    style = {"=": "{}", "-": "[red strike]{}[/red strike]", "+": "[green]{}[/green]"}
    return "".join(style[op].format(escape(text)) for op, text in ops)
