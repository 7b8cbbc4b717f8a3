"""tm: a translation memory for Russian, English and Kazakh letters.

The public API, everything a command does, callable from Python::

    from tm import TM, build, BuildPaths
    result = build(TM("sqlite:///build/letters.db"), BuildPaths(corpora=Path("corpora")))
    print(result.as_dict())          # what `tm build --json` prints

Each name below is imported on first use (only the store and the layers it needs load with ``tm``).
Results are typed dataclasses; those a command prints as JSON carry ``as_dict()``.
"""

from __future__ import annotations

import sys
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from types import ModuleType
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("tm")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

#: public name -> the module that defines it
_API: dict[str, str] = {
    # the store
    "TM": "tm.compose", "Stats": "tm.store.tm",
    "list_documents": "tm.documents", "DocumentSummary": "tm.documents",
    "show_document": "tm.documents", "DocumentView": "tm.documents",
    # the build (``tm build``)
    "build": "tm.build", "BuildPaths": "tm.build", "BuildResult": "tm.build",
    # segmenting and aligning
    "segment": "tm.segment", "align": "tm.align", "Alignment": "tm.align",
    # import and export (``tm import``, ``tm export``)
    "import_letter": "tm.letters", "import_corpora": "tm.letters", "LetterImport": "tm.letters",
    "align_files": "tm.letters", "FilesAlignment": "tm.letters",
    "import_tmx": "tm.exchange", "TmxImport": "tm.exchange",
    "export_tmx": "tm.exchange", "export_table": "tm.exchange", "ExportResult": "tm.exchange",
    "import_xliff": "tm.xliff_import",
    # lookup and concordance (``tm lookup``, ``tm concordance``)
    "Lookup": "tm.lookup.engine", "LookupResult": "tm.lookup.engine", "concordance": "tm.lookup.concordance",
    # QA (``tm qa``) and the glossary
    "run_qa": "tm.qa.runner", "QAResult": "tm.qa.findings", "Finding": "tm.qa.findings",
    "load_glossary": "tm.glossary",
    # new letters (``tm analyze``, ``tm pretranslate``)
    "analyze": "tm.analyze", "pretranslate": "tm.pretranslate",
    # language tags
    "normalize_tag": "tm.lang", "base_language": "tm.lang", "pick_tag": "tm.lang",
    # errors
    "TMError": "tm.errors", "InputError": "tm.errors",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use (PEP 562)."""
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'tm' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


class _Package(ModuleType):
    """The package ``tm``: a public function named like the module that defines it
    (``tm.build``, ``tm.align``) stays the function after that module is imported.

    Importing ``tm.build`` sets the attribute ``build`` of ``tm`` to the module; without
    this, ``from tm import build`` would give the module or the function depending on
    what was imported before."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, ModuleType) and _API.get(name) == value.__name__:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


# The layers built on the store (the lookup index, the glossary) are wired into every TM
# when the package loads, whichever module a program imports first: a TM opened through
# tm.store directly must not miss the index hook and let the index fall behind its units.
from tm import compose as _compose  # noqa: E402,F401


if TYPE_CHECKING:  # what type checkers and editors see
    from tm.align import Alignment, align
    from tm.analyze import analyze
    from tm.build import BuildPaths, BuildResult, build
    from tm.documents import DocumentSummary, DocumentView, list_documents, show_document
    from tm.errors import InputError, TMError
    from tm.exchange import ExportResult, TmxImport, export_table, export_tmx, import_tmx
    from tm.glossary import load_glossary
    from tm.lang import base_language, normalize_tag, pick_tag
    from tm.letters import FilesAlignment, LetterImport, align_files, import_corpora, import_letter
    from tm.lookup.concordance import concordance
    from tm.lookup.engine import Lookup, LookupResult
    from tm.pretranslate import pretranslate
    from tm.qa.findings import Finding, QAResult
    from tm.qa.runner import run_qa
    from tm.segment import segment
    from tm.compose import TM
    from tm.store.tm import Stats
    from tm.xliff_import import import_xliff
