"""Each concept is written once in tm/: these tests read the source for a second copy."""

from __future__ import annotations

import re
from pathlib import Path

from tm.lang import base_language
from tm.scripts import CYRILLIC, LATIN, letter_script, main_script

TM = Path(__file__).resolve().parents[1] / "tm"

#: Files that still take tags apart themselves: the store and the index, which the layering
#: work of issue 20 rewrites (they may not import tm.lang's babel for a split).
NOT_YET: set[str] = set()


def _sources() -> dict[str, str]:
    return {str(p.relative_to(TM)): p.read_text(encoding="utf-8") for p in sorted(TM.rglob("*.py"))}


def _hits(pattern: str, home: set[str]) -> list[str]:
    rx = re.compile(pattern)
    return [f"tm/{name}:{n}: {line.strip()}" for name, text in _sources().items() if name not in home
            for n, line in enumerate(text.splitlines(), 1) if rx.search(line)]


def test_the_base_language_of_a_tag_is_only_taken_in_tm_lang() -> None:
    # .split("-")[0], .split("-", 1)[0], .partition("-")[0], with either quote, and own helpers
    pattern = r"""\.(split|partition)\(\s*['"]-['"]\s*(,\s*1\s*)?\)\s*\[0\]|def _?base_lang\b"""
    assert not _hits(pattern, {"lang.py", *NOT_YET})


def test_the_pattern_finds_what_it_looks_for(tmp_path: Path) -> None:
    pattern = re.compile(r"""\.(split|partition)\(\s*['"]-['"]\s*(,\s*1\s*)?\)\s*\[0\]|def _?base_lang\b""")
    for code in ['lang.split("-")[0]', "t.split('-', 1)[0]", 'x.partition("-")[0]', "def _base_lang(x):"]:
        assert pattern.search(code), code
    assert not pattern.search('text.split("-")[1]')


def test_scripts_of_letters_are_only_read_in_tm_scripts() -> None:
    # the Unicode name of a letter, read to decide its script, is read in tm/scripts.py alone
    assert not _hits(r"""unicodedata\.name\([^)]*\)[^\n]*(startswith\(\s*['"](LATIN|CYRILLIC)|\.split\(\)\[0\])""",
                     {"scripts.py"})
    assert not _hits(r"""['"](LATIN|CYRILLIC)['"]""", {"scripts.py"})


def test_no_module_imports_private_names_of_another() -> None:
    """Knowledge two modules share (the inflection tails of tm.morph) is public where it lives."""
    assert not _hits(r"^\s*from tm\.[\w.]+ import (\(?\s*|.*,\s*)_[A-Za-z]", set())


def test_base_language_and_scripts() -> None:
    assert [base_language(t) for t in ["kk-Cyrl-KZ", "EN-GB", "ru"]] == ["kk", "en", "ru"]
    assert [letter_script(c) for c in "aа1α"] == [LATIN, CYRILLIC, None, "Greek"]
    assert main_script("Назарбаев said") == CYRILLIC and main_script("Nazarbayev сказал") == LATIN
    assert main_script("1 2") is None
