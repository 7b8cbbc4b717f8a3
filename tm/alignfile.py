"""The alignment file: ``alignment.tsv`` beside a letter, and the file of ``tm review``.

Format (UTF-8, tab-separated, one line per unit)::

    paragraph<TAB>en<TAB>ru<TAB>kk[<TAB>status]
    0<TAB>Dear Sergei,<TAB>Уважаемый Сергей!<TAB>Құрметті Сергей!<TAB>machine

The header names the languages (any BCP 47 tags, in the document's order); each row
holds a unit's paragraph and its text in each language (empty: no counterpart), and
optionally its status. A review file may hold only some stretches of a document: each
begins with a line ``# units A-B`` and replaces units A to B. Blank lines are ignored.

The rule a file must keep (:func:`check_texts`): for every language the rows' texts, in
order, are exactly the document's text, whitespace aside: nothing lost, nothing added,
nothing moved to another place. A person may move text between rows, merge rows,
split one, or empty a cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tm.errors import InputError, LanguageTagError
from tm.lang import base_language, normalize_tag
from tm.store.records import UnitData, VariantData
from tm.textnorm import clean_text

STATUS_COLUMN = "status"
_BLOCK = re.compile(r"#\s*units\s+(\d+)\s*-\s*(\d+)\s*$")
#: Characters of text shown on each side of a difference.
SNIPPET = 40


@dataclass
class Row:
    line: int
    paragraph: int
    texts: dict[str, str]
    status: str | None = None


@dataclass
class Block:
    """Rows that replace the units ``first`` to ``last`` (all units when ``first`` is None)."""

    line: int
    first: int | None
    last: int | None
    rows: list[Row] = field(default_factory=list)


@dataclass
class AlignmentFile:
    path: Path
    langs: list[str]
    has_status: bool
    blocks: list[Block]

    @property
    def rows(self) -> list[Row]:
        return [r for b in self.blocks for r in b.rows]


def read_alignment(path: Path, statuses: Sequence[str] = ()) -> AlignmentFile:
    """Read and check the form of an alignment file (not yet its texts: see :func:`check_texts`)."""
    from tm.corpus import read_text

    lines = read_text(path).splitlines()
    header = [c.strip() for c in lines[0].split("\t")]
    if header[0] != "paragraph":
        raise InputError("the header must start with 'paragraph', then one column per language", path, 1)
    has_status = header[-1] == STATUS_COLUMN
    langs = []
    for name in header[1 : len(header) - has_status]:
        try:
            langs.append(normalize_tag(name))
        except LanguageTagError as exc:
            raise InputError(f"column '{name}': {exc.message}", path, 1) from None
    if not langs or len(set(langs)) != len(langs):
        raise InputError("the header must name each language once", path, 1)
    blocks = [Block(1, None, None)]
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        if line.startswith("#"):
            blocks.append(_block(line, path, n, blocks))
            continue
        blocks[-1].rows.append(_row(line, n, path, langs, has_status, statuses))
    if len(blocks) > 1 and blocks[0].rows:
        raise InputError("rows before the first '# units A-B' line", path, blocks[0].rows[0].line)
    return AlignmentFile(path, langs, has_status, blocks if len(blocks) == 1 else blocks[1:])


def _block(line: str, path: Path, n: int, blocks: list[Block]) -> Block:
    m = _BLOCK.match(line)
    if not m:
        raise InputError(f"not a '# units A-B' line: {line[:SNIPPET]!r}", path, n)
    first, last = int(m.group(1)), int(m.group(2))
    previous = blocks[-1].last if len(blocks) > 1 else None
    if last < first or (previous is not None and first <= previous):
        raise InputError(f"units {first}-{last} overlap or go backwards", path, n)
    return Block(n, first, last)


def _row(line: str, n: int, path: Path, langs: list[str], has_status: bool, statuses: Sequence[str]) -> Row:
    cells = line.split("\t")
    width = 1 + len(langs) + has_status
    if len(cells) != width:
        raise InputError(f"{len(cells)} columns, the header has {width}", path, n)
    if not cells[0].strip().isdigit():
        raise InputError(f"paragraph '{cells[0]}' is not a number", path, n)
    status = cells[-1].strip() if has_status else None
    if status and statuses and status not in statuses:
        raise InputError(f"unknown status '{status}' (one of: {', '.join(statuses)})", path, n)
    texts = {lang: clean_text(cell) for lang, cell in zip(langs, cells[1 : 1 + len(langs)], strict=True)}
    return Row(n, int(cells[0]), texts, status or None)


def _stream(texts: Sequence[str]) -> tuple[str, str, list[int]]:
    """The texts joined by spaces, the same without any whitespace, and where each
    character of the latter is in the former (to show a difference as written)."""
    joined = " ".join(t for t in texts if t)
    keep = [k for k, ch in enumerate(joined) if not ch.isspace()]
    return joined, "".join(joined[k] for k in keep), keep


def _snippet(joined: str, where: list[int], at: int) -> str:
    """The text from the start of the word where the difference is, as written."""
    if at >= len(where):
        return "(end of text)"
    start = where[at]
    word = max(joined.rfind(" ", max(0, start - 20), start) + 1, start - 20, 0)
    head = "…" if word > 0 else ""
    return head + joined[word : start + SNIPPET] + ("…" if start + SNIPPET < len(joined) else "")


def check_texts(rows: Sequence[Row], document: dict[str, Sequence[str]], path: Path, end_line: int) -> None:
    """Refuse rows whose texts, per language and in order, are not the document's texts
    (``document``: lang -> its texts in order), whitespace aside; names the line, the
    language and the first difference."""
    for lang, texts in document.items():
        doc_joined, doc, doc_at = _stream(texts)
        pos = 0
        for row in rows:
            cell_joined, cell, cell_at = _stream([row.texts.get(lang, "")])
            if doc.startswith(cell, pos):
                pos += len(cell)
                continue
            i = next(k for k in range(len(cell)) if pos + k >= len(doc) or doc[pos + k] != cell[k])
            found, expected = _snippet(cell_joined, cell_at, i), _snippet(doc_joined, doc_at, pos + i)
            raise InputError(f"{lang}: the text differs from the document's: this row has '{found}' where the "
                             f"document has '{expected}' (text may be moved between rows, not added, lost or "
                             f"reordered)", path, row.line)
        if pos < len(doc):
            raise InputError(f"{lang}: the document's text goes on after the last row: "
                             f"'{_snippet(doc_joined, doc_at, pos)}' is missing", path, end_line)


_BREAK_RUN = re.compile(r"\s*\n\s*")


def cut(rows: Sequence[Row], lang: str, text: str) -> list[str]:
    """Each row's stretch of ``text`` (which the rows fit, see :func:`check_texts`), with
    the whitespace as ``text`` has it: a letter's double spaces stay for QA to report, and
    a line break inside a stretch becomes one space (as the aligner joins sentences)."""
    from tm.textnorm import tidy_text

    normal = "\n".join(tidy_text(line) for line in text.splitlines())
    keep = [k for k, ch in enumerate(normal) if not ch.isspace()]
    out, pos = [], 0
    for row in rows:
        size = sum(1 for ch in row.texts.get(lang, "") if not ch.isspace())
        piece = normal[keep[pos] : keep[pos + size - 1] + 1] if size else ""
        out.append(_BREAK_RUN.sub(" ", piece))
        pos += size
    return out


def write_alignment(path: Path | None, langs: Sequence[str], blocks: Sequence[tuple[tuple[int, int] | None,
                    Sequence[Row]]], status: bool = True) -> str:
    """The file's text (written to ``path`` when given): header, then each block's rows."""
    out = ["\t".join(["paragraph", *langs, *([STATUS_COLUMN] if status else [])])]
    for span, rows in blocks:
        if span is not None:
            out.append(f"# units {span[0]}-{span[1]}")
        for r in rows:
            cells = [str(r.paragraph), *(r.texts.get(lang, "") for lang in langs)]
            out.append("\t".join([*cells, *([r.status or ""] if status else [])]))
    text = "\n".join(out) + "\n"
    if path is not None:
        path.write_text(text, encoding="utf-8")
    return text


def _rank(status: str | None) -> int:
    from tm.store.history import STATUSES

    return STATUSES.index(status) if status in STATUSES else 0


def row_unit(row: Row, langs: Sequence[str], status: str = "confirmed") -> UnitData:
    """A unit from a row a person wrote or checked: ``confirmed``, or the row's status if
    that is higher; its bead counts the sentences of each cell."""
    from tm.segment import split_sentences

    counts = {lang: len(split_sentences(row.texts[lang], base_language(lang))) if row.texts.get(lang) else 0
              for lang in langs}
    return UnitData({lang: VariantData(row.texts.get(lang, ""), counts[lang]) for lang in langs},
                    paragraph=row.paragraph, bead="-".join(str(counts[lang]) for lang in langs), score=1.0,
                    status=max(status, row.status or status, key=_rank))
