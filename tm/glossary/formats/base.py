"""The reader/writer interface every glossary file format implements."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar, Protocol

from tm.glossary.records import ConceptData


class GlossaryFormat(Protocol):
    """One file format: a name, the extensions it is written to, a reader and a writer.

    ``read`` returns concepts with file lines set (for error messages) and leaves
    validation of the whole glossary to the caller; ``write`` writes all of them.
    """

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]

    def read(self, path: Path) -> list[ConceptData]: ...

    def write(self, concepts: Sequence[ConceptData], path: Path) -> None: ...
