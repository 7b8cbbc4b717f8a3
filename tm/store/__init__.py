"""The translation-memory store: models, records and the :class:`TM` facade."""

from tm.store.models import Document, Unit, UnitProp, Variant
from tm.store.records import DocumentData, PropData, UnitData, VariantData
from tm.store.tm import TM, default_url

# Modules that own tables or hooks; imported for their side effect. (Not "import tm.index":
# that would bind the name "tm" here and hide the submodule tm.store.tm.)
from tm import index as _index  # noqa: E402,F401  (the lookup index's store hook and tables)
from tm.glossary import models as _glossary_models  # noqa: E402,F401  (the glossary's tables)

__all__ = [
    "TM", "Document", "DocumentData", "PropData", "Unit", "UnitData", "UnitProp", "Variant", "VariantData",
    "default_url",
]
