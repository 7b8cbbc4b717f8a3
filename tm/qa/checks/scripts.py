"""`mixed-script`: Latin and Cyrillic letters in one word (homoglyphs), and the
l/I/1 and O/0 confusions that OCR and hasty typing leave in names."""

from __future__ import annotations

import re
from collections.abc import Iterable

from tm.qa.base import Failure, QAUnit, UnitCheck
from tm.qa.facts import Fact, UnitFacts
from tm.qa.findings import Severity
from tm.scripts import CYRILLIC, LATIN, letter_script


# Each pattern finds the spot where something is wrong; the word around it is then reported.
# Latin: ASCII, Latin-1 to Extended-B, IPA (ə, ɵ: look-alikes of Kazakh ә, ө), Extended
# Additional; Cyrillic: the basic block and its supplement.
_LATIN_LETTERS = "A-Za-z\u00c0-\u02af\u1e00-\u1eff"
_CYRILLIC_LETTERS = "\u0400-\u052f"
_SCRIPT_SEAM = re.compile(
    f"[{_LATIN_LETTERS}][{_CYRILLIC_LETTERS}]|[{_CYRILLIC_LETTERS}][{_LATIN_LETTERS}]"
)
_CONFUSION = re.compile(r"[^\W\d_][01][^\W\d_]|\d[Oo]|[Oo]\d")  # Ab1yazov, B0lat, 2O14
_L_AND_I = re.compile(r"[a-z]I[a-z]|(?<![^\W_])l[bcdfghjkmnpqrstvwxz][a-z]")  # AbIyazov, lvanov

# Where each pattern can first match (None: nowhere), found cheaply from the text and where its
# first digit stands (-1: none): a pattern tries every position of a text, and most texts
# have nothing for it to find.
_LATIN = re.compile(f"[{_LATIN_LETTERS}]")
_CYRILLIC = re.compile(f"[{_CYRILLIC_LETTERS}]")
_L_START = re.compile(r"l(?<![^\W_]l)[bcdfghjkmnpqrstvwxz]")  # the start of _L_AND_I's second branch


def _seam_start(text: str, _first_digit: int) -> int | None:
    """Both scripts must occur (Cyrillic is never ASCII)."""
    if text.isascii() or _CYRILLIC.search(text) is None or _LATIN.search(text) is None:
        return None
    return 0


def _confusion_start(text: str, first_digit: int) -> int | None:
    """Every match has a digit as its first or second character."""
    return None if first_digit < 0 else max(first_digit - 1, 0)


def _l_and_i_start(text: str, _first_digit: int) -> int | None:
    return 0 if "I" in text or _L_START.search(text) is not None else None


_PATTERNS = (
    (_seam_start, _SCRIPT_SEAM, None),
    (_confusion_start, _CONFUSION, "a digit among letters, or a letter O among digits"),
    (_l_and_i_start, _L_AND_I, "l and I confused"),
)


def _word_at(text: str, start: int, end: int) -> str:
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end]


class MixedScript(UnitCheck):
    code = "mixed-script"
    severity = Severity.error
    description = (
        "A word that mixes Latin and Cyrillic letters (a look-alike letter from the other script, such as "
        "a Cyrillic а in a Latin word or a Latin i for the Kazakh і), or a digit 1/0 or a capital I / small l "
        "standing for one another inside a name."
    )

    needs = frozenset({Fact.digits})

    def check(self, unit: QAUnit, facts: UnitFacts) -> Iterable[Failure]:
        for lang, text in unit.present.items():
            seen: set[str] = set()
            first_digit = facts.first_digit[lang]
            for start_of, pattern, message in _PATTERNS:
                start = start_of(text, first_digit)
                if start is None:
                    continue
                for m in pattern.finditer(text, start):
                    word = _word_at(text, m.start(), m.end())
                    if word in seen:
                        continue
                    seen.add(word)
                    about = f"{message} in “{word}”" if message else (
                        f"letters from two scripts in “{word}” ({_minority(word)})")
                    yield Failure(lang, about, [word])


def _minority(word: str) -> str:
    latin = [c for c in word if letter_script(c) == LATIN]
    cyrillic = [c for c in word if letter_script(c) == CYRILLIC]
    few, script = (latin, "Latin") if len(latin) <= len(cyrillic) else (cyrillic, "Cyrillic")
    return f"{script} " + ", ".join(f"{c} U+{ord(c):04X}" for c in few)
