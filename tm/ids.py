"""The one rule for document ids, wherever an id comes from: a letter's folder or
``meta.toml``, a TMX ``x-doc`` prop, a ``--doc`` option.

An id is a slug: a lower-case letter or digit, then up to 199 of lower-case letters,
digits, ``.``, ``_`` and ``-``. It is matched as a whole string (``fullmatch``): a
pattern anchored with ``$`` would let a trailing newline through. The length bound is
the database column's, so every backend stores the same ids.
"""

from __future__ import annotations

import re
from pathlib import Path

from tm.errors import InputError

MAX_LENGTH = 200
_SLUG = re.compile(rf"[a-z0-9][a-z0-9._-]{{0,{MAX_LENGTH - 1}}}")
RULE = f"lower-case letters, digits, '.', '_', '-'; at most {MAX_LENGTH} characters"


def is_doc_id(value: str) -> bool:
    return _SLUG.fullmatch(value) is not None


def check_doc_id(value: str, path: str | Path | None = None, line: int | None = None) -> str:
    """``value`` if it is a document id, else :class:`InputError` naming where it came from."""
    if is_doc_id(value):
        return value
    shown = value if len(value) <= 60 else value[:60] + "…"
    raise InputError(f"document id {shown!r} is not a slug ({RULE})", path, line)
