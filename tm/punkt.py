"""NLTK's Punkt set up for the letters: the sentence ends, the shipped parameters.

This is the only module on the way to a sentence split that imports nltk, and
:mod:`tm.segment` imports it when it first splits a sentence (see ``_tokenizer`` there).
The parameters ship in ``tm/data/punkt/<lang>.json``, trained by
``scripts/train_punkt.py`` with NLTK's own ``PunktTrainer`` and the language
variables below.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib import resources

from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer


class LetterLanguageVars(PunktLanguageVars):
    """Punkt's language variables with the ellipsis character as a sentence end."""

    sent_end_chars = (".", "?", "!", "\u2026")

    # NLTK runs each match of its patterns under a wall-clock limit, a guard meant for
    # patterns a caller supplies; one pass over a paragraph of megabytes outlasts it, though
    # these patterns are NLTK's own and linear. Without the limit a long paragraph takes
    # time in proportion to its length instead of ending in a TimeoutError.
    def period_context_re(self):  # type: ignore[no-untyped-def]  # noqa: ANN201
        return _unlimited(super().period_context_re())

    def word_tokenize(self, s: str):  # type: ignore[no-untyped-def]  # noqa: ANN201
        return _unlimited(self._word_tokenizer_re()).findall(s)


def _unlimited(pattern):  # type: ignore[no-untyped-def]  # noqa: ANN001, ANN202
    """``pattern`` with NLTK's match time limit lifted (as is, on an NLTK without one)."""
    return redos.compile(pattern, timeout=None) if redos is not None else pattern


try:  # NLTK 3.9.2 and later route their patterns through a timed wrapper
    from nltk import redos
except ImportError:  # pragma: no cover
    redos = None


def load_parameters(lang: str, abbreviations: Iterable[str] = ()) -> PunktParameters:
    """Punkt parameters for ``lang``: the shipped statistics plus ``abbreviations``.

    A language without shipped statistics gets the abbreviations alone (or nothing),
    which is Punkt's untrained behaviour.
    """
    params = PunktParameters()
    node = resources.files("tm").joinpath("data", "punkt", f"{lang}.json")
    if node.is_file():
        data = json.loads(node.read_text(encoding="utf-8"))
        params.abbrev_types = set(data["abbrev_types"])
        params.collocations = {tuple(pair) for pair in data["collocations"]}
        params.sent_starters = set(data["sent_starters"])
        for word, flags in data["ortho_context"].items():
            params.ortho_context[word] = flags
    params.abbrev_types |= set(abbreviations)
    return params


def sentence_tokenizer(lang: str, abbreviations: Iterable[str] = ()) -> PunktSentenceTokenizer:
    """Punkt for ``lang`` with the letters' sentence ends and the given abbreviations."""
    return PunktSentenceTokenizer(load_parameters(lang, abbreviations), lang_vars=LetterLanguageVars())
