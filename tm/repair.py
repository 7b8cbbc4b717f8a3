"""Repaired fuzzy matches: where a stored sentence differs from a new one only by names
and numbers, the stored translation gets the new names and numbers.

The rule: align the two source sentences word by word; every difference must replace
numbers by numbers or a run of names (capitalised words) by a run of names. A number
is found in the target by its value and written in the target locale's way, keeping
the stored number's grouping. A name is found in the target through the glossary (the
old name's concept in the target language, inflected as the target has it) and
replaced by the new name's preferred rendering, inflected the same way
(:func:`tm.morph.inflect_like`). When any step cannot be taken safely (a name the
glossary lacks, a form that cannot be generated, a number not found once) nothing is
repaired and the reason is given, so a translator never gets a half-repaired sentence.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from babel.numbers import NumberFormatError, format_decimal, get_group_symbol, parse_decimal

from tm.lang import base_language
from tm.morph import inflect_like

_TOKEN = re.compile(r"\d+(?:[.,\u00a0 ]\d{3})*(?:[.,]\d+)?|\w+(?:[-'’]\w+)*|\S")
_NUMBER = re.compile(r"\d+(?:[.,\u00a0 ]\d{3})*(?:[.,]\d+)?")


class TermLike(Protocol):
    concept_id: str
    start: int
    end: int
    text: str
    term: str


class GlossaryLike(Protocol):
    def find(self, text: str, lang: str) -> Sequence[TermLike]: ...

    def renderings(self, concept_id: str, lang: str) -> list[str]: ...


@dataclass
class Repair:
    """The outcome for one match: the repaired target, or why there is none."""

    target: str | None
    replaced: list[tuple[str, str]] = field(default_factory=list)
    reason: str = ""

    @property
    def note(self) -> str:
        if self.target is None:
            return f"not repaired: {self.reason}"
        return "repaired: " + "; ".join(f"{old} → {new}" for old, new in self.replaced)


def _tokens(text: str) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text))


def _is_name(token: str) -> bool:
    return token[:1].isupper() and token[:1].isalpha()


def _value(token: str, lang: str) -> str | None:
    """A number's value as a plain decimal string, read the way ``lang`` writes numbers."""
    compact = token.replace("\u00a0", "").replace(" ", "")
    if compact.isdigit():
        return compact
    try:
        return str(parse_decimal(compact, locale=base_language(lang), strict=False))
    except (NumberFormatError, ValueError):
        return None


def _render_number(new_value: str, old_target: str, lang: str) -> str:
    """The new value written as the target wrote the old one: grouped only if it was
    grouped, and with the same group separator; the decimal sign is the locale's."""
    group = re.search(r"\d([.,\u00a0 ])\d{3}(?!\d)", old_target)
    if new_value.isdigit() and not group:
        return new_value
    locale = base_language(lang)
    text = format_decimal(parse_decimal(new_value, locale="en"), locale=locale, group_separator=bool(group))
    return text.replace(get_group_symbol(locale), group.group(1)) if group else text


def _differences(old: str, new: str) -> list[tuple[str, str, int, int]] | str:
    """(old span text, new span text, old start, old end) for each differing run, or why
    the sentences differ by more than names and numbers."""
    a, b = _tokens(old), _tokens(new)
    out = []
    matcher = difflib.SequenceMatcher(None, [t.group() for t in a], [t.group() for t in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        olds, news = [t.group() for t in a[i1:i2]], [t.group() for t in b[j1:j2]]
        if op != "replace":
            return f"'{' '.join(olds or news)}' is {'missing' if op == 'delete' else 'new'}"
        numbers = all(_NUMBER.fullmatch(t) for t in olds + news)
        if numbers and len(olds) == len(news):
            out.extend((o.group(), n.group(), o.start(), o.end()) for o, n in zip(a[i1:i2], b[j1:j2]))
        elif all(_is_name(t) or t == "-" for t in olds + news):
            out.append((old[a[i1].start() : a[i2 - 1].end()], new[b[j1].start() : b[j2 - 1].end()],
                        a[i1].start(), a[i2 - 1].end()))
        else:
            return f"'{' '.join(olds)}' → '{' '.join(news)}' is not a name or a number"
    return out


def _concept_at(glossary: GlossaryLike, text: str, lang: str, start: int, end: int) -> TermLike | None:
    for m in glossary.find(text, lang):
        if m.start <= start and end <= m.end or start <= m.start < end:
            return m
    return None


def _repair_name(
    glossary: GlossaryLike, source: str, query: str, target: str, span: tuple[str, str, int, int],
    langs: tuple[str, str],
) -> tuple[str, str] | str:
    """(old target form, new target form) for one name, or why it cannot be had."""
    old_text, new_text, start, end = span
    src, tgt = langs
    old = _concept_at(glossary, source, src, start, end)
    new_start = query.find(new_text)
    new = _concept_at(glossary, query, src, new_start, new_start + len(new_text))
    if old is None or new is None:
        missing = old_text if old is None else new_text
        return f"the glossary has no entry for '{missing}'"
    in_target = [m for m in glossary.find(target, tgt) if m.concept_id == old.concept_id]
    if len(in_target) != 1:
        return f"'{old_text}' is not found once in the translation"
    renderings = glossary.renderings(new.concept_id, tgt)
    if not renderings:
        return f"the glossary has no {tgt} form of '{new_text}'"
    hit = in_target[0]
    words = len(hit.term.split())
    rendering = next((r for r in renderings if len(r.split()) == words), renderings[0])
    form = _inflect_words(hit.term, hit.text, rendering, tgt)
    if form is None:
        return f"cannot inflect '{rendering}' as '{hit.text}'"
    return hit.text, form


def _inflect_words(old_term: str, old_form: str, new_term: str, lang: str) -> str | None:
    """Each word of ``new_term`` inflected as the matching word of ``old_form``; the terms
    must have as many words as each other and as the form."""
    olds, forms, news = old_term.split(), old_form.split(), new_term.split()
    if not len(olds) == len(forms) == len(news):
        return None
    out = [inflect_like(o, f, n, lang) for o, f, n in zip(olds, forms, news)]
    return None if any(w is None for w in out) else " ".join(out)  # type: ignore[arg-type]


def repair(
    query: str, source: str, target: str, langs: tuple[str, str], glossary: GlossaryLike | None
) -> Repair:
    """Repair ``target`` (the translation of ``source``) for ``query``; ``langs`` is
    (source language, target language)."""
    found = _differences(source, query)
    if isinstance(found, str):
        return Repair(None, reason=found)
    if not found:
        return Repair(None, reason="nothing differs")
    edits: list[tuple[str, str]] = []
    for span in found:
        if _NUMBER.fullmatch(span[0]):
            old_value, new_value = _value(span[0], langs[0]), _value(span[1], langs[0])
            hits = [m for m in _NUMBER.finditer(target) if _value(m.group(), langs[1]) == old_value]
            if old_value is None or new_value is None or len(hits) != 1:
                return Repair(None, reason=f"the number {span[0]} is not found once in the translation")
            edits.append((hits[0].group(), _render_number(new_value, hits[0].group(), langs[1])))
            continue
        if glossary is None:
            return Repair(None, reason="no glossary to translate names")
        name = _repair_name(glossary, source, query, target, span, langs)
        if isinstance(name, str):
            return Repair(None, reason=name)
        edits.append(name)
    out = target
    for old, new in edits:
        if out.count(old) != 1:
            return Repair(None, reason=f"'{old}' is not found once in the translation")
        out = out.replace(old, new)
    return Repair(out, edits)
