"""The shape of a QA check, and the registry that lists them.

As in Weblate, a check is one small class: a ``code``, a ``severity``, a
``description``, and one method that returns what failed; the runner turns each
:class:`Failure` into a :class:`tm.qa.findings.Finding`. Two kinds:

- :class:`UnitCheck` looks at one unit at a time (punctuation, numbers, scripts).
- :class:`CorpusCheck` needs every unit at once (the same name spelled two ways
  across the TM, the same sentence translated two ways, length outliers).

Checks are registered in one explicit, ordered list (:data:`tm.qa.registry.CHECKS`);
``tm qa --list``, ``--check`` and ``--skip`` and the docs all come from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from tm.qa.findings import Severity
from tm.textnorm import search_form

_DIGIT = re.compile(r"\d")


def first_digit(text: str) -> int:
    """Where the first digit (re's ``\\d``) of ``text`` stands, -1 where it has none."""
    m = _DIGIT.search(text)
    return -1 if m is None else m.start()


@dataclass(frozen=True)
class QAUnit:
    """One unit as the checks see it: its document, position and text per language."""

    doc: str
    unit: int
    texts: dict[str, str]  # language -> text ("" where the unit has none), in document order
    paragraph: int = 0
    #: language -> the stored search form of its text, where the TM gave it (see :meth:`form`)
    forms: dict[str, str] | None = None

    def present(self) -> dict[str, str]:
        """The languages that have a text, with it (made once: every check asks; do not change it)."""
        try:
            return self.__dict__["_present"]  # type: ignore[no-any-return]
        except KeyError:
            texts = self.texts
            present = texts if all(texts.values()) else {lang: text for lang, text in texts.items() if text}
            object.__setattr__(self, "_present", present)
            return present

    def first_digit(self, lang: str) -> int:
        """:func:`first_digit` of the ``lang`` text, found once per unit, as several checks
        start from it (mixed-script, number-mismatch)."""
        try:
            digits: dict[str, int] = self.__dict__["_digits"]
        except KeyError:
            digits = {lang_: first_digit(text) for lang_, text in self.texts.items()}
            object.__setattr__(self, "_digits", digits)
        return digits[lang]

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


@dataclass
class QAContext:
    """What checks may consult besides the units: the glossary, when the TM has one, and
    caches that checks sharing work fill: ``cache`` for the whole run (the name candidates
    of a text), ``unit_cache`` for the units at hand (the glossary terms of a unit), which
    the runner empties after each slice of units so that it does not grow with the TM."""

    glossary: Any = None  # tm.glossary.Glossary
    cache: dict[Any, Any] = field(default_factory=dict)
    unit_cache: dict[Any, Any] = field(default_factory=dict)


class Check:
    code: ClassVar[str]
    severity: ClassVar[Severity]
    description: ClassVar[str]


class UnitCheck(Check):
    #: The code of a corpus check whose worker task this check joins when both run, because
    #: they share work through ``QAContext.cache`` (``name-mismatch`` reuses the name candidates
    #: ``name-inconsistent`` finds): in one process that work is done once, not once per worker.
    runs_with: ClassVar[str | None] = None

    def check(self, unit: QAUnit, context: QAContext | None = None) -> Iterable[Failure]:
        raise NotImplementedError


class CorpusCheck(Check):
    def run(self, units: Sequence[QAUnit], context: QAContext | None = None) -> Iterable[tuple[QAUnit, Failure]]:
        raise NotImplementedError


class Registry:
    """An ordered set of checks, one per code."""

    def __init__(self, checks: Iterable[Check]) -> None:
        self._checks: dict[str, Check] = {}
        for check in checks:
            if check.code in self._checks:
                raise ValueError(f"two QA checks share the code {check.code!r}")
            self._checks[check.code] = check

    def __iter__(self):  # type: ignore[no-untyped-def]
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
