"""`glossary-forbidden` and `glossary-missing`: the TM's text against its glossary (run when
the TM has one). ``tm glossary check`` runs these two alone."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tm.qa.base import Failure, QAUnit, UnitCheck
from tm.qa.facts import Fact, UnitFacts
from tm.qa.findings import Severity


def _quoted(items: Sequence[str]) -> str:
    return f"“{'”, “'.join(items)}”" if items else ""


class GlossaryForbidden(UnitCheck):
    code = "glossary-forbidden"
    severity = Severity.error
    description = "A forbidden (deprecated) variant of a glossary term is used."
    needs = frozenset({Fact.terms})

    def check(self, unit: QAUnit, facts: UnitFacts) -> Iterable[Failure]:
        terms = facts.terms
        if terms is None:
            return
        for concept_id, by_lang in terms.concepts.items():
            for lang, found in by_lang.items():
                bad = [m.text for m in found if m.status == "forbidden"]
                if bad:
                    expected = terms.glossary.renderings(concept_id, lang)
                    message = f"{concept_id}: forbidden variant {_quoted(bad)} in {lang}; use {_quoted(expected)}"
                    yield Failure(lang, message, bad, expected)


class GlossaryMissing(UnitCheck):
    code = "glossary-missing"
    severity = Severity.warning
    description = (
        "A glossary concept occurs in one language of a unit, and another language present "
        "has none of its preferred or admitted renderings."
    )
    needs = frozenset({Fact.terms})

    def check(self, unit: QAUnit, facts: UnitFacts) -> Iterable[Failure]:
        terms = facts.terms
        if terms is None:
            return
        langs = terms.texts
        for concept_id, by_lang in terms.concepts.items():
            if len(by_lang) == len(langs):  # found in every language
                continue
            found: list[str] | None = None
            for lang in langs:
                if lang in by_lang:
                    continue
                expected = terms.glossary.renderings(concept_id, lang)
                if not expected:
                    continue
                if found is None:
                    found = [m.text for matches in by_lang.values() for m in matches]
                message = (
                    f"{concept_id}: {_quoted(found)} ({', '.join(by_lang)}) has no rendering "
                    f"in {lang}; expected {_quoted(expected)}"
                )
                yield Failure(lang, message, list(found), expected)


#: The codes of the glossary's own checks, as ``tm glossary check`` runs them.
GLOSSARY_CODES = (GlossaryForbidden.code, GlossaryMissing.code)
