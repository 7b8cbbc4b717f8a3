"""Train the Punkt parameters that ship in tm/data/punkt/ (a maintainer's tool, not run by users).

Usage:  python scripts/train_punkt.py [SHARED_DATA_DIR]

Trains NLTK's PunktTrainer on the NTREX-128 news texts (English source with its
Russian and Kazakh reference translations, CC BY-SA 4.0, see
../shared/data/ntrex128-ru-en-kk/PROVENANCE.md) and writes one JSON file per
language. FLORES-200 and the UDHR are deliberately not used: they are the
alignment benchmark's test data.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from nltk.tokenize.punkt import PunktTrainer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tm.punkt import LetterLanguageVars  # noqa: E402

FILES = {
    "en": "newstest2019-src.eng.txt",
    "ru": "newstest2019-ref.rus.txt",
    "kk": "newstest2019-ref.kaz.txt",
}


def train(text: str) -> dict[str, object]:
    trainer = PunktTrainer(lang_vars=LetterLanguageVars())
    trainer.train(text, finalize=True)
    params = trainer.get_params()
    return {
        "source": "NTREX-128 newstest2019 (CC BY-SA 4.0), trained with nltk PunktTrainer",
        # A corpus of 2,000 sentences makes Punkt guess wrong single-word abbreviations
        # ("hill", "бою", "жалғасады"): keep only dotted ones (u.s, т.е); the curated
        # lists in tm/data/abbreviations/ supply the rest.
        "abbrev_types": sorted(a for a in params.abbrev_types if "." in a),
        "collocations": sorted([a, b] for a, b in params.collocations),
        "sent_starters": sorted(params.sent_starters),
        "ortho_context": dict(sorted(params.ortho_context.items())),
    }


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "data"
    out_dir = Path(__file__).resolve().parents[1] / "tm" / "data" / "punkt"
    for lang, name in FILES.items():
        lines = (shared / "ntrex128-ru-en-kk" / name).read_text(encoding="utf-8").splitlines()
        data = train(" ".join(line.strip() for line in lines if line.strip()))
        path = out_dir / f"{lang}.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        print(f"{lang}: {len(data['abbrev_types'])} abbreviations, {len(data['ortho_context'])} words -> {path}")


if __name__ == "__main__":
    main()
