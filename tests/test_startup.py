"""Start-up: the CLI imports no library that only some commands use.

nltk (Punkt, for splitting sentences) imports scipy with its package; it is imported when
a sentence is first split (``_tokenizer`` in tm.segment), so ``tm --help``, ``tm show`` or
``tm glossary list`` do not load it. numpy (counting a lookup's postings) is imported by
the first lookup (tm.index.counting). Times are in docs/api.md, not asserted here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import tm

SOURCE = str(Path(tm.__file__).resolve().parents[1])  # the tree under test, not an installed copy


def _loaded_after(code: str, modules: list[str]) -> dict[str, bool]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([SOURCE, os.environ.get("PYTHONPATH", "")])}
    probe = f"{code}\nimport sys\nprint(' '.join(str(m in sys.modules) for m in {modules!r}))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env).stdout
    return dict(zip(modules, (word == "True" for word in out.split()), strict=True))


def test_importing_the_cli_imports_neither_nltk_nor_scipy_nor_numpy() -> None:
    assert _loaded_after("import tm.cli", ["tm.cli", "nltk", "scipy", "numpy"]) == {
        "tm.cli": True, "nltk": False, "scipy": False, "numpy": False
    }


def test_a_lookup_imports_numpy() -> None:
    """The probe sees numpy too: counting a lookup's postings loads it."""
    code = (
        "import tm.cli\nfrom tm import TM\nfrom tm.lookup import Lookup\n"
        "from tm.store import DocumentData, UnitData, VariantData\n"
        "t = TM('sqlite://')\nt.init()\n"
        "t.import_documents([(DocumentData(id='d'), ['en'], [UnitData({'en': VariantData('The court.')})])])\n"
        "assert Lookup(t, glossary=False).lookup('the court', 'en', ['ru']).matches"
    )
    assert _loaded_after(code, ["numpy"]) == {"numpy": True}


def test_splitting_a_sentence_still_imports_nltk() -> None:
    """The probe above can see nltk: splitting a sentence loads it."""
    code = "import tm.cli\nfrom tm.segment import segment\nassert segment('One. Two.', 'en').sentences == ['One.', 'Two.']"
    assert _loaded_after(code, ["nltk"]) == {"nltk": True}
