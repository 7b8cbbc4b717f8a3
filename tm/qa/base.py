"""The shape of a QA check, and the registry that lists them.

As in Weblate, a check is one small class: a ``code``, a ``severity``, a
``description``, and one method that returns what failed; the runner turns each
:class:`Failure` into a :class:`tm.qa.findings.Finding`. Two kinds:

- :class:`UnitCheck` looks at one unit at a time (punctuation, numbers, scripts).
- :class:`CorpusCheck` needs every unit at once (the same name spelled two ways
  across the TM, the same sentence translated two ways, length outliers). What it
  needs of each unit it may take in the per-unit pass (:meth:`CorpusCheck.extract`),
  and its :meth:`CorpusCheck.run` then works on that.

What several checks read of a unit (its name candidates, glossary terms, first digits)
is found once per unit, as :class:`tm.qa.facts.UnitFacts`; a check names what it reads
in :attr:`Check.needs`. A check knows nothing of how the runner schedules it.

Checks are registered in one explicit, ordered list (:data:`tm.qa.registry.CHECKS`);
``tm qa --list``, ``--check`` and ``--skip`` and the docs all come from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from tm.glossary.match import Glossary
from tm.qa.facts import Fact, UnitFacts
from tm.qa.findings import Severity
from tm.textnorm import search_form


@dataclass(slots=True)
class QAUnit:
    """One unit as the checks see it: its document, position and text per language."""

    doc: str
    unit: int
    texts: dict[str, str]  # language -> text ("" where the unit has none), in document order
    paragraph: int = 0
    #: language -> the stored search form of its text, where the TM gave it (see :meth:`form`)
    forms: dict[str, str] | None = None
    #: the languages that have a text, with it (every check reads it: do not change it)
    present: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        texts = self.texts
        self.present = texts if all(texts.values()) else {lang: text for lang, text in texts.items() if text}

    def form(self, lang: str) -> str:
        """The search form of the ``lang`` text: as stored in the TM, else computed."""
        if self.forms is not None and lang in self.forms:
            return self.forms[lang]
        return search_form(self.texts[lang])


@dataclass(slots=True)
class Failure:
    """What a check found in one unit: the language, a message, the offending strings."""

    lang: str | None
    message: str
    found: list[str] = field(default_factory=list)
    expected: list[str] | None = None


class Check:
    code: ClassVar[str]
    severity: ClassVar[Severity]
    description: ClassVar[str]
    #: The facts of each unit the check reads (:class:`tm.qa.facts.UnitFacts`).
    needs: ClassVar[frozenset[Fact]] = frozenset()


class UnitCheck(Check):
    def check(self, unit: QAUnit, facts: UnitFacts) -> Iterable[Failure]:
        raise NotImplementedError


class CorpusCheck(Check):
    def extract(self, unit: QAUnit, facts: UnitFacts) -> Any:
        """What :meth:`run` needs of one unit, taken with the unit's facts (None: nothing).
        A check that leaves this alone gets no ``extracted`` in :meth:`run`."""
        return None

    def run(
        self, units: Sequence[QAUnit], extracted: Sequence[Any] | None = None, glossary: Glossary | None = None
    ) -> Iterable[tuple[int, Failure]]:
        """(the index of a unit in ``units``, what failed there); ``extracted[k]`` is what
        :meth:`extract` took of ``units[k]``."""
        raise NotImplementedError

    @classmethod
    def extracts(cls) -> bool:
        """Does the check take anything of each unit in the per-unit pass?"""
        return cls.extract is not CorpusCheck.extract


class Registry:
    """An ordered set of checks, one per code."""

    def __init__(self, checks: Iterable[Check]) -> None:
        self._checks: dict[str, Check] = {}
        for check in checks:
            if check.code in self._checks:
                raise ValueError(f"two QA checks share the code {check.code!r}")
            self._checks[check.code] = check

    def __iter__(self) -> Iterator[Check]:
        return iter(self._checks.values())

    def __len__(self) -> int:
        return len(self._checks)

    def codes(self) -> list[str]:
        return list(self._checks)

    def select(self, only: Sequence[str] = (), skip: Sequence[str] = ()) -> list[Check]:
        from tm.errors import InputError

        for code in [*only, *skip]:
            if code not in self._checks:
                raise InputError(f"no QA check '{code}' (checks: {', '.join(self._checks)})")
        return [c for code, c in self._checks.items() if (not only or code in only) and code not in skip]
