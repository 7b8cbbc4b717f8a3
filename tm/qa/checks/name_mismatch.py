"""`name-mismatch`: in one unit, the Latin and Cyrillic forms of a name do not correspond."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz

from tm.anchors import keys_match
from tm.qa.base import Failure, QAUnit, UnitCheck
from tm.qa.checks.names import MIN_KEY, Occurrence, name_key, occurrences, to_latin_rough
from tm.qa.facts import Fact, UnitFacts, UnitTerms
from tm.qa.findings import Severity
from tm.scripts import CYRILLIC, LATIN, main_script


class NameMismatch(UnitCheck):
    code = "name-mismatch"
    severity = Severity.warning
    description = (
        "In one unit, a Latin-script name and the Cyrillic name that stands for it do not correspond: "
        "they look alike, but no romanization (inflection allowed) and no glossary entry links them."
    )

    #: A Latin and a Cyrillic name this alike (fuzz.ratio of the romanized forms, 0-100) and with the
    #: same initial are taken to be one name. Exonyms (Geneva/Женева, England/Англия) fall below it
    #: or differ in the initial; the glossary links the rest.
    SIMILAR = 75

    needs = frozenset({Fact.names, Fact.terms})

    def check(self, unit: QAUnit, facts: UnitFacts) -> Iterable[Failure]:
        present = unit.present
        names_of: dict[str, list[Occurrence]] = {}
        for lang, candidates in facts.names.items():
            found = [o for o in occurrences(0, lang, candidates) if len(name_key(o.word)) >= MIN_KEY]
            if found:
                names_of[lang] = found
        if len(names_of) < 2:
            return
        scripts = {lang: main_script(present[lang]) for lang in names_of}  # of the texts with names only
        latin = [lang for lang, script in scripts.items() if script == LATIN]
        cyrillic = [lang for lang, script in scripts.items() if script == CYRILLIC]
        for llang in latin:
            lnames = names_of[llang]
            for clang in cyrillic:
                cnames = names_of[clang]
                linked: set[tuple[str, str]] | None = None  # the glossary's links, looked up when needed
                reported: set[tuple[str, str]] = set()
                for o in lnames:
                    if any(_linked(o.word, c.word) for c in cnames):
                        continue
                    for c in cnames:
                        if name_key(o.word)[0] != name_key(c.word)[0] or (o.text, c.text) in reported:
                            continue
                        if fuzz.ratio(o.word.lower(), to_latin_rough(c.word)) >= self.SIMILAR:
                            if linked is None:
                                linked = _glossary_links(facts.terms, llang, clang)
                            if any((o.text, other.text) in linked for other in cnames):
                                break  # the glossary links this name to one of the unit's
                            reported.add((o.text, c.text))
                            yield Failure(
                                clang,
                                f"“{o.text}” ({llang}) and “{c.text}” ({clang}) look like one name, "
                                "but no romanization or glossary entry links them",
                                [c.text, o.text],
                                None,
                            )


# Alternations between the English press forms and the Cyrillic spellings that no single scheme
# covers: Kazakh қ where Russian has х (Қазақстан, Kazakhstan), English c for k (America, Америка).
_ALTERNATIONS = str.maketrans({"h": "k", "c": "k"})


@lru_cache(maxsize=1 << 16)
def _linked(latin: str, cyrillic: str) -> bool:
    lk, ck = name_key(latin), name_key(cyrillic)
    return keys_match(lk, ck) or keys_match(lk.translate(_ALTERNATIONS), ck.translate(_ALTERNATIONS))


def _glossary_links(terms: UnitTerms | None, llang: str, clang: str) -> set[tuple[str, str]]:
    """(Latin word, Cyrillic word) pairs that render the same glossary concept in this unit."""
    if terms is None:
        return set()
    by_concept: dict[str, list[str]] = defaultdict(list)
    for m in terms.matches[llang]:
        by_concept[m.concept_id].append(m.text)
    pairs = set()
    for m in terms.matches[clang]:
        for ltext_match in by_concept.get(m.concept_id, []):
            for lw in ltext_match.split():
                for cw in m.text.split():
                    pairs.add((lw, cw))
    return pairs


