"""`tm glossary suggest`: names in the letters that no glossary concept covers, proposed as
draft concepts in en, ru and kk (see docs/glossary.md, "Suggesting new names").

    from tm.glossary.suggest import suggest, from_tm
    for s in suggest(from_tm(tm), load_glossary(tm)):
        print(s.proposal.preferred, s.type, s.confidence)

Steps: candidate names per language (:mod:`.extract`, glossary matches masked), their forms
grouped under dictionary forms and spelling variants (:mod:`.forms`, :mod:`.names`), paired
across languages through the units they share (:mod:`.pair`), proposed by the glossary
policy (:mod:`.propose`, :mod:`.kinds`), ranked by occurrences x documents x confidence.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tm.errors import InputError
from tm.glossary.match import Glossary
from tm.glossary.suggest.extract import Extractor, Occurrence, absorb_surnames, vocabulary
from tm.glossary.suggest.forms import EXACT
from tm.glossary.suggest.kinds import guess_type
from tm.glossary.suggest.names import Name, group_names, split_joined
from tm.glossary.suggest.pair import Link, join_by_spelling, members, pair
from tm.glossary.suggest.propose import LANGS, Proposal, propose
from tm.glossary.suggest.sources import TextUnit, file_language, from_files, from_tm
from tm.store.tm import TM
from tm.translit import spelling_key, variants

#: confidence of a name found in a one-language letter (nothing to pair it with)
ALONE_CONFIDENCE = 0.5
#: a concept missing a language its units have (the partner was not recognised) counts less
MISSING_LANGUAGE_FACTOR = 0.75
#: units listed per language in the evidence
MAX_EVIDENCE_UNITS = 10


@dataclass
class Suggestion:
    """One proposed concept with its evidence."""

    proposal: Proposal
    type: str | None
    confidence: float
    occurrences: int
    documents: int
    evidence: list[dict[str, object]] = field(default_factory=list)

    @property
    def score(self) -> float:
        return self.occurrences * self.documents * self.confidence

    def terms(self) -> dict[str, list[str]]:
        return {lang: self.proposal.terms(lang) for lang in LANGS}

    def as_dict(self) -> dict[str, object]:
        p = self.proposal
        return {
            "terms": self.terms(), "type": self.type, "confidence": round(self.confidence, 3),
            "score": round(self.score, 3), "occurrences": self.occurrences, "documents": self.documents,
            "scheme": p.scheme, "unattested": p.unattested,
            "admitted": {k: v for k, v in p.admitted.items() if v},
            "forbidden": {k: v for k, v in p.forbidden.items() if v},
            "evidence": self.evidence,
        }


def _occurrences(units: Sequence[TextUnit], glossary: Glossary) -> dict[str, list[Occurrence]]:
    by_lang: dict[str, list[TextUnit]] = defaultdict(list)
    for u in units:
        for lang in u.texts:
            by_lang[lang].append(u)
    out: dict[str, list[Occurrence]] = {}
    for lang, lang_units in by_lang.items():
        if lang not in LANGS:
            continue
        extractor = Extractor(lang, glossary, *vocabulary(u.texts[lang] for u in lang_units))
        found = [o for u in lang_units for o in extractor.occurrences(u.doc, u.unit, u.texts[lang])]
        out[lang] = split_joined(absorb_surnames(found), lang)
    return out


def _evidence(names: dict[str, Name], links: Sequence[Link]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for lang in LANGS:
        if lang not in names:
            continue
        n = names[lang]
        forms: dict[str, int] = defaultdict(int)
        for o in n.occurrences:
            forms[o.text] += 1
        units = sorted(n.units)
        out.append({
            "lang": lang, "occurrences": n.count, "forms": dict(sorted(forms.items(), key=lambda kv: -kv[1])),
            "units": [f"{d}#{u}" for d, u in units[:MAX_EVIDENCE_UNITS]], "units_total": len(units),
        })
    for k in links:
        out.append({
            "paired": [k.a.lang, k.b.lang], "by": k.by, "shared_units": k.shared, "dice": round(k.dice, 3),
            "confidence": k.confidence,
        })
    return out


def _prefer_partner_spellings(names: dict[str, Name]) -> None:
    """Choose each language's dictionary form in the light of the others' spellings."""
    for lang, n in names.items():
        keys: Counter[str] = Counter()
        for other, m in names.items():
            if other != lang:
                words = {w for s in (*m.spellings, *m.short) for w in s}
                keys.update({spelling_key(w) for w in words} | {EXACT + w for w in words})
        n.rechoose(keys)


def _romanized(names: dict[str, Name]) -> bool:
    """The English spelling is what a romanization scheme makes of the Russian one
    (Litvinenko): a name even where every language has it only at a sentence start."""
    if "en" not in names or "ru" not in names:
        return False
    english = {" ".join(s).casefold() for s in names["en"].spellings}
    return any(
        v.casefold() in english for s in names["ru"].spellings for v in variants(" ".join(s), "ru").values()
    )


def _langs_of(units_langs: dict[tuple[str, int], set[str]], names: dict[str, Name]) -> set[str]:
    return {lang for n in names.values() for u in n.units for lang in units_langs[u]}


def _concept(names: dict[str, Name], links: Sequence[Link], units_langs: dict[tuple[str, int], set[str]]
             ) -> Suggestion | None:
    if links:
        if all(n.weak for n in names.values()) and not _romanized(names):
            return None  # capitalised only by position in every language (Police / Полиция)
        confidence = sum(k.confidence for k in links) / len(links)
        if _langs_of(units_langs, names) - set(names):
            confidence *= MISSING_LANGUAGE_FACTOR
    else:
        if any(n.weak for n in names.values()) or any(len(units_langs[u]) > 1 for n in names.values() for u in n.units):
            return None  # in aligned units a name must be found in another language too
        confidence = ALONE_CONFIDENCE
    _prefer_partner_spellings(names)
    proposal = propose(names, links)
    return Suggestion(
        proposal, guess_type(names), round(confidence, 3),
        occurrences=max(n.count for n in names.values()),
        documents=len(set().union(*(n.docs for n in names.values()))),
        evidence=_evidence(names, links),
    )


def _distinct(suggestions: list[Suggestion]) -> list[Suggestion]:
    """No two suggestions propose one preferred term in a language: the better one stays."""
    taken: set[tuple[str, str]] = set()
    out = []
    for s in suggestions:
        keys = {(lang, t.casefold()) for lang, t in s.proposal.preferred.items()}
        if keys & taken:
            continue
        taken |= keys
        out.append(s)
    return out


def suggest(units: Sequence[TextUnit], glossary: Glossary) -> list[Suggestion]:
    """Proposed concepts for the names in ``units`` that ``glossary`` does not cover, best first."""
    occurrences = _occurrences(units, glossary)
    names = {lang: group_names(occ, lang) for lang, occ in occurrences.items() if occ}
    units_langs = {(u.doc, u.unit): set(u.texts) for u in units}
    concepts = pair(names)
    paired = {id(n) for links in concepts for n in members(links).values()}
    groups: list[tuple[dict[str, Name], list[Link]]] = [(members(links), links) for links in concepts]
    unpaired = [n for lang_names in names.values() for n in lang_names if id(n) not in paired]
    aligned = {u for u, langs in units_langs.items() if len(langs) > 1}
    groups += [({n.lang: n}, []) for n in unpaired if n.units & aligned]
    groups += [(g, []) for g in join_by_spelling([n for n in unpaired if not n.units & aligned])]
    found = [s for m, links in groups if (s := _concept(m, links, units_langs)) is not None]
    found.sort(key=lambda s: (-s.score, -s.confidence, s.proposal.preferred.get("en", "")))
    return _distinct(found)


@dataclass
class SuggestReport:
    """What `tm glossary suggest` prints: the suggestions, the units read, and the draft written."""

    suggestions: list[Suggestion]
    units: int
    draft: Path | None = None
    drafted: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "suggestions": [s.as_dict() for s in self.suggestions],
            "summary": {"suggestions": len(self.suggestions), "units": self.units,
                        "draft": str(self.draft) if self.draft else None, "drafted": self.drafted},
        }


def suggest_for(tm: TM, docs: Sequence[str] = (), files: Sequence[Path] = (), draft: Path | None = None
                ) -> SuggestReport:
    """Suggestions for TM documents (all by default) or for plain-text letters, with the TM's
    glossary; with ``draft``, also written there as a TOML file that the glossary will import."""
    from tm.glossary.store import read_concepts
    from tm.glossary.suggest.draft import draft_concepts, write_draft

    if files and docs:
        raise InputError("give --doc or --files, not both")
    units = from_files(files) if files else from_tm(tm, docs)
    # plain-text letters need no TM: without one the glossary is empty, and no TM is created
    concepts = [] if files and tm._version().state == "empty" else read_concepts(tm)
    found = suggest(units, Glossary(concepts))
    report = SuggestReport(found, len(units))
    if draft is not None:
        drafted = draft_concepts(found, concepts)
        write_draft(drafted, draft)
        report.draft, report.drafted = draft, len(drafted)
    return report


__all__ = [
    "SuggestReport", "Suggestion", "TextUnit", "file_language", "from_files", "from_tm", "suggest", "suggest_for",
]
