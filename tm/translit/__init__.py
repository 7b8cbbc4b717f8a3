"""Transliteration between Cyrillic (Russian, Kazakh) and Latin, and name keys."""

from tm.translit.key import name_key, to_latin_rough

__all__ = ["name_key", "to_latin_rough"]
