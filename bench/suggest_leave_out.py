"""Leave-out evaluation of `tm glossary suggest` on the letters.

The letters (corpora/) go into a fresh SQLite TM. First `suggest` runs with the complete
glossary (glossaries/): how many concepts it proposes. Then, for every person and place
concept the letters mention, that concept alone is left out of the glossary and `suggest`
runs again; the concept counts as

- found: a suggestion lists one of its terms (any language, any status);
- paired: found, and in each of en, ru and kk the suggestion's attested terms include one of
  the concept's preferred or admitted terms;
- preferred en: found, and the suggestion's first English term is the concept's preferred one;
- all preferred: found, and in each of en, ru and kk the first term is the concept's preferred one.

The same is then measured with every person and place concept left out at once.

    python bench/suggest_leave_out.py [--corpora corpora] [--glossaries glossaries] [-v]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tm.glossary.formats import read_folder  # noqa: E402
from tm.glossary.match import Glossary  # noqa: E402
from tm.glossary.records import ConceptData, ConceptType, Status  # noqa: E402
from tm.glossary.suggest import Suggestion, TextUnit, from_tm, suggest  # noqa: E402
from tm.letters import import_corpora  # noqa: E402
from tm.compose import TM  # noqa: E402

LANGS = ("en", "ru", "kk")


def mentioned(concept: ConceptData, glossary: Glossary, units: list[TextUnit]) -> bool:
    return any(m.concept_id == concept.id for u in units for lang, text in u.texts.items()
               for m in glossary.find(text, lang))


def _attested_terms(s: Suggestion, lang: str) -> list[str]:
    return [] if lang in s.proposal.unattested else s.proposal.terms(lang)


def judge(concept: ConceptData, suggestions: list[Suggestion]) -> tuple[Suggestion | None, bool, bool, bool]:
    every = {(t.lang, t.text) for t in concept.terms}
    found = next((s for s in suggestions
                  if any((lang, t) in every for lang in LANGS for t in _attested_terms(s, lang))), None)
    if found is None:
        return None, False, False, False
    usable = {(t.lang, t.text) for t in concept.terms if t.status is not Status.forbidden}
    paired = all(any((lang, t) in usable for t in _attested_terms(found, lang)) for lang in LANGS)
    preferred = {lang: [t.text for t in concept.terms_in(lang, Status.preferred)] for lang in LANGS}
    first = {lang: found.proposal.terms(lang)[:1] for lang in LANGS}
    return found, paired, first["en"] == preferred["en"], all(first[lang] == preferred[lang] for lang in LANGS)


def report(label: str, results: list[tuple[ConceptData, Suggestion | None, bool, bool, bool]], verbose: bool) -> None:
    print(f"\n{label}")
    print(f"{'concept':28} {'found':6} {'paired':7} {'en 1st':7} {'all 1st':8} proposal")
    for c, hit, is_paired, en_first, all_first in results:
        shown = " | ".join(", ".join(hit.proposal.terms(lang)[:2]) for lang in LANGS) if hit else "-"
        if verbose or not (is_paired and en_first):
            print(f"{c.id:28} {'yes' if hit else 'no':6} {'yes' if is_paired else 'no':7} "
                  f"{'yes' if en_first else 'no':7} {'yes' if all_first else 'no':8} {shown}")
    n = len(results)
    found, paired, en_first, all_first = (sum(1 for r in results if r[k]) for k in (1, 2, 3, 4))
    print(f"found {found}/{n}; paired in en+ru+kk with the glossary's forms {paired}/{n} ({paired / n:.0%}); "
          f"preferred English first {en_first}/{n} ({en_first / n:.0%}); "
          f"preferred first in all three {all_first}/{n} ({all_first / n:.0%})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=ROOT / "corpora")
    parser.add_argument("--glossaries", type=Path, default=ROOT / "glossaries")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each concept's suggestion")
    args = parser.parse_args()
    concepts = read_folder(args.glossaries)
    with tempfile.TemporaryDirectory() as tmp:
        tm = TM(f"sqlite:///{tmp}/tm.db")
        import_corpora(tm, args.corpora, replace=True)
        units = from_tm(tm)
    full = Glossary(concepts)
    started = time.perf_counter()
    complete = suggest(units, full)
    seconds = time.perf_counter() - started
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    print(f"units: {len(units)}; glossary: {len(concepts)} concepts")
    print(f"complete glossary: {len(complete)} suggestions ({seconds:.2f} s)")
    for s in complete:
        print(f"  {s.confidence:.2f}  {' | '.join(f'{lang} {s.proposal.terms(lang)[:1]}' for lang in LANGS)}")
    names = [c for c in concepts if c.type in (ConceptType.person, ConceptType.place)]
    tested = [c for c in names if mentioned(c, full, units)]
    print(f"\n{len(tested)} person/place concepts mentioned in the letters ({len(names) - len(tested)} not mentioned)")
    one_by_one = []
    for c in tested:
        rest = [x for x in concepts if x.id != c.id]
        one_by_one.append((c, *judge(c, suggest(units, Glossary(rest)))))
    report("each concept left out alone:", one_by_one, args.verbose)
    left = {c.id for c in tested}
    at_once = suggest(units, Glossary([x for x in concepts if x.id not in left]))
    report(f"all {len(tested)} left out at once ({len(at_once)} suggestions):",
           [(c, *judge(c, at_once)) for c in tested], args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
