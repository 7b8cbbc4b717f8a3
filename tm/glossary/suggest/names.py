"""One language's names: inflected forms grouped under a dictionary form, spelling variants
under one name, and a surname (or a short form) alone under the full name it belongs to."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from tm.glossary.suggest.extract import Occurrence
from tm.glossary.suggest.forms import KK_POSSESSIVE, choose, lemma_candidates
from tm.translit import same_name, spelling_keys

UnitId = tuple[str, int]
#: a short form joins a full name only if the full name has at most this many words
MAX_SHORT_OF = 3


@dataclass
class Name:
    """One name in one language, as attested: its occurrences by spelling."""

    lang: str
    #: spelling (dictionary form, word tuple) -> its attested surface forms with counts
    spellings: dict[tuple[str, ...], Counter[tuple[str, ...]]]
    occurrences: list[Occurrence]
    #: short forms (a surname alone) -> their surface forms
    short: dict[tuple[str, ...], Counter[tuple[str, ...]]] = field(default_factory=dict)

    @property
    def units(self) -> set[UnitId]:
        return {(o.doc, o.unit) for o in self.occurrences}

    @property
    def docs(self) -> set[str]:
        return {o.doc for o in self.occurrences}

    @property
    def count(self) -> int:
        return len(self.occurrences)

    @property
    def weak(self) -> bool:
        """Capitalised only where any word would be (sentence starts, headings)."""
        return all(o.weak for o in self.occurrences)

    @property
    def quoted(self) -> bool:
        return any(o.quoted for o in self.occurrences)

    def ranked_spellings(self) -> list[tuple[str, ...]]:
        return sorted(self.spellings, key=lambda s: (-sum(self.spellings[s].values()), " ".join(s)))

    @cached_property
    def word_candidates(self) -> list[frozenset[str]]:
        """Per word of the longest spelling, every possible dictionary form of what is attested."""
        size = max(len(s) for s in self.spellings)
        out: list[set[str]] = [set() for _ in range(size)]
        for forms in self.spellings.values():
            for form in forms:
                if len(form) == size:
                    for i, w in enumerate(form):
                        out[i] |= lemma_candidates(w, self.lang)
        return [frozenset(s) for s in out]

    def rechoose(self, keys: Counter[str]) -> None:
        """Choose the dictionary forms again, preferring spellings whose keys the other languages share."""
        self.spellings = _respell(self.spellings, self.lang, keys)
        self.short = _respell(self.short, self.lang, keys)
        self.__dict__.pop("word_candidates", None)


def _respell(groups: dict[tuple[str, ...], Counter[tuple[str, ...]]], lang: str, keys: Counter[str]
             ) -> dict[tuple[str, ...], Counter[tuple[str, ...]]]:
    out: dict[tuple[str, ...], Counter[tuple[str, ...]]] = {}
    for forms in groups.values():
        out.setdefault(choose(forms, lang, keys), Counter()).update(forms)
    return out


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return list(out.values())


def _same_lemma(a: tuple[str, ...], b: tuple[str, ...], lang: str) -> bool:
    return len(a) == len(b) and all(lemma_candidates(x, lang) & lemma_candidates(y, lang) for x, y in zip(a, b))


def _same_spelling(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return len(a) == len(b) and all(x == y or same_name(x, y) for x, y in zip(a, b))


def _form_buckets(words: tuple[str, ...]) -> set[tuple[int, str]]:
    # the forms of a word and its dictionary forms share its first two letters
    return {(len(words), words[0][:2])}


def _spelling_buckets(words: tuple[str, ...]) -> set[tuple[int, str]]:
    # spellings of one name share the first letter of a spelling key (see tm.translit.key)
    return {(len(words), key[:1]) for key in spelling_keys(words[0])}


def _close_pairs(items: Sequence[tuple[str, ...]], buckets: Callable[[tuple[str, ...]], set[tuple[int, str]]]
                 ) -> list[tuple[int, int]]:
    """The pairs of items (indexes) that share a bucket: only those can be forms or spellings
    of one name, so the others are never compared."""
    by_bucket: dict[tuple[int, str], list[int]] = {}
    for i, item in enumerate(items):
        for b in buckets(item):
            by_bucket.setdefault(b, []).append(i)
    return sorted({(a, b) for members in by_bucket.values() for k, a in enumerate(members) for b in members[k + 1:]})


def group_names(occurrences: Sequence[Occurrence], lang: str) -> list[Name]:
    """The names of one language: forms -> dictionary forms -> spelling variants -> short forms."""
    surfaces = sorted({o.words for o in occurrences})
    forms = _Union(len(surfaces))
    for i, j in _close_pairs(surfaces, _form_buckets):
        if _same_lemma(surfaces[i], surfaces[j], lang):
            forms.join(i, j)
    counts = Counter(o.words for o in occurrences)
    lemmas: list[tuple[tuple[str, ...], Counter[tuple[str, ...]]]] = []
    for group in forms.groups():
        group_forms = Counter({surfaces[i]: counts[surfaces[i]] for i in group})
        lemmas.append((choose(group_forms, lang), group_forms))
    variants = _Union(len(lemmas))
    for i, j in _close_pairs([lemma for lemma, _ in lemmas], _spelling_buckets):
        if _same_spelling(lemmas[i][0], lemmas[j][0]):
            variants.join(i, j)
    by_surface = {o.words: [] for o in occurrences}  # type: dict[tuple[str, ...], list[Occurrence]]
    for o in occurrences:
        by_surface[o.words].append(o)
    names = []
    for group in variants.groups():
        spellings: dict[tuple[str, ...], Counter[tuple[str, ...]]] = {}
        occ: list[Occurrence] = []
        for i in group:
            lemma, group_forms = lemmas[i]
            spellings.setdefault(lemma, Counter()).update(group_forms)
            for f in group_forms:
                occ.extend(by_surface[f])
        names.append(Name(lang, spellings, occ))
    return _attach_short_forms(names)


def _attach_short_forms(names: list[Name]) -> list[Name]:
    """A one-word name that is a word of exactly one longer name (a surname alone) is a short
    form of it, if that longer name is not quoted and all its words are capitalised."""
    long_names = [n for n in names if max(len(s) for s in n.spellings) > 1 and not n.quoted and not n.weak]
    kept: list[Name] = []
    for n in names:
        if max(len(s) for s in n.spellings) != 1 or n.quoted:
            kept.append(n)
            continue
        owners = [m for m in long_names if _holds(m, n)]
        if len(owners) != 1:
            kept.append(n)
            continue
        owner = owners[0]
        for spelling, forms in n.spellings.items():
            owner.short.setdefault(spelling, Counter()).update(forms)
        owner.occurrences.extend(n.occurrences)
    return kept


def _holds(full: Name, short: Name) -> bool:
    words = next(iter(short.spellings))
    if len(full.word_candidates) > MAX_SHORT_OF:
        return False
    if not all(w[:1].isupper() for s in full.spellings for w in s):
        return False
    candidates = short.word_candidates[0]
    return any(candidates & position for position in full.word_candidates) or any(
        same_name(words[0], w) for s in full.spellings for w in s
    )


def split_joined(occurrences: Sequence[Occurrence], lang: str) -> list[Occurrence]:
    """Two names written side by side read as one run (Kazakhstan Nazarbayev, МВД Великобритании,
    Ресей Украинадан Қырымды): a Kazakh run is split after a word with a case suffix (only
    the last word of a Kazakh name declines); a run written once is split where each part
    is written as a name of its own elsewhere (the first part may be an acronym instead)."""
    counts = Counter(o.words for o in occurrences)
    alone: dict[int, list[tuple[frozenset[str], ...]]] = {}
    for words in {o.words for o in occurrences if not o.weak}:
        alone.setdefault(len(words), []).append(tuple(lemma_candidates(w, lang) for w in words))
    # how often each run is written, in any of its inflected forms
    written = dict(counts)
    distinct = list(counts)
    for i, j in _close_pairs(distinct, _form_buckets):
        if _same_lemma(distinct[i], distinct[j], lang):
            written[distinct[i]] += counts[distinct[j]]
            written[distinct[j]] += counts[distinct[i]]
    out: list[Occurrence] = []
    for o in occurrences:
        pieces = _split_declined(o) if lang == "kk" else [o]
        if len(o.words) > 1 and written[o.words] == 1 and not o.weak:
            pieces = [part for piece in pieces for part in _split(piece, lang, alone)]
        out.extend(pieces)
    return out


def _written_alone(part: tuple[str, ...], lang: str, alone: dict[int, list[tuple[frozenset[str], ...]]]) -> bool:
    cands = [lemma_candidates(w, lang) for w in part]
    return any(all(a & b for a, b in zip(cands, other)) for other in alone.get(len(part), []))


def _split(o: Occurrence, lang: str, alone: dict[int, list[tuple[frozenset[str], ...]]]) -> list[Occurrence]:
    for i in range(1, len(o.words)):
        left, right = o.words[:i], o.words[i:]
        if (_written_alone(left, lang, alone) or _acronyms(left)) and _written_alone(right, lang, alone):
            return [replace(o, words=left), replace(o, words=right, before=left[-1].lower(), weak=False)]
    return [o]


def _acronyms(words: tuple[str, ...]) -> bool:
    return all(len(w) > 1 and w.isupper() for w in words)


def _split_declined(o: Occurrence) -> list[Occurrence]:
    for i, w in enumerate(o.words[:-1]):
        if any(w.startswith(c) and w[len(c):].lower() not in KK_POSSESSIVE for c in lemma_candidates(w, "kk")
               if c != w):
            left, right = o.words[: i + 1], o.words[i + 1:]
            return [replace(o, words=left), *_split_declined(replace(o, words=right, before=w.lower(), weak=False))]
    return [o]
