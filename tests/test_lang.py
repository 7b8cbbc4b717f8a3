"""BCP 47 tags, normalised with babel."""

from __future__ import annotations

import pytest

from tm.errors import LanguageTagError
from tm.lang import normalize_tag, parse_tag_list


@pytest.mark.parametrize(
    ("raw", "tag"),
    [("en", "en"), ("EN-gb", "en-GB"), ("en_US", "en-US"), ("ru-RU", "ru-RU"), ("kk-KZ", "kk-KZ"),
     ("kk-cyrl-kz", "kk-Cyrl-KZ"), ("rus", "ru"), ("kaz", "kk"), ("es-419", "es-419")],
)
def test_normalised(raw: str, tag: str) -> None:
    assert normalize_tag(raw) == tag


@pytest.mark.parametrize(
    ("raw", "hint"),
    [("russian", "'ru'"), ("Kazakh", "'kk'"), ("r-u", "'ru'"), ("", None), ("e n", None),
     ("kz", "'ru' or 'kk'"), ("ua", "'uk'"), ("jp", "'ja'")],  # country codes
)
def test_refused_with_a_suggestion(raw: str, hint: str | None) -> None:
    with pytest.raises(LanguageTagError) as info:
        normalize_tag(raw)
    if hint:
        assert f"did you mean {hint}" in str(info.value)


def test_list_refuses_duplicates() -> None:
    assert parse_tag_list("en, ru,kk") == ["en", "ru", "kk"]
    with pytest.raises(LanguageTagError, match="twice"):
        parse_tag_list("en,EN")
