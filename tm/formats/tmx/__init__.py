"""TMX 1.4b: a streaming writer and a streaming, safe reader.

What is supported (see also the README):

- Export: TMX 1.4b with the DOCTYPE, a header (creationtool, creationtoolversion,
  datatype, segtype="sentence", o-tmf, adminlang, srclang, creationdate), one ``<tu>``
  per unit with ``tuid``, ``creationdate``/``changedate``, ``creationid``/``changeid``
  (who created and last changed it), ``<prop>`` of type ``x-doc``, ``x-paragraph``,
  ``x-position``, ``x-score``, ``x-bead``, ``x-status`` (and ``x-flags``),
  the unit's ``<note>``, and one ``<tuv xml:lang>`` per language with text. Inline
  markup imported from other tools is written back as it came.
- Import: TMX 1.1–1.4 (``lang`` or ``xml:lang``), UTF-8 or UTF-16 with a BOM, any
  number of languages per unit, ``srclang="*all*"``, inline bpt/ept/ph/it/hi/ut/sub kept
  losslessly, props and notes kept (tu and tuv level), other tu/tuv attributes kept
  (as ``tm:attr:NAME`` props, written back as attributes), language tags normalised. A
  ``<tu>``'s ``creationid``/``changeid`` and dates become the unit's provenance, an
  ``x-status`` prop its review status (a ``<tuv>``'s own are kept as they came).
  A second ``<tuv>`` of a language already present in the unit is dropped with a warning.
"""

from tm.formats.tmx.common import ATTR_PROP, DOCTYPE, NOTE_PROP, OWN_PROPS, STATUSES, XML_LANG, parse_date, tmx_date
from tm.formats.tmx.read import MAX_PARAGRAPH, ReadReport, check_tmx, document_meta, read_tmx
from tm.formats.tmx.write import WriteReport, write_tmx

__all__ = [
    "ATTR_PROP", "DOCTYPE", "MAX_PARAGRAPH", "NOTE_PROP", "OWN_PROPS", "STATUSES", "XML_LANG", "ReadReport", "WriteReport",
    "check_tmx", "document_meta", "parse_date", "read_tmx", "tmx_date", "write_tmx",
]
