"""Sentence alignment of two or three language versions of one letter.

Pairwise alignment is a dynamic programme over *beads* (1-1, 1-2, 2-1, 1-0, 0-1,
2-2, 1-3, 3-1). A bead's cost is the Gale–Church length cost, as
:func:`nltk.translate.gale_church.align_log_prob` computes it, with the length ratio
measured on the two texts, plus anchor evidence (:mod:`tm.anchors`): shared numbers and
names lower the cost, numbers found on one side only and disagreeing question
marks, exclamation marks or quotes raise it.

Paragraphs are paired first: by position when both versions have the same
number of paragraphs, otherwise by the same programme with paragraphs as items
when the paragraph structures are comparable; sentences are then aligned inside
each paragraph bead. When the structures differ widely, sentences are aligned
over the whole text. Every programme runs within a band around the length
diagonal (:mod:`tm.banded`), so time and memory grow linearly with the letter.

Then a lexical pass (:mod:`tm.lexpass`) learns stem translations from the
confident beads (joined to a TM's or glossary's lexicon when given) and detaches,
as 1-0, a sentence that shares no words with its bead.

Three versions are aligned pairwise against a pivot (the first language) and
merged into units; the two non-pivot versions are aligned directly too. A merged
unit is split where two pairwise views outvote the third (:mod:`tm.threeway`), and
units where the direct alignment still disagrees are flagged ``disputed``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from tm.anchors import Anchors, compare, extract
from tm.banded import Work, best_path
from tm.lang import base_language
from tm.lexicon import Lexicon
from tm.confidence import DISPUTED, REVIEW_BELOW, needs_review
from tm.segment import Segmented

#: Bead priors: Gale and Church's (1993), the ones ``nltk.translate.gale_church`` holds,
#: plus 1-3 and 3-1 for a sentence split in three. They are written out because importing
#: tm.align, as the CLI does, must not import nltk (the rule: ``_tokenizer`` in tm.segment).
PRIORS: dict[tuple[int, int], float] = {
    (1, 0): 0.0099, (0, 1): 0.0099, (1, 1): 0.89, (2, 1): 0.089, (1, 2): 0.089, (2, 2): 0.011,
    (1, 3): 0.0025,
    (3, 1): 0.0025,
}
#: Cost (in the same log units as the length cost) per shared anchor: a bonus.
MATCH_BONUS = 2.0
#: Cost per number that occurs on one side of a bead only.
NUMBER_PENALTY = 2.5
#: Cost per kind of sentence punctuation (?, !, quotes) present on one side only.
PUNCT_PENALTY = 1.0
#: Cost of a sentence with no counterpart (1-0, 0-1), on top of its prior. nltk's
#: Gale–Church cost for a deletion grows with the sentence's length, so a dropped
#: sentence is almost always absorbed into a neighbour's 2-1 bead instead; a flat
#: cost lets a missing sentence show as missing, and still keeps a 1-1 pair unless
#: its length ratio is more than about four standard deviations off.
DELETION_COST = 2.0
#: Target/source character-length ratios measured on NTREX-128 (newstest2019, en source,
#: ru and kk references). A text's own ratio is shrunk towards these, so that a short
#: text, or one with a sentence missing, does not skew its own length model.
LENGTH_RATIO_PRIORS: dict[tuple[str, str], float] = {
    ("en", "ru"): 1.11, ("en", "kk"): 1.05, ("ru", "kk"): 0.95,
}
#: How many characters of evidence the prior ratio is worth.
RATIO_PRIOR_WEIGHT = 1500
#: Paragraphs are aligned first when the smaller paragraph count is at least this share of the larger.
PARAGRAPH_AGREEMENT = 0.8


class _Params:
    """Gale–Church parameters for one language pair (the shape nltk expects)."""

    VARIANCE_CHARACTERS = 6.8  # Gale and Church's variance of the length ratio, as nltk's
    PRIORS = PRIORS

    def __init__(self, ratio: float) -> None:
        self.AVERAGE_CHARACTERS = ratio


@dataclass(frozen=True)
class Bead:
    """One pairwise correspondence: source item indices, target item indices, confidence."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float


def length_delta(ls: int, lt: int, ratio: float) -> float:
    """How far a target of ``lt`` characters is from the length a source of ``ls`` predicts
    (``ratio``: target characters per source character), in standard deviations (Gale-Church)."""
    m = (ls + lt / ratio) / 2
    if m <= 0:
        return 0.0
    return (ls * ratio - lt) / math.sqrt(m * _Params.VARIANCE_CHARACTERS)


def bead_confidence(src: Anchors, tgt: Anchors, ratio: float) -> float:
    """A 0–1 confidence for one bead.

    Length fit is ``exp(-delta²/8)`` (1 at the expected length ratio, 0.61 at two
    standard deviations, 0.14 at four); each shared anchor halves the remaining
    doubt, each one-sided number takes 40% off, each punctuation mismatch 20%. A
    sentence with no counterpart (1-0, 0-1) never scores above 0.5: it always
    deserves a look.
    """
    if not src.length or not tgt.length:
        return round(min(0.5, 0.25 + 0.05 * (compare(src, tgt).unmatched_numbers == 0)), 3)
    fit = math.exp(-(length_delta(src.length, tgt.length, ratio) ** 2) / 8)
    ev = compare(src, tgt)
    for _ in range(ev.matched):
        fit = 1 - (1 - fit) * 0.5
    fit *= 0.6**ev.unmatched_numbers * 0.8**ev.punctuation_mismatch
    return round(fit, 3)


def _group_sums(items: Sequence[Anchors], width: int) -> list[list[Anchors]]:
    """sums[i][a] = anchors of items[i-a:i], for a up to ``width``."""
    sums = []
    for i in range(len(items) + 1):
        row = [Anchors()]
        for a in range(1, width + 1):
            row.append(row[-1] + items[i - a] if i - a >= 0 else row[-1])
        sums.append(row)
    return sums


_LOG_PRIORS = {ab: math.log(p) for ab, p in PRIORS.items()}
_SQRT2 = math.sqrt(2)


def _length_cost(ls: int, lt: int, ratio: float, a: int, b: int) -> float:
    """Gale and Church's bead cost, -log(P(delta) · prior), as
    :func:`nltk.translate.gale_church.align_log_prob` computes it (with the exact erfc)."""
    tail = math.erfc(abs(length_delta(ls, lt, ratio)) / _SQRT2)
    if tail <= 0.0:
        return math.inf
    return -(math.log(tail) + _LOG_PRIORS[(a, b)])


def _cost(
    i: int, j: int, a: int, b: int, src: list[list[Anchors]], tgt: list[list[Anchors]],
    src_lens: list[int], tgt_lens: list[int], params: _Params,
) -> float:
    if a == 0 or b == 0:
        # A sentence with no counterpart claims no equivalence: its numbers are not
        # "unmatched", and its cost does not depend on its length (see DELETION_COST).
        return -math.log(PRIORS[(a, b)]) + DELETION_COST
    length_cost = _length_cost(sum(src_lens[i - a : i]), sum(tgt_lens[j - b : j]), params.AVERAGE_CHARACTERS, a, b)
    ev = compare(src[i][a], tgt[j][b])
    return (
        length_cost
        - MATCH_BONUS * ev.matched
        + NUMBER_PENALTY * ev.unmatched_numbers
        + PUNCT_PENALTY * ev.punctuation_mismatch
    )


def _sum(items: Sequence[Anchors]) -> Anchors:
    total = Anchors()
    for item in items:
        total = total + item
    return total


def align_items(src: Sequence[Anchors], tgt: Sequence[Anchors], ratio: float, work: Work | None = None) -> list[Bead]:
    """Best bead sequence between two item sequences (sentences or paragraphs), found
    within a band around the length diagonal (:mod:`tm.banded`), so linear in their number."""
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.25) for i in range(n)] + [Bead((), (j,), 0.25) for j in range(m)]
    params = _Params(ratio)
    # nltk's cost divides by the lengths: an empty item must count as one character.
    src_lens = [max(x.length, 1) for x in src]
    tgt_lens = [max(x.length, 1) for x in tgt]
    width = max(max(a, b) for a, b in PRIORS)
    src_sums, tgt_sums = _group_sums(src, width), _group_sums(tgt, width)

    def cost(i: int, j: int, a: int, b: int) -> float:
        return _cost(i, j, a, b, src_sums, tgt_sums, src_lens, tgt_lens, params)

    beads: list[Bead] = []
    for i, j, (a, b) in best_path(src_lens, tgt_lens, list(PRIORS), cost, work):
        score = bead_confidence(src_sums[i][a], tgt_sums[j][b], ratio)
        beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), score))
    return beads


def length_ratio(src: Segmented, tgt: Segmented) -> float:
    """Expected target/source length ratio: the text's own, shrunk towards the pair's prior."""
    ls = sum(len(s) for s in src.sentences)
    lt = sum(len(s) for s in tgt.sentences)
    a, b = base_language(src.lang), base_language(tgt.lang)
    prior = LENGTH_RATIO_PRIORS.get((a, b)) or 1 / LENGTH_RATIO_PRIORS.get((b, a), 1.0)
    if not ls or not lt:
        return prior
    return (prior * RATIO_PRIOR_WEIGHT + lt) / (RATIO_PRIOR_WEIGHT + ls)


def paragraphs_comparable(src: Segmented, tgt: Segmented) -> bool:
    a, b = len(src.paragraphs), len(tgt.paragraphs)
    return min(a, b) >= PARAGRAPH_AGREEMENT * max(a, b)


def align_pair(src: Segmented, tgt: Segmented, work: Work | None = None) -> list[Bead]:
    """Sentence beads between two versions, indices into ``.sentences``."""
    ratio = length_ratio(src, tgt)
    s_anchor = [extract(s) for s in src.sentences]
    t_anchor = [extract(s) for s in tgt.sentences]
    if not paragraphs_comparable(src, tgt):
        return align_items(s_anchor, t_anchor, ratio, work)

    def spans(seg: Segmented) -> list[range]:
        out, start = [], 0
        for para in seg.paragraphs:
            out.append(range(start, start + len(para)))
            start += len(para)
        return out

    s_spans, t_spans = spans(src), spans(tgt)
    if len(s_spans) == len(t_spans):
        # The same number of paragraphs: translators keep a letter's paragraphs, so
        # paragraph k answers paragraph k (and a shifted pairing cannot creep in).
        pbeads = [Bead((k,), (k,), 1.0) for k in range(len(s_spans))]
    else:
        s_par = [_sum([s_anchor[k] for k in r]) for r in s_spans]
        t_par = [_sum([t_anchor[k] for k in r]) for r in t_spans]
        pbeads = align_items(s_par, t_par, ratio, work)
    beads: list[Bead] = []
    for pbead in pbeads:
        s_idx = [k for p in pbead.src for k in s_spans[p]]
        t_idx = [k for p in pbead.tgt for k in t_spans[p]]
        inner = align_items([s_anchor[k] for k in s_idx], [t_anchor[k] for k in t_idx], ratio, work)
        for bead in inner:
            beads.append(Bead(tuple(s_idx[k] for k in bead.src), tuple(t_idx[k] for k in bead.tgt), bead.score))
    return beads


@dataclass
class Unit:
    """One aligned position: the sentences of each language, a confidence, flags."""

    sentences: dict[str, list[str]]
    paragraph: int
    score: float
    flags: list[str] = field(default_factory=list)

    def text(self, lang: str) -> str:
        return " ".join(self.sentences.get(lang, []))

    def shape(self, langs: Sequence[str]) -> str:
        return "-".join(str(len(self.sentences.get(lang, []))) for lang in langs)

    @property
    def needs_review(self) -> bool:
        return needs_review(self.score, self.flags)


@dataclass
class Alignment:
    """The aligned units of one letter, plus warnings raised on the way."""

    langs: list[str]
    units: list[Unit]
    warnings: list[str] = field(default_factory=list)

    def review(self) -> list[int]:
        """Positions (0-based) of the units a person should check."""
        return [k for k, u in enumerate(self.units) if u.needs_review]


def _paragraph_of(seg: Segmented) -> list[int]:
    return [p for p, para in enumerate(seg.paragraphs) for _ in para]


def _merge(pivot: str, pairs: dict[str, list[Bead]]) -> list[tuple[list[int], dict[str, list[int]], float]]:
    """Merge pivot→other bead lists into multi-way groups (the finest common grouping)."""
    others = list(pairs)
    pos = {lang: 0 for lang in others}  # next bead per language
    consumed = {lang: 0 for lang in others}  # pivot sentences covered so far
    groups = []
    cur_pivot: set[int] = set()
    cur_other: dict[str, list[int]] = {lang: [] for lang in others}
    cur_score = 1.0
    while any(pos[lang] < len(pairs[lang]) for lang in others):
        low = min(consumed[lang] for lang in others if pos[lang] < len(pairs[lang])) if others else 0
        for lang in others:
            if pos[lang] < len(pairs[lang]) and consumed[lang] == low:
                bead = pairs[lang][pos[lang]]
                pos[lang] += 1
                consumed[lang] += len(bead.src)
                cur_pivot.update(bead.src)
                cur_other[lang].extend(bead.tgt)
                cur_score = min(cur_score, bead.score)
                break
        done = [consumed[lang] for lang in others]
        if len(set(done)) == 1 and not cur_pivot:
            # A sentence with no pivot counterpart: sentences that the other versions
            # insert at the same place are its counterparts (0-1-1, not 0-1-0 + 0-0-1).
            for lang in others:
                while pos[lang] < len(pairs[lang]) and not pairs[lang][pos[lang]].src and not cur_other[lang]:
                    cur_other[lang].extend(pairs[lang][pos[lang]].tgt)
                    cur_score = min(cur_score, pairs[lang][pos[lang]].score)
                    pos[lang] += 1
        if len(set(done)) == 1:
            groups.append((sorted(cur_pivot), cur_other, cur_score))
            cur_pivot, cur_other, cur_score = set(), {lang: [] for lang in others}, 1.0
    return groups


def _paragraph_warnings(versions: dict[str, Segmented], langs: list[str]) -> list[str]:
    pivot = versions[langs[0]]
    return [
        f"paragraph counts differ widely ({langs[0]}: {len(pivot.paragraphs)}, "
        f"{lang}: {len(versions[lang].paragraphs)}): aligned over the whole text"
        for lang in langs[1:] if not paragraphs_comparable(pivot, versions[lang])
    ]


def align(versions: dict[str, Segmented], work: Work | None = None, lexicon: Lexicon | None = None) -> Alignment:
    """Align one, two or three versions; the first language is the pivot. ``work``, if
    given, counts the dynamic programmes' cells (linear in the letter's size).

    Each pair is aligned with lengths and anchors; the stem pairs of its confident
    beads, joined to ``lexicon`` (if given: the TM's, the glossary's), then detach
    sentences that share no words with their unit (:mod:`tm.lexpass`)."""
    langs = list(versions)
    if not langs:
        return Alignment([], [])
    warnings = _paragraph_warnings(versions, langs)
    sent = {lang: versions[lang].sentences for lang in langs}
    para = {lang: _paragraph_of(versions[lang]) for lang in langs}
    if len(langs) == 1:
        units = [Unit({langs[0]: [s]}, para[langs[0]][k], 1.0) for k, s in enumerate(sent[langs[0]])]
        return Alignment(langs, units, warnings)

    wanted = [(langs[0], lang) for lang in langs[1:]] + ([(langs[1], langs[2])] if len(langs) == 3 else [])
    beads = {(a, b): align_pair(versions[a], versions[b], work) for a, b in wanted}
    from tm.lexpass import lexical_pass  # it builds tm.align's beads

    beads = lexical_pass(versions, beads, lexicon)
    pairs = {lang: beads[(langs[0], lang)] for lang in langs[1:]}
    groups = _merge(langs[0], pairs)
    if len(langs) == 3:
        from tm.threeway import refine  # it reads tm.align's beads

        parts = refine([({langs[0]: piv, **others}, score) for piv, others, score in groups], beads, langs)
        groups = [(g[langs[0]], {lang: g[lang] for lang in langs[1:]}, score) for g, score in parts]
    check: dict[int, int] = {}
    if len(langs) == 3:
        # Direct alignment of the two non-pivot versions: which bead each sentence of the second is in.
        a, b = langs[1], langs[2]
        direct = beads[(a, b)]
        for n_bead, bead in enumerate(direct):
            for k in bead.tgt:
                check[k] = n_bead
        direct_of_a = {k: n for n, bead in enumerate(direct) for k in bead.src}
    units = []
    for piv, others, score in groups:
        sentences = {langs[0]: [sent[langs[0]][k] for k in piv]}
        for lang in langs[1:]:
            sentences[lang] = [sent[lang][k] for k in others.get(lang, [])]
        paragraph = next(
            (para[lang][idx[0]] for lang, idx in [(langs[0], piv), *others.items()] if idx), 0
        )
        flags: list[str] = []
        if len(langs) == 3:
            beads_a = {direct_of_a[k] for k in others[langs[1]]}
            beads_b = {check[k] for k in others[langs[2]]}
            if others[langs[1]] and others[langs[2]] and not (beads_a & beads_b):
                flags.append(DISPUTED)
                score = min(score, REVIEW_BELOW - 0.01)
        units.append(Unit(sentences, paragraph, score, flags))
    return Alignment(langs, units, warnings)
