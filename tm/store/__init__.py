"""The translation-memory store: models, records and the :class:`TM` facade.

The store knows nothing of the layers built on it (the lookup index, the glossary):
:mod:`tm.compose` wires them in, and every entry point opens a TM through it.
"""

from tm.store.models import Document, Unit, UnitProp, Variant
from tm.store.records import DocumentData, PropData, UnitData, VariantData
from tm.store.tm import TM, default_url

__all__ = [
    "TM", "Document", "DocumentData", "PropData", "Unit", "UnitData", "UnitProp", "Variant", "VariantData",
    "default_url",
]
