"""TOML read from a person's file (``meta.toml``, a glossary): every fault one
:class:`InputError` naming the file and line, never a parser's own exception.

Python's TOML parser recurses once per level of nested arrays and inline tables, so a
file nested a few thousand levels deep would end in a RecursionError; nesting deeper
than :data:`MAX_DEPTH` is refused before parsing (no real file comes near it).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from tm.errors import InputError

MAX_DEPTH = 64
_TOKENS = re.compile(r'"""|\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}\n]')


def _too_deep(text: str) -> int | None:
    """The line where arrays and inline tables nest deeper than MAX_DEPTH, or None.
    Strings and comments are skipped; a multi-line string ends the scan (its brackets
    could not be told from the file's), leaving the rest to the parser."""
    depth, line = 0, 1
    for m in _TOKENS.finditer(text):
        token = m.group()
        if token in ('"""', "'''"):
            return None
        if token == "\n":
            line += 1
        elif token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif token in "]}":
            depth = max(depth - 1, 0)
    return None


def parse_toml(text: str, path: str | Path, error: type[InputError] = InputError) -> dict[str, Any]:
    """``tomllib.loads(text)``, its faults as ``error(message, path, line)``."""
    deep = _too_deep(text)
    if deep is not None:
        raise error(f"not valid TOML: arrays or tables nested more than {MAX_DEPTH} deep", path, deep)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise error(f"not valid TOML: {exc}", path, int(m.group(1)) if m else None) from None
    except RecursionError:
        raise error("not valid TOML: nested too deeply", path) from None
