"""The glossary: concepts (people, places, organisations, media, terms) and their terms
in each language, stored in the TM, read from and written to TOML, TSV, CSV and TBX,
matched in inflected text and enforced by QA checks.

    from tm.glossary import load_glossary
    glossary = load_glossary(tm)
    glossary.find("Назарбаевым", "ru")      # [TermMatch(concept_id="nazarbayev", ...)]
    glossary.renderings("nazarbayev", "en") # ["Nursultan Nazarbayev", "Nazarbayev"]
"""

from __future__ import annotations

from tm.glossary.match import Glossary, TermMatch
from tm.glossary.models import GlossaryConcept, GlossaryTerm
from tm.glossary.records import ConceptData, ConceptType, GlossaryError, Status, TermData
from tm.glossary.store import read_concepts, save_concepts
from tm.store.tm import TM


def load_glossary(tm: TM) -> Glossary:
    """The TM's glossary, ready to match (each language compiles on first use)."""
    return Glossary(read_concepts(tm))


__all__ = [
    "ConceptData", "ConceptType", "Glossary", "GlossaryConcept", "GlossaryError", "GlossaryTerm", "Status",
    "TermData", "TermMatch", "load_glossary", "read_concepts", "save_concepts",
]
