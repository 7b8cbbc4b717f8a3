"""`number-mismatch`: the numbers of a unit differ between its languages.

Numbers are read per locale with babel (1,000.5 in English is 1 000,5 in Russian
and Kazakh); ordinal and case endings (5th, 5-го, 5-ші) do not matter, nor does
the order in which the numbers stand.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel.numbers import NumberFormatError, get_decimal_symbol, get_group_symbol, parse_decimal

from tm.qa.base import Failure, QAUnit, UnitCheck
from tm.qa.facts import Fact, UnitFacts
from tm.qa.facts import first_digit as find_first_digit
from tm.qa.findings import Severity

_SPACES = "\u00a0\u202f "


@lru_cache(maxsize=32)
def _pattern(lang: str) -> tuple[re.Pattern[str], str]:
    locale = lang.replace("-", "_")
    try:
        group, decimal = get_group_symbol(locale), get_decimal_symbol(locale)
    except Exception:  # noqa: BLE001 - a tag babel does not know numbers for: plain digits
        locale, group, decimal = "en", ",", "."
    groups = re.escape(group) + (_SPACES if group.isspace() else "")
    pattern = rf"(?<![\d{re.escape(decimal)}])\d{{1,3}}(?:[{groups}]\d{{3}})+(?:{re.escape(decimal)}\d+)?(?!\d)" \
              rf"|(?<![\d])\d+(?:{re.escape(decimal)}\d+)?(?!\d)"
    return re.compile(pattern), locale


def numbers(text: str, lang: str, first_digit: int | None = None) -> list[tuple[str, Decimal]]:
    """The numbers in ``text`` as (the string as written, its value); ``first_digit``: where
    the text's first digit stands (-1: none), where the caller knows it."""
    if first_digit is None:
        first_digit = find_first_digit(text)
    if first_digit < 0:
        return []
    pattern, locale = _pattern(lang)
    out = []
    # Scanning starts at the first digit (the pattern's lookbehinds still see the text before it).
    for m in pattern.finditer(text, first_digit):
        raw = m.group(0)
        if raw.isdecimal():  # a plain run of digits: what parse_decimal would do, without its overhead
            out.append((raw, Decimal(raw).normalize()))
            continue
        value_text = raw
        for space in _SPACES:
            value_text = value_text.replace(space, "\u00a0" if locale != "en" else ",")
        try:
            value = parse_decimal(value_text, locale=locale, strict=False)
        except (NumberFormatError, InvalidOperation):
            continue
        out.append((raw, value.normalize()))
    return out


class NumberMismatch(UnitCheck):
    code = "number-mismatch"
    severity = Severity.error
    description = "A number in one language of the unit is missing or different in another (read per locale)."

    needs = frozenset({Fact.digits})

    def check(self, unit: QAUnit, facts: UnitFacts) -> Iterable[Failure]:
        present = unit.present
        if len(present) < 2:
            return
        found = {lang: numbers(text, lang, facts.first_digit[lang]) for lang, text in present.items()}
        pivot = next(iter(present))
        values = {lang: [v for _, v in pairs] for lang, pairs in found.items()}
        for lang in list(present)[1:]:
            if values[lang] == values[pivot]:  # the same numbers in the same order (the usual case)
                continue
            want, have = Counter(values[pivot]), Counter(values[lang])
            if have == want:
                continue
            extra = [raw for raw, v in found[lang] if (have - want)[v]]
            missing = [raw for raw, v in found[pivot] if (want - have)[v]]
            message = (
                f"numbers differ from {pivot}: "
                + ", ".join(filter(None, [f"missing {', '.join(missing)}" if missing else "",
                                          f"extra {', '.join(extra)}" if extra else ""]))
            )
            yield Failure(lang, message, extra, missing)
