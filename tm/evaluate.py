"""Scoring an alignment against a reference alignment.

A reference unit is *exactly right* when the aligner produced one unit with the
same text in every language (whitespace and Unicode normalisation aside): the
same sentences grouped the same way, nothing missing, nothing extra.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tm.align import Unit
from tm.textnorm import clean_text

Reference = list[dict[str, str]]


def read_reference(path: Path) -> Reference:
    """Read ``alignment.tsv``: a header ``paragraph<TAB>en<TAB>ru<TAB>kk``, then one unit per row."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:] if line.strip()]
    return [{k: clean_text(v) for k, v in row.items() if k != "paragraph"} for row in rows]


@dataclass(frozen=True)
class Score:
    reference_units: int
    exact: int
    produced_units: int
    wrong: list[dict[str, str]]

    @property
    def accuracy(self) -> float:
        return self.exact / self.reference_units if self.reference_units else 1.0


def score(reference: Reference, produced: Sequence[Unit], langs: Sequence[str]) -> Score:
    """How many reference units the aligner reproduced exactly, over ``langs``."""

    def key(texts: dict[str, str]) -> tuple[str, ...]:
        return tuple(clean_text(texts.get(lang, "")) for lang in langs)

    made = {key({lang: u.text(lang) for lang in langs}) for u in produced}
    wrong = [ref for ref in reference if key(ref) not in made]
    return Score(len(reference), len(reference) - len(wrong), len(produced), wrong)
