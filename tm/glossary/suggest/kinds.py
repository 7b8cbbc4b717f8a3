"""The type of a proposed concept, where the letters tell it; None where they do not.

Evidence, strongest first, all from the language itself and not from any list of names:
- quoted (outlets and organisations are written in quotes: «Республика»): ``media`` when a
  media word stands before it (газета, newspaper), else ``organisation``;
- a word of the name is an institution word (Bank, суд, одағы): ``organisation``;
- surname morphology in Russian or Kazakh (-ов, -ева, -ин, -ский, -енко, -ұлы…): ``person``;
- a locative preposition before it (в, из, in, from) or a Kazakh locative or ablative
  suffix on it: ``place``;
- a short form (the surname alone) used beside the full name: ``person``.
"""

from __future__ import annotations

import re

from tm.glossary.suggest.names import Name

_MEDIA_BEFORE = {
    "газета", "газеты", "газете", "газету", "газетой", "газеті", "газетінің", "газетіне", "телеканал",
    "телеканала", "портал", "портала", "сайт", "сайта", "журнал", "журнала", "агентство", "newspaper", "channel",
    "portal", "website", "magazine", "agency", "paper",
}
_INSTITUTION = re.compile(
    r"^(?:bank|court|union|ministry|office|committee|party|service|council|agency|fund|company|corporation|"
    r"group|police|prosecutor|parliament|government|commission|foundation|university|"
    r"банк\w*|суд\w*|союз\w*|министерств\w*|партия|партии|служб\w*|комитет\w*|совет\w*|фонд\w*|"
    r"компани\w*|корпораци\w*|полици\w*|прокуратур\w*|парламент\w*|правительств\w*|"
    r"сот\w*|одақ\w*|одағ\w*|министрліг\w*|партиясы\w*|қызмет\w*|комитет\w*|кеңес\w*|қор\w*)$",
    re.IGNORECASE,
)
_SURNAME = re.compile(
    r"(?:ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|цкий|ская|цкая|енко|вич|ұлы|қызы|"
    r"ov|ev|in|ova|eva|ina|sky|skiy|enko|vich)$"
)
_PLACE_BEFORE = {"в", "во", "из", "in", "from"}
_KK_PLACE_SUFFIX = re.compile(r"(?:да|де|та|те|дан|ден|нан|нен|тан|тен|дағы|дегі|тағы|тегі)$")


def guess_type(names: dict[str, Name]) -> str | None:
    occurrences = [o for n in names.values() for o in n.occurrences]
    if 2 * sum(o.quoted for o in occurrences) >= len(occurrences):
        return "media" if any(o.before in _MEDIA_BEFORE for o in occurrences) else "organisation"
    spellings = [s for n in names.values() for s in n.spellings]
    if any(_INSTITUTION.match(w) for s in spellings for w in s):
        return "organisation"
    surname = any(
        len(w) > 4 and _SURNAME.search(w.lower()) for lang in ("ru", "kk") if lang in names
        for s in names[lang].spellings for w in s[-1:]
    )
    if surname:
        return "person"
    if any(o.before in _PLACE_BEFORE for o in occurrences):
        return "place"
    kk = names.get("kk")
    if kk is not None and any(
        _KK_PLACE_SUFFIX.search(form[-1]) and form not in kk.spellings for forms in kk.spellings.values()
        for form in forms
    ):
        return "place"
    return "person" if any(n.short for n in names.values()) else None
