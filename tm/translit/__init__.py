"""Transliteration between Cyrillic (Russian, Kazakh) and Latin, and name keys."""

from tm.translit.key import FUZZY_THRESHOLD, name_key, same_name, spelling_key, spelling_keys, to_latin_rough
from tm.translit.schemes import Scheme, UnknownScheme, fold_to_russian, scheme, schemes, transliterate, variants

__all__ = [
    "FUZZY_THRESHOLD", "Scheme", "UnknownScheme", "fold_to_russian", "name_key", "same_name", "scheme",
    "schemes", "spelling_key", "spelling_keys", "to_latin_rough", "transliterate", "variants",
]
