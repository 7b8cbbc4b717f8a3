"""The banded dynamic programme: same answer as the full table, and work that grows linearly."""

from __future__ import annotations

import random
import tracemalloc

from tm.align import PRIORS, align
from tm.banded import MAX_WIDTH, Work, best_path
from tm.corpus import read_letter
from tm.segment import Segmented, segment

from .conftest import LETTER

STEPS = list(PRIORS)


def _length_cost(src: list[int], tgt: list[int]):
    def cost(i: int, j: int, a: int, b: int) -> float:
        if a == 0 or b == 0:
            return 6.0
        ls, lt = sum(src[i - a : i]), sum(tgt[j - b : j])
        return abs(ls - lt) / (ls + lt) * 20 + (a + b - 2) * 2.5

    return cost


def _texts(n: int, seed: int) -> tuple[list[int], list[int]]:
    """Target lengths that follow the source with noise, a merge now and then, a dropped item."""
    rng = random.Random(seed)
    src = [rng.randint(20, 200) for _ in range(n)]
    tgt: list[int] = []
    k = 0
    while k < n:
        r = rng.random()
        if r < 0.05 and k + 1 < n:
            tgt.append(src[k] + src[k + 1] + rng.randint(-5, 5))
            k += 2
            continue
        if r > 0.99:
            k += 1
            continue
        tgt.append(max(1, src[k] + rng.randint(-15, 15)))
        k += 1
    return src, tgt


def test_band_finds_the_full_tables_path() -> None:
    for seed in range(5):
        src, tgt = _texts(60, seed)
        cost = _length_cost(src, tgt)
        full = best_path(src, tgt, STEPS, cost, width=max(len(src), len(tgt)))
        assert best_path(src, tgt, STEPS, cost) == full


def test_band_work_grows_linearly() -> None:
    work = {}
    for n in (500, 4000):
        src, tgt = _texts(n, 7)
        w = Work()
        best_path(src, tgt, STEPS, _length_cost(src, tgt), w)
        work[n] = w.cells
    # the full table would grow 64 times; the band grows with the rows
    assert work[4000] <= 8 * 1.15 * work[500], work
    assert work[4000] <= len(STEPS) * 4001 * (2 * MAX_WIDTH + 1)


def test_a_long_insertion_moves_the_band() -> None:
    # 40 target items with no source counterpart in the middle: beyond the first band.
    src, _ = _texts(300, 3)
    tgt = src[:150] + [100] * 40 + src[150:]
    cost = _length_cost(src, tgt)
    work = Work()
    path = best_path(src, tgt, STEPS, cost, work)
    assert work.runs > 1
    assert path == best_path(src, tgt, STEPS, cost, width=len(tgt))


def _letter(copies: int, one_paragraph: str | None = None) -> dict[str, Segmented]:
    """The letter's text repeated: many short paragraphs, as a long letter has."""
    source = read_letter(LETTER, ["en", "ru", "kk"])
    texts = {lang: "\n\n".join([text] * copies) for lang, text in source.texts.items()}
    if one_paragraph:
        texts[one_paragraph] = " ".join(texts[one_paragraph].split())
    return {lang: segment(text, lang) for lang, text in texts.items()}


def _measure(versions: dict[str, Segmented], memory: bool = True) -> tuple[int, int, int]:
    work = Work()
    if memory:
        tracemalloc.start()
    result = align(versions, work)
    peak = tracemalloc.get_traced_memory()[1] if memory else 0
    tracemalloc.stop()
    return work.cells, peak, len(result.units)


def test_letter_alignment_work_and_memory_grow_linearly() -> None:
    small, large = _measure(_letter(1)), _measure(_letter(4))
    assert large[2] == 4 * small[2]
    assert large[0] <= 4 * 1.1 * small[0], (small, large)
    assert large[1] <= 4 * 1.5 * small[1], (small, large)


def test_whole_text_alignment_work_grows_linearly() -> None:
    # A version without paragraph breaks is aligned sentence by sentence over the whole text.
    small, large = _measure(_letter(1, "ru"), False), _measure(_letter(4, "ru"), False)
    assert large[0] <= 4 * 2.0 * small[0], (small, large)
