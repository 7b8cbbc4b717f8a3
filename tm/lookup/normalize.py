"""How query and TM text are normalised before they are compared (configurable).

The default applies all four steps and equals the stored search form
(:func:`tm.textnorm.search_form`), so scoring can use the stored column as is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tm.errors import InputError
from tm.textnorm import search_form

_SPACE = re.compile(r"\s+")
STEPS = ("case", "punct", "space", "nfc")


@dataclass(frozen=True)
class Normalization:
    case: bool = True  # fold case (casefold)
    punct: bool = True  # punctuation and symbols become spaces
    space: bool = True  # runs of whitespace become one space, ends trimmed
    nfc: bool = True  # Unicode NFC

    @property
    def is_search_form(self) -> bool:
        return self.case and self.punct and self.space and self.nfc

    def apply(self, text: str) -> str:
        if self.is_search_form:
            return search_form(text)
        if self.nfc:
            text = unicodedata.normalize("NFC", text)
        if self.case:
            text = text.casefold()
        if self.punct:
            text = "".join(" " if unicodedata.category(c)[0] in "PS" else c for c in text)
        if self.space:
            text = _SPACE.sub(" ", text).strip()
        return text

    @classmethod
    def parse(cls, spec: str) -> Normalization:
        """``"case,punct,space,nfc"`` (the default), any subset, or ``"none"``."""
        names = {s.strip() for s in spec.split(",") if s.strip()} - {"none"}
        unknown = names - set(STEPS)
        if unknown:
            raise InputError(f"unknown normalisation {', '.join(sorted(unknown))} (use {','.join(STEPS)} or none)")
        return cls(**{step: step in names for step in STEPS})

    def spec(self) -> str:
        return ",".join(s for s in STEPS if getattr(self, s)) or "none"
