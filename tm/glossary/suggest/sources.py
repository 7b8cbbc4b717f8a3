"""What `tm glossary suggest` reads: the units of TM documents, or plain-text letters.

A plain-text file is one document in one language: the language comes from the file name
as in a letter folder (``ru.txt``, also ``letter.ru.txt`` or ``letter-kk.txt``), else from its
letters (Kazakh letters: kk; other Cyrillic: ru; Latin: en). Its units are its sentences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tm.corpus import read_text
from tm.errors import InputError, LanguageTagError
from tm.glossary.store import unit_texts
from tm.lang import CORE_LANGUAGES, base_language, normalize_tag
from tm.segment import segment
from tm.store.tm import TM

_KAZAKH = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_PARTS = re.compile(r"[._\-]")


@dataclass(frozen=True)
class TextUnit:
    """One unit: its document, position and text per language (base tags: en, ru, kk)."""

    doc: str
    unit: int
    texts: dict[str, str]


def from_tm(tm: TM, docs: Sequence[str] = ()) -> list[TextUnit]:
    """The units of ``docs`` (every document when empty), in order."""
    out: list[TextUnit] = []
    for doc in docs or [None]:  # type: ignore[list-item]
        for doc_id, position, texts in unit_texts(tm, doc):
            by_lang = {base_language(t): text for t, text in texts.items() if text and text.strip()}
            out.append(TextUnit(doc_id, position, by_lang))
    return out


def _tag(word: str) -> str | None:
    try:
        tag = base_language(normalize_tag(word))
    except LanguageTagError:
        return None
    return tag if tag in CORE_LANGUAGES else None


def file_language(path: Path, text: str) -> str:
    """The language of a plain-text letter: from its name, else from its letters."""
    for part in (path.stem, *reversed(_PARTS.split(path.stem))):
        tag = _tag(part) if 2 <= len(part) <= 3 or part == path.stem else None
        if tag:
            return tag
    letters = [c for c in text if c.isalpha()]
    cyrillic = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    latin = sum(1 for c in letters if c.isascii())
    if cyrillic > latin:
        return "kk" if sum(1 for c in letters if c in _KAZAKH) * 200 >= cyrillic else "ru"
    if latin:
        return "en"
    raise InputError("cannot tell the language (name it en.txt, ru.txt or kk.txt)", path)


def from_files(paths: Sequence[Path]) -> list[TextUnit]:
    """Each file one document (its name without extension), its sentences the units."""
    out: list[TextUnit] = []
    seen: set[str] = set()
    for path in paths:
        text = read_text(path)
        lang = file_language(path, text)
        doc = str(path)
        if doc in seen:
            raise InputError("given twice", path)
        seen.add(doc)
        for i, sentence in enumerate(segment(text, lang).sentences, start=1):
            out.append(TextUnit(doc, i, {lang: sentence}))
    return out
