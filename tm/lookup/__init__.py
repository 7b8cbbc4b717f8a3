"""Fuzzy lookup and concordance over the TM (issue 6).

- :class:`Lookup`: ranked fuzzy matches for a sentence (:mod:`tm.lookup.engine`);
- :func:`concordance`: keyword in context with the aligned languages;
- :mod:`tm.lookup.scoring`: the score, its penalties and the diff;
- :mod:`tm.lookup.hints`: glossary hints (through the glossary's API, when present).
"""

from tm.lookup.concordance import Concordance, Line, concordance
from tm.lookup.engine import DEFAULT_MIN, LookupResult, Lookup, Match
from tm.lookup.hints import GlossaryHints, Hint
from tm.lookup.normalize import Normalization

__all__ = [
    "DEFAULT_MIN", "Concordance", "GlossaryHints", "Hint", "Line", "Lookup", "LookupResult", "Match", "Normalization",
    "concordance",
]
