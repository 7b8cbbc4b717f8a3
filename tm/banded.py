"""A dynamic programme over beads that evaluates a band of cells, not the whole table.

Aligning n source items with m target items looks at cells (i, j) of an
(n+1)×(m+1) table. The full table grows with n·m; a letter of thousands of short
paragraphs made that quadratic in time and memory. The band keeps, for each row i,
only the cells within ``width`` of a centre line, so the work is (n+1)·(2·width+1)
cells, linear in the size of the text.

The centre line follows the *cumulative lengths*: row i's centre is the target
item where the same share of the target text has been read as of the source text
at item i. Translations keep length proportions, so the true path stays close to
that line even when one side has a sentence or paragraph more, which a straight
diagonal i·m/n would not. Over a long text the two drift apart, though (local
length ratios vary), and a long insertion on one side moves the path away: when
the best path comes near the edge of the band, the band is moved onto that path
and the programme run again (a few times), then widened, up to
:data:`MAX_WIDTH`. Each run costs a constant per row, and the number of runs is
bounded, so the work stays linear.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: Initial half-width of the band, in items.
WIDTH = 8
#: The band is never widened beyond this half-width (the bound on work per row).
MAX_WIDTH = 64
#: How many times the band is moved onto the last best path before it is widened.
MAX_MOVES = 2
#: A best path within this many cells of a band edge (not the table's) widens the band.
EDGE_MARGIN = 1

Step = tuple[int, int]
CostFn = Callable[[int, int, int, int], float]


@dataclass
class Work:
    """What a programme cost: cells evaluated (bead costs computed) and runs made."""

    cells: int = 0
    runs: int = 0


def centres(src_lens: Sequence[int], tgt_lens: Sequence[int]) -> list[int]:
    """For each i in 0..n, the j at the same share of the text's length (monotone, 0 at 0, m at n)."""
    n, m = len(src_lens), len(tgt_lens)
    total_s, total_t = max(sum(src_lens), 1), max(sum(tgt_lens), 1)
    cum_t = [0]
    for x in tgt_lens:
        cum_t.append(cum_t[-1] + x)
    out, j, seen = [], 0, 0
    for i in range(n + 1):
        share = seen / total_s * total_t
        while j < m and abs(cum_t[j + 1] - share) <= abs(cum_t[j] - share):
            j += 1
        out.append(j)
        if i < n:
            seen += src_lens[i]
    out[-1] = m
    return out


def _bounds(centre: list[int], width: int, m: int) -> list[tuple[int, int]]:
    """Row bounds around the centre. Each row starts no later than the row before ends,
    so every cell is reachable (a 1-0 step down, then 0-1 steps along the row); a long
    item that jumps the centre by many rows widens that row only, so the total stays
    below (n+1)·(2·width+1) + m cells."""
    bounds: list[tuple[int, int]] = []
    for c in centre:
        lo, hi = max(0, c - width), min(m, c + width)
        if bounds:
            lo = min(lo, bounds[-1][1])
        bounds.append((lo, hi))
    bounds[0] = (0, bounds[0][1])
    bounds[-1] = (bounds[-1][0], m)
    return bounds


def _run(
    n: int, bounds: list[tuple[int, int]], steps: Sequence[Step], cost: CostFn, work: Work
) -> list[list[tuple[float, Step | None]]]:
    """Rows of (best cost, last step) for the cells inside the band."""
    inf = float("inf")
    rows: list[list[tuple[float, Step | None]]] = []
    for i in range(n + 1):
        lo, hi = bounds[i]
        row: list[tuple[float, Step | None]] = []
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                row.append((0.0, None))
                continue
            best, best_step = inf, None
            for a, b in steps:
                pi, pj = i - a, j - b
                if pi < 0 or pj < 0:
                    continue
                plo, phi = bounds[pi]
                if not plo <= pj <= phi:
                    continue
                prev = rows[pi][pj - plo][0] if pi < i else row[pj - lo][0]
                if prev == inf:
                    continue
                work.cells += 1
                c = prev + cost(i, j, a, b)
                if c < best:
                    best, best_step = c, (a, b)
            row.append((best, best_step))
        rows.append(row)
    return rows


def _trace(rows: list[list[tuple[float, Step | None]]], bounds: list[tuple[int, int]], n: int, m: int) -> list[tuple[int, int, Step]]:
    path = []
    i, j = n, m
    while i or j:
        step = rows[i][j - bounds[i][0]][1]
        assert step is not None, "the band leaves no path"
        path.append((i, j, step))
        i, j = i - step[0], j - step[1]
    path.reverse()
    return path


def _near_edge(path: list[tuple[int, int, Step]], bounds: list[tuple[int, int]], m: int) -> bool:
    for i, j, _ in path:
        lo, hi = bounds[i]
        if (lo > 0 and j - lo < EDGE_MARGIN) or (hi < m and hi - j < EDGE_MARGIN):
            return True
    return False


def best_path(
    src_lens: Sequence[int], tgt_lens: Sequence[int], steps: Sequence[Step], cost: CostFn,
    work: Work | None = None, width: int = WIDTH,
) -> list[tuple[int, int, Step]]:
    """The cheapest sequence of steps from (0, 0) to (n, m), as (i, j, step) ending at each cell.

    ``steps`` must include (1, 0) and (0, 1), so that every cell of a band whose edges
    never move backwards can be reached.
    """
    work = work if work is not None else Work()
    n, m = len(src_lens), len(tgt_lens)
    centre = centres(src_lens, tgt_lens)
    moves = 0
    while True:
        bounds = _bounds(centre, width, m)
        work.runs += 1
        path = _trace(_run(n, bounds, steps, cost, work), bounds, n, m)
        if width >= max(n, m) or not _near_edge(path, bounds, m):
            return path
        if moves < MAX_MOVES:
            moves += 1
        elif width < MAX_WIDTH:
            width *= 2
        else:
            return path
        centre = _path_centre(path, n)


def _path_centre(path: list[tuple[int, int, Step]], n: int) -> list[int]:
    """The path's column in each row (its last cell there): the centre of the next band."""
    centre = [0] * (n + 1)
    for i, j, _ in path:
        centre[i] = j
    for i in range(1, n + 1):  # rows the path steps over (a 2-1 bead) keep the row before
        centre[i] = max(centre[i], centre[i - 1])
    return centre
