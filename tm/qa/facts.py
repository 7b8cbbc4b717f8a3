"""What several checks need from one unit, found once per unit before any check runs.

A check names the facts it reads (:attr:`tm.qa.base.Check.needs`); the runner finds the
facts the run's checks need for each unit, as one :class:`UnitFacts`, and hands it to
each check with the unit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from tm.glossary.match import Glossary, TermMatch
from tm.qa.candidates import Candidate, candidates

_DIGIT = re.compile(r"\d")


def first_digit(text: str) -> int:
    """Where the first digit (re's ``\\d``) of ``text`` stands, -1 where it has none."""
    m = _DIGIT.search(text)
    return -1 if m is None else m.start()


class Fact(str, Enum):
    digits = "digits"  # where each text's first digit stands (mixed-script, number-mismatch)
    names = "names"  # the name candidates of each text (name-inconsistent, name-mismatch)
    terms = "terms"  # the glossary terms of each text (glossary-*, name-mismatch)


class UnitTerms:
    """A unit's texts (the non-empty ones) and the glossary terms found in each."""

    __slots__ = ("texts", "glossary", "matches", "concepts")

    def __init__(self, texts: Mapping[str, str], glossary: Glossary) -> None:
        self.texts, self.glossary = texts, glossary
        find = glossary.find
        #: language -> the terms found in its text, in order
        self.matches: dict[str, list[TermMatch]] = {lang: find(text, lang) for lang, text in texts.items()}
        #: concept id -> language -> its matches there
        self.concepts: dict[str, dict[str, list[TermMatch]]] = {}
        concepts = self.concepts
        for lang, found in self.matches.items():
            for m in found:
                by_lang = concepts.get(m.concept_id)
                if by_lang is None:
                    concepts[m.concept_id] = {lang: [m]}
                elif lang in by_lang:
                    by_lang[lang].append(m)
                else:
                    by_lang[lang] = [m]


@dataclass(slots=True)
class UnitFacts:
    """The facts of one unit that the run's checks need (empty where none needs them)."""

    first_digit: dict[str, int] = field(default_factory=dict)  # language -> first digit, -1: none
    names: dict[str, list[Candidate]] = field(default_factory=dict)  # language -> name candidates
    terms: UnitTerms | None = None  # None without a glossary


def unit_facts(present: Mapping[str, str], needs: frozenset[Fact], glossary: Glossary | None) -> UnitFacts:
    """The ``needs`` facts of a unit whose non-empty texts are ``present``."""
    facts = UnitFacts()
    if Fact.digits in needs:
        facts.first_digit = {lang: first_digit(text) for lang, text in present.items()}
    if Fact.names in needs:
        facts.names = {lang: candidates(lang, text) for lang, text in present.items()}
    if Fact.terms in needs and glossary is not None:
        facts.terms = UnitTerms(present, glossary)
    return facts
