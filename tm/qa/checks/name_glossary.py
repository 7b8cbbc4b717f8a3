"""What the glossary says of the spelling of a name's word in one language, for
`name-inconsistent`: a word of a term the glossary prefers or admits is a right spelling,
a word only of forbidden terms a wrong one, any other word unknown to it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tm.glossary import Glossary, Status
from tm.lang import base_language


@dataclass(frozen=True)
class Spelling:
    """A word of a glossary term: the concept, the word as the term writes it, and whether the
    glossary allows it (preferred or admitted) or only forbids it."""

    concept: str
    word: str
    allowed: bool


class GlossarySpellings:
    """The words of the glossary's terms in one language, looked up by a name's forms."""

    def __init__(self, glossary: Glossary | None, lang: str, same_word: Callable[[str, str, str], bool]) -> None:
        self.glossary, self.lang, self.same_word = glossary, lang, same_word
        self.words: dict[str, Spelling] = {}
        self.buckets: dict[str, list[str]] = {}  # the first three letters, lower-cased -> words
        base = base_language(lang)
        for concept in (glossary.concepts.values() if glossary is not None else ()):
            for term in concept.terms:
                if base_language(term.lang) != base:
                    continue
                allowed = term.status is not Status.forbidden
                for word in term.text.split():
                    known = self.words.get(word)
                    if known is None or (allowed and not known.allowed):
                        self.words[word] = Spelling(concept.id, word, allowed)
        for word in self.words:
            self.buckets.setdefault(word[:3].lower(), []).append(word)

    def of(self, forms: Iterable[str]) -> Spelling | None:
        """What the glossary says of a name seen in ``forms`` (inflected forms count)."""
        for form in forms:
            known = self.words.get(form)
            if known is not None:
                return known
            for word in self.buckets.get(form[:3].lower(), ()):
                if self.same_word(form, word, self.lang):
                    return self.words[word]
        return None

    def renderings(self, concept: str) -> list[str]:
        assert self.glossary is not None
        return self.glossary.renderings(concept, self.lang)
