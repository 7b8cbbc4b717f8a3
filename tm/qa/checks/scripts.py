"""`mixed-script`: Latin and Cyrillic letters in one word (homoglyphs), and the
l/I/1 and O/0 confusions that OCR and hasty typing leave in names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from tm.qa.base import Failure, QAContext, QAUnit, UnitCheck
from tm.qa.findings import Severity

_WORD = re.compile(r"[^\W_]+(?:[-’'][^\W_]+)*")
_LETTER_DIGIT_LETTER = re.compile(r"[^\W\d_][01][^\W\d_]")
_CAPITAL_I_INSIDE = re.compile(r"[a-z]I[a-z]")  # AbIyazov: a capital I where an l belongs
_L_FOR_I = re.compile(r"^l[bcdfghjkmnpqrstvwxz][a-z]")  # lvanov: an l where a capital I belongs
_O_FOR_ZERO = re.compile(r"\d[Oo]|[Oo]\d")  # 2O14


def _script(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    if name.startswith("LATIN"):
        return "Latin"
    if name.startswith("CYRILLIC"):
        return "Cyrillic"
    return None


class MixedScript(UnitCheck):
    code = "mixed-script"
    severity = Severity.error
    description = (
        "A word that mixes Latin and Cyrillic letters (a look-alike letter from the other script, such as "
        "a Cyrillic а in a Latin word or a Latin i for the Kazakh і), or a digit 1/0 or a capital I / small l "
        "standing for one another inside a name."
    )

    def check(self, unit: QAUnit, context: QAContext | None = None) -> Iterable[Failure]:
        for lang, text in unit.present().items():
            for m in _WORD.finditer(text):
                word = m.group(0)
                scripts = {s for s in map(_script, word) if s}
                if len(scripts) > 1:
                    foreign = _minority(word)
                    yield Failure(lang, f"letters from two scripts in one word ({foreign})", [word])
                elif _LETTER_DIGIT_LETTER.search(word) or _O_FOR_ZERO.search(word):
                    yield Failure(lang, "a digit among letters, or a letter O among digits", [word])
                elif _CAPITAL_I_INSIDE.search(word) or _L_FOR_I.match(word):
                    yield Failure(lang, "l and I confused", [word])


def _minority(word: str) -> str:
    latin = [c for c in word if _script(c) == "Latin"]
    cyrillic = [c for c in word if _script(c) == "Cyrillic"]
    few, script = (latin, "Latin") if len(latin) <= len(cyrillic) else (cyrillic, "Cyrillic")
    return f"{script} " + ", ".join(f"{c} U+{ord(c):04X}" for c in few)
