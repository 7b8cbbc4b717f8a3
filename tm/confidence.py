"""When an aligned unit needs a person's review (shared by the aligner, the store and the CLI)."""

#: Units whose alignment confidence is below this are listed for review.
REVIEW_BELOW = 0.5
#: The flag the three-way merge puts on units where the pairwise alignments disagree.
DISPUTED = "disputed"


def needs_review(score: float, flags: list[str] | tuple[str, ...]) -> bool:
    return score < REVIEW_BELOW or DISPUTED in flags
