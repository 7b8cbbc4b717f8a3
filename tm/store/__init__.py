"""The translation-memory store: models and the :class:`TM` facade."""

from tm.store.models import Document, Unit, UnitProp, Variant
from tm.store.tm import TM, DocumentData, default_url

__all__ = ["TM", "Document", "DocumentData", "Unit", "UnitProp", "Variant", "default_url"]
