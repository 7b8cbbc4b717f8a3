"""The lookup engine: ranked fuzzy matches for a sentence, loaded once, used for many.

Candidates come from the index (:mod:`tm.index`), never from a scan of the TM;
they are scored by :mod:`tm.lookup.scoring` and returned with their targets, the
diff against the query, glossary hints and, on request, neighbouring units.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from sqlalchemy import Row, select
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from tm.errors import InputError, StoreError, db_reason
from tm.index import index_for
from tm.index.candidates import FIRST, Coverage
from tm.lang import base_language, normalize_tag, pick_tag
from tm.lookup.hints import GlossaryHints, Hint
from tm.lookup.normalize import Normalization
from tm.lookup.scoring import DiffOp, Penalty, diff, final_score, fuzzy, penalties
from tm.repair import repair
from tm.store import TM
from tm.store.models import Unit, Variant
from tm.scripts import LANGUAGE_SCRIPTS, has_script
from tm.textnorm import clean_text, search_form

#: The default minimum score (percent) of a match.
DEFAULT_MIN = 70.0
#: Extra characters allowed around the length window when normalisation differs from the
#: search form (the window is computed on search-form lengths).
LENGTH_SLACK = 0.15


@dataclass(frozen=True)
class ContextUnit:
    unit: int
    source: str
    target: dict[str, str]

    def as_dict(self) -> dict[str, object]:
        return {"unit": self.unit, "source": self.source, "target": self.target}


@dataclass
class Match:
    score: float
    fuzzy: float
    source: str
    target: dict[str, str]
    doc: str
    unit: int
    penalties: list[Penalty] = field(default_factory=list)
    diff: list[DiffOp] = field(default_factory=list)
    before: list[ContextUnit] = field(default_factory=list)
    after: list[ContextUnit] = field(default_factory=list)
    unit_id: int = 0
    repaired: dict[str, tuple[str, str]] = field(default_factory=dict)  # lang -> (target, what was replaced)
    status: str = "machine"  # the unit's review status: at equal score approved > confirmed > machine

    def brief(self) -> dict[str, object]:
        """The batch (JSON Lines) form."""
        return {"score": self.score, "source": self.source, "target": self.target, "doc": self.doc, "unit": self.unit,
                "status": self.status}

    def as_dict(self) -> dict[str, object]:
        out = self.brief()
        out.update(
            fuzzy=self.fuzzy, penalties=[p.as_dict() for p in self.penalties], diff=[list(op) for op in self.diff],
        )
        if self.before or self.after:
            out.update(before=[c.as_dict() for c in self.before], after=[c.as_dict() for c in self.after])
        if self.repaired:
            out["repaired"] = {lang: {"target": t, "note": note} for lang, (t, note) in self.repaired.items()}
        return out


@dataclass
class LookupResult:
    query: str
    source_lang: str
    target_langs: list[str]
    matches: list[Match]
    hints: list[Hint] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    coverage: Coverage | None = None  # None: every unit of one document was scored (--doc)

    def brief(self) -> dict[str, object]:
        return {"query": self.query, "matches": [m.brief() for m in self.matches]}

    def as_dict(self) -> dict[str, object]:
        return {
            "query": self.query, "from": self.source_lang, "to": self.target_langs,
            "matches": [m.as_dict() for m in self.matches], "glossary": [h.as_dict() for h in self.hints],
            "warnings": self.warnings, "coverage": self.coverage.as_dict() if self.coverage else None,
        }


def _tag_matches(stored: str, wanted: str) -> bool:
    """Whether ``stored`` could be what a request for ``wanted`` means (see :func:`tm.lang.pick_tag`)."""
    return stored == wanted or stored.startswith(wanted + "-")


def _source_variants(s: Session, rows: Sequence[Row], src: str) -> list[Row]:
    """The rows (id, unit id, lang, text, search) that a request for ``src`` means, by
    :func:`tm.lang.pick_tag` on each unit's languages: a unit's ``en-GB`` is left out when
    the unit also has ``en``."""
    rows = [r for r in rows if r[3] and _tag_matches(r[2], src)]
    regional = {r[1] for r in rows if r[2] != src}
    tags: dict[int, set[str]] = {}
    units = sorted(regional)
    for i in range(0, len(units), 500):
        chunk = units[i : i + 500]
        for uid, lang in s.execute(select(Variant.unit_id, Variant.lang).where(Variant.unit_id.in_(chunk))):  # type: ignore[attr-defined]
            tags.setdefault(uid, set()).add(lang)
    return [r for r in rows if r[2] == src or pick_tag(src, tags.get(r[1], {r[2]})) == r[2]]


class _Reaching:
    """Which candidates' search forms reach ``min_score`` against the query's, each
    candidate read and scored once however often it is offered. Candidates can be
    thousands, so only their search forms are read and scored (in one C loop per batch),
    and only the few that reach the minimum are read whole afterwards. The ids are the
    index's own integers, written into the statement as numbers: thousands of bound
    parameters would cost more to render than the rows cost to read."""

    def __init__(self, s: Session, query_search: str, min_score: float) -> None:
        self.cursor = s.connection().connection.driver_connection  # sqlite3 and psycopg both execute here
        self.query, self.cutoff = query_search, min_score / 100
        self.seen: set[int] = set()
        self.reached: dict[int, float] = {}  # variant id -> similarity (0..1), those at or above the cutoff

    def __call__(self, ids: Sequence[int]) -> list[int]:
        new = [vid for vid in ids if vid not in self.seen]
        self.seen.update(new)
        for i in range(0, len(new), 10_000):
            listed = ",".join(str(int(vid)) for vid in new[i : i + 10_000])
            rows = self.cursor.execute(f"SELECT id, search FROM variant WHERE id IN ({listed})").fetchall()
            found = process.extract(
                self.query, [search for _, search in rows], scorer=Levenshtein.normalized_similarity,
                score_cutoff=self.cutoff, limit=None,
            )
            self.reached.update((rows[at][0], score) for _, score, at in found)
        return [vid for vid in ids if vid in self.reached]

    def exact(self, ids: list[int]) -> bool:
        """Whether one of ``ids`` is the query itself: then no candidate can score higher,
        and the lookup need not spend its second budget (tm.index.candidates)."""
        return any(self.reached[vid] >= 1.0 for vid in self(ids))


def script_warning(text: str, lang: str) -> str | None:
    """A warning when a query has no letter of the script its language is written in."""
    expected = LANGUAGE_SCRIPTS.get(base_language(lang))
    if expected is None or not any(c.isalpha() for c in text):
        return None
    if not has_script(text, expected):
        return f"the query has no {expected} letters but --from is {lang}"
    return None


def length_window(length: int, min_score: float) -> tuple[int, int] | None:
    """Search-form lengths that can reach ``min_score`` against a query of ``length``
    characters: 1 - d/max(a, b) >= m needs m*a <= b <= a/m, as d is at least the length
    difference (None: any length can)."""
    m = min_score / 100
    if m <= 0:
        return None
    return math.floor(length * m), math.ceil(length / m)


class Lookup:
    """Fuzzy lookup in one TM. Create once, call :meth:`lookup` for every query."""

    def __init__(
        self, tm: TM, normalization: Normalization | None = None, glossary: GlossaryHints | None | bool = True
    ) -> None:
        tm.require()
        self.tm = tm
        self.norm = normalization or Normalization()
        self.index = index_for(tm.engine.dialect.name)
        self.glossary = GlossaryHints.load(tm) if glossary is True else (glossary or None)
        try:
            with tm.session() as s:
                if self.index.is_empty(s) and s.execute(select(Variant.id).limit(1)).first() is not None:
                    self.index.rebuild(s)  # an index emptied by hand, or lost: built again
        except (DBAPIError, tm.driver_error) as exc:
            with tm.session() as s:  # another process may have built it at the same moment
                if self.index.is_empty(s):
                    raise StoreError(f"could not build the lookup index of {tm.name} ({db_reason(exc)})") from None

    def lookup(
        self,
        query: str,
        source: str,
        targets: Sequence[str],
        min_score: float = DEFAULT_MIN,
        limit: int = 5,
        doc: str | None = None,
        context: int = 0,
    ) -> LookupResult:
        src = normalize_tag(source)
        tgts = [normalize_tag(t) for t in targets]
        if not 0 <= min_score <= 100:
            raise InputError(f"--min must be between 0 and 100, not {min_score:g}")
        if limit < 1 or context < 0:
            raise InputError("--limit must be at least 1 and --context at least 0")
        text = clean_text(query)
        if not text:
            raise InputError("the query is empty")
        result = LookupResult(text, src, tgts, [])
        if warning := script_warning(text, src):
            result.warnings.append(warning)
        if self.glossary is not None:
            result.hints = self.glossary.hints(text, src, tgts)
        with Session(self.tm.engine) as s:
            if doc is not None:
                self.tm.document(doc)
            scored, result.coverage = self._score(s, text, src, min_score, doc)
            _set_statuses(s, scored)
            # at equal score a unit a person approved or confirmed comes first
            scored.sort(key=lambda m: (-m.score, -STATUS_RANK.get(m.status, 0), -m.fuzzy, -m.unit_id))
            result.matches = scored[:limit]
            self._complete(s, result.matches, text, src, tgts, context)
            self._repair(result.matches, text, src, tgts)
        return result

    # -- steps ----------------------------------------------------------------------

    def _length_window(self, query_search: str, min_score: float) -> tuple[int, int] | None:
        slack = 0.0 if self.norm.is_search_form else LENGTH_SLACK * 100
        return length_window(len(query_search), min_score - slack)

    def _score(
        self, s: Session, text: str, src: str, min_score: float, doc: str | None
    ) -> tuple[list[Match], Coverage | None]:
        query_search = search_form(text)
        cols = select(Variant.id, Variant.unit_id, Variant.lang, Variant.text, Variant.search)
        coverage = None
        if doc is not None:  # one document: score all its units
            stmt = cols.join(Unit, Unit.id == Variant.unit_id).where(Unit.doc_id == doc)  # type: ignore[arg-type]
        else:
            window = self._length_window(query_search, min_score)
            if self.norm.is_search_form:
                reaching = _Reaching(s, query_search, min_score)
                picked = self.index.candidate_set(s, query_search, src, FIRST.scored, window, reaching.exact)
                ids = reaching(picked.ids)
            else:
                picked = self.index.candidate_set(s, query_search, src, FIRST.scored, window)
                ids = picked.ids
            coverage = picked.coverage
            if not ids:
                return [], coverage
            stmt = cols.where(Variant.id.in_(ids))  # type: ignore[attr-defined]
        norm_query = query_search if self.norm.is_search_form else self.norm.apply(text)
        out = []
        for _vid, unit_id, lang, vtext, vsearch in _source_variants(s, s.execute(stmt).all(), src):
            norm = vsearch if self.norm.is_search_form else self.norm.apply(vtext)
            raw = fuzzy(norm_query, norm, min_score)
            if raw < min_score or raw == 0:
                continue
            found = penalties(text, vtext, src)
            score = final_score(raw, found)
            if score >= min_score:
                out.append(Match(score, round(raw, 1), vtext, {}, "", 0, found, unit_id=unit_id))
        return out, coverage

    def _repair(self, matches: list[Match], query: str, src: str, tgts: list[str]) -> None:
        """Each fuzzy match's targets with the names and numbers that differ replaced, where
        that can be done safely (:mod:`tm.repair`); the same repair a pre-translation makes."""
        glossary = self.glossary.glossary if self.glossary is not None else None
        for m in matches:
            if m.score >= 100:
                continue
            for lang, target in m.target.items():
                if target:
                    fixed = repair(query, m.source, target, (src, lang), glossary)  # type: ignore[arg-type]
                    if fixed.target is not None:
                        m.repaired[lang] = (fixed.target, fixed.note)

    def _complete(
        self, s: Session, matches: list[Match], query: str, src: str, tgts: list[str], context: int
    ) -> None:
        """Fill in documents, positions, targets, diffs and neighbouring units."""
        if not matches:
            return
        units = {
            uid: (doc, pos)
            for uid, doc, pos in s.execute(
                select(Unit.id, Unit.doc_id, Unit.position).where(Unit.id.in_([m.unit_id for m in matches]))  # type: ignore[union-attr]
            )
        }
        neighbours: dict[tuple[str, int], int] = {}
        if context:
            for m in matches:
                doc, pos = units[m.unit_id]
                for uid, npos in s.execute(
                    select(Unit.id, Unit.position).where(
                        Unit.doc_id == doc, Unit.position.between(pos - context, pos + context)  # type: ignore[arg-type, attr-defined]
                    )
                ):
                    neighbours[(doc, npos)] = uid
        wanted = {m.unit_id for m in matches} | set(neighbours.values())
        texts = _variant_texts(s, wanted, [src, *tgts])
        for m in matches:
            m.doc, m.unit = units[m.unit_id]
            m.target = {t: texts.get((m.unit_id, t), "") for t in tgts}
            m.diff = diff(query, m.source)
            for offset in range(-context, context + 1):
                uid = neighbours.get((m.doc, m.unit + offset))
                if offset == 0 or uid is None:
                    continue
                c = ContextUnit(m.unit + offset, texts.get((uid, src), ""), {t: texts.get((uid, t), "") for t in tgts})
                (m.before if offset < 0 else m.after).append(c)


#: How much a unit's review status is trusted (tm.store.history.STATUSES, in order).
STATUS_RANK = {"machine": 0, "confirmed": 1, "approved": 2}


def _set_statuses(s: Session, matches: list[Match]) -> None:
    ids = list({m.unit_id for m in matches})
    status: dict[int, str] = {}
    for i in range(0, len(ids), 500):
        status.update(s.execute(select(Unit.id, Unit.status).where(Unit.id.in_(ids[i : i + 500]))).all())  # type: ignore[union-attr, arg-type]
    for m in matches:
        m.status = status.get(m.unit_id, "machine")


def _variant_texts(s: Session, unit_ids: set[int], langs: list[str]) -> dict[tuple[int, str], str]:
    """(unit id, wanted tag) -> text, the tag :func:`tm.lang.pick_tag` picks among the unit's."""
    by_unit: dict[int, dict[str, str]] = {}
    ids = list(unit_ids)
    for i in range(0, len(ids), 500):
        for uid, lang, text in s.execute(
            select(Variant.unit_id, Variant.lang, Variant.text).where(Variant.unit_id.in_(ids[i : i + 500]))  # type: ignore[attr-defined]
        ):
            by_unit.setdefault(uid, {})[lang] = text
    out: dict[tuple[int, str], str] = {}
    for uid, texts in by_unit.items():
        for wanted in langs:
            tag = pick_tag(wanted, texts)
            if tag is not None:
                out[(uid, wanted)] = texts[tag]
    return out
