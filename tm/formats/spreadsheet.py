"""Cells a spreadsheet would run as formulas, made inert for CSV and TSV files.

Excel, LibreOffice and Google Sheets take a cell that starts with ``=``, ``+``, ``-`` or
``@`` (or a tab or carriage return before one) as a formula, and a formula can fetch
URLs or run commands (``=HYPERLINK(...)``). A leading apostrophe makes them show the cell
as text, and hide the apostrophe. The rule is reversible: a cell that already starts
with apostrophes before such a character gets one more, and :func:`restore` takes one
away, so that a file tm reads back (a glossary) gives the text that was written.
"""

from __future__ import annotations

import re

#: Characters that make a spreadsheet read a cell as a formula when it starts with one.
FORMULA_START = "=+-@\t\r"
_RISKY = re.compile(r"'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")


def neutralise(cell: str) -> str:
    """``cell`` with an apostrophe in front when a spreadsheet would run it as a formula."""
    return "'" + cell if cell and cell[0] in "=+-@\t\r'" and _RISKY.match(cell) else cell


def restore(cell: str) -> str:
    """The text :func:`neutralise` was given."""
    return cell[1:] if cell.startswith("'") and _NEUTRALISED.match(cell) else cell


__all__ = ["FORMULA_START", "neutralise", "restore"]
