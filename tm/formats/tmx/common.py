"""What the TMX reader and writer share: tm's own prop types and TMX's date form."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
#: Prop types that carry tm's own unit fields; read back into those fields.
OWN_PROPS = ("x-doc", "x-paragraph", "x-position", "x-score", "x-bead", "x-flags", "x-status")
#: The review statuses an ``x-status`` prop may carry (tm.store.history.STATUSES).
STATUSES = ("machine", "confirmed", "approved")
#: Prefix of the props that keep a tu's or tuv's other attributes.
ATTR_PROP = "tm:attr:"
#: Extra notes of a unit beyond the first.
NOTE_PROP = "tm:note"
_TU_OWN_ATTRS = {"tuid", "creationdate", "changedate", "creationid", "changeid"}


def tmx_date(value: dt.datetime) -> str:
    """TMX's date form, YYYYMMDDThhmmssZ, in UTC."""
    if value.tzinfo is not None and value.utcoffset():
        value = value.astimezone(dt.timezone.utc)
    return f"{value.year:04d}{value.month:02d}{value.day:02d}T{value.hour:02d}{value.minute:02d}{value.second:02d}Z"


_DATE_FORM = re.compile(r"(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z")


@lru_cache(maxsize=4096)
def parse_date(value: str | None) -> dt.datetime | None:
    """A TMX date, or None when it is not one (the attribute is then kept as it was).
    Cached: the units of one file mostly share a few dates (datetimes are immutable)."""
    m = _DATE_FORM.fullmatch(value or "")
    if not m:
        return None
    try:
        return dt.datetime(*map(int, m.groups()), tzinfo=dt.timezone.utc)
    except ValueError:
        return None
