"""Glossary hints: the glossary terms found in a query, with their required renderings.

Written against the glossary's API (issue 3), imported lazily, behind this adapter:
``tm.glossary.load_glossary(tm) -> Glossary``; ``Glossary.find(text, lang) ->
list[TermMatch]`` (``concept_id``, ``start``, ``end``, ``text``, ``status``);
``Glossary.renderings(concept_id, lang) -> list[str]`` (preferred first). When
``tm.glossary`` is not installed, lookup simply gives no hints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from tm.store import TM


class TermMatchLike(Protocol):
    concept_id: Any
    start: int
    end: int
    text: str
    status: Any


class GlossaryLike(Protocol):
    def find(self, text: str, lang: str) -> Sequence[TermMatchLike]: ...

    def renderings(self, concept_id: Any, lang: str) -> list[str]: ...


@dataclass(frozen=True)
class Hint:
    text: str
    start: int
    end: int
    status: str
    renderings: dict[str, list[str]]

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "start": self.start, "end": self.end, "status": self.status,
                "renderings": self.renderings}


class GlossaryHints:
    def __init__(self, glossary: GlossaryLike) -> None:
        self.glossary = glossary

    @classmethod
    def load(cls, tm: TM) -> GlossaryHints | None:
        """The TM's glossary, or None when the glossary module is not there."""
        try:
            from tm.glossary import load_glossary  # type: ignore[import-not-found, unused-ignore]
        except ImportError:
            return None
        return cls(load_glossary(tm))

    def hints(self, text: str, lang: str, targets: Sequence[str]) -> list[Hint]:
        out = []
        for m in sorted(self.glossary.find(text, lang), key=lambda m: (m.start, m.end)):
            status = getattr(m.status, "value", m.status)
            renderings = {t: self.glossary.renderings(m.concept_id, t) for t in targets}
            out.append(Hint(m.text, m.start, m.end, str(status), renderings))
        return out
