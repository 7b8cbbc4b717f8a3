"""The QA checks, in the order they run and are listed. Add a check here and nowhere else."""

from __future__ import annotations

from tm.qa.base import Registry
from tm.qa.checks.glossary import GlossaryForbidden, GlossaryMissing
from tm.qa.checks.name_mismatch import NameMismatch
from tm.qa.checks.names import NameInconsistent
from tm.qa.checks.numbers import NumberMismatch
from tm.qa.checks.punctuation import Punctuation
from tm.qa.checks.scripts import MixedScript
from tm.qa.checks.translation import InconsistentTranslation, LengthRatio, Untranslated

CHECKS = Registry(
    [
        NameInconsistent(),
        NameMismatch(),
        GlossaryForbidden(),
        GlossaryMissing(),
        MixedScript(),
        NumberMismatch(),
        InconsistentTranslation(),
        Untranslated(),
        LengthRatio(),
        Punctuation(),
    ]
)
