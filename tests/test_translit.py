"""Transliteration: every scheme on Russian and Kazakh names, name keys, fuzzy same-name."""

from __future__ import annotations

import pytest

from tm.errors import InputError
from tm.translit import (
    UnknownScheme, fold_to_russian, name_key, same_name, scheme, schemes, spelling_key, spelling_keys, transliterate,
    variants,
)
from tm.translit.schemes import _RUSSIAN, load_table

RU_IDS = ["bgn_pcgn", "wikipedia", "icao_doc_9303", "gost_779b", "iso_9", "scientific", "ala_lc", "mvd_782", "mvd_310", "telegram"]
KK_IDS = ["kk_latin_2021", "kk_bgn_pcgn", "kk_iso_9", "kk_press"]

# Russian names: one column per scheme, in RU_IDS order, written from the scheme tables.
RU_NAMES = {
    "Сергей": ["Sergey", "Sergey", "Sergei", "Sergej", "Sergej", "Sergej", "Sergeĭ", "Sergey", "Sergey", "Sergei"],
    "Фёдор": ["Fëdor", "Fyodor", "Fedor", "Fyodor", "Fëdor", "Fëdor", "Fëdor", "Fyedor", "Fedor", "Fedor"],
    "Елена": ["Yelena", "Yelena", "Elena", "Elena", "Elena", "Elena", "Elena", "Elena", "Elena", "Elena"],
    "Дмитрий": ["Dmitriy", "Dmitry", "Dmitrii", "Dmitrij", "Dmitrij", "Dmitrij", "Dmitriĭ", "Dmitriy", "Dmitriy", "Dmitrii"],
    "Хабаровск": ["Khabarovsk", "Khabarovsk", "Khabarovsk", "Xabarovsk", "Habarovsk", "Xabarovsk", "Khabarovsk", "Khabarovsk", "Khabarovsk", "Habarovsk"],
    "Людмила": ["Lyudmila", "Lyudmila", "Liudmila", "Lyudmila", "Lûdmila", "Ljudmila", "Li͡udmila", "Lyudmila", "Lyudmila", "Liudmila"],
    "Цветков": ["Tsvetkov", "Tsvetkov", "Tsvetkov", "Czvetkov", "Cvetkov", "Cvetkov", "T͡svetkov", "Tsvetkov", "Tsvetkov", "Cvetkov"],
}

# Kazakh names: KK_IDS order.
KK_NAMES = {
    "Жаңаөзен": ["Jañaözen", "Zhangaözen", "Žaņaôzen", "Zhanaozen"],
    "Тоқаев": ["Toqaev", "Toqaev", "Toķaev", "Tokayev"],
    "Ақтөбе": ["Aqtöbe", "Aqtöbe", "Aķtôbe", "Aktobe"],
    "Қызылорда": ["Qyzylorda", "Qyzylorda", "Ķyzylorda", "Kyzylorda"],
    "Шымкент": ["Şymkent", "Shymkent", "Šymkent", "Shymkent"],
    "Ерғали": ["Erğali", "Erghalī", "Erġali", "Yergali"],
    "Бақытжан": ["Baqytjan", "Baqytzhan", "Baķytžan", "Bakytzhan"],
    "Мұхтар": ["Mūhtar", "Mukhtar", "Mu̇htar", "Mukhtar"],
}

# Published examples of the Kazakh schemes (see the sources named in the data files).
PUBLISHED = [
    ("kk_bgn_pcgn", "Абай", "Abay"),
    ("kk_bgn_pcgn", "Әуезов", "Äūezov"),
    ("kk_bgn_pcgn", "Жамбыл", "Zhambyl"),
    ("kk_bgn_pcgn", "Шиелі", "Shīeli"),
    ("kk_bgn_pcgn", "Семей", "Semey"),
    ("kk_bgn_pcgn", "Өскемен", "Öskemen"),
    ("kk_bgn_pcgn", "Владимир", "Vladīmīr"),
    ("kk_latin_2021", "бұрыңғы", "būryñğy"),
    ("kk_latin_2021", "данышпан", "danyşpan"),
    ("kk_latin_2021", "кісі", "kısı"),
    ("kk_latin_2021", "шаһарының", "şaharynyñ"),
    ("kk_latin_2021", "үйіне", "üiıne"),
    ("kk_latin_2021", "сөйлесіп", "söilesıp"),
    ("kk_latin_2021", "жеңе", "jeñe"),
    ("kk_latin_2021", "қалайын", "qalaiyn"),
    ("kk_latin_2021", "Бағдат", "Bağdat"),
]

CASES = [  # scheme, source, expected: title case, ALL CAPS, Turkic İ/I, multi-word, context rules
    ("bgn_pcgn", "СЕРГЕЙ ЩЕРБАКОВ", "SERGEY SHCHERBAKOV"),
    ("scientific", "ЮЛИЯ", "JULIJA"),
    ("bgn_pcgn", "Ежов и Соловьёв", "Yezhov i Solov’yëv"),
    ("wikipedia", "Соловьёв", "Solovyov"),
    ("kk_latin_2021", "Ирина", "İrina"),
    ("kk_latin_2021", "ИРИНА ІЛЕ", "İRİNA ILE"),
    ("kk_latin_2021", "Іле", "Ile"),
    ("kk_bgn_pcgn", "Сеңгір Жангелді", "Senggir Zhan·geldi"),
    ("kk_press", "Қасым-Жомарт Тоқаев", "Kasym-Zhomart Tokayev"),
    ("kk_press", "Ерлан", "Yerlan"),
    ("kk_press", "Шаһар", "Shakhar"),
    ("icao_doc_9303", "Жаңаөзен", "Zhanaozen"),  # a Russian scheme reads a Kazakh name through Russian
    ("telegram", "Sergei 2024", "Sergei 2024"),  # non-Cyrillic passes through
]


@pytest.mark.parametrize("name", RU_NAMES)
def test_russian_schemes(name: str) -> None:
    assert variants(name, "ru") == dict(zip(RU_IDS, RU_NAMES[name]))


@pytest.mark.parametrize("name", KK_NAMES)
def test_kazakh_schemes(name: str) -> None:
    got = variants(name, "kk")
    assert {k: got[k] for k in KK_IDS} == dict(zip(KK_IDS, KK_NAMES[name]))
    assert set(got) == set(KK_IDS) | set(RU_IDS)  # and the Russian schemes on the Russian form
    assert got["bgn_pcgn"] == transliterate(fold_to_russian(name), "bgn_pcgn")


@pytest.mark.parametrize("scheme_id", RU_IDS)
def test_iuliia_samples(scheme_id: str) -> None:
    """iuliia's own samples, except that ë is Latin (iuliia writes Cyrillic ё for it)."""
    samples = _RUSSIAN[scheme_id][0].samples
    assert samples
    for source, expected in samples:
        assert transliterate(source, scheme_id) == expected.replace("ё", "ë")


@pytest.mark.parametrize(("scheme_id", "source", "expected"), PUBLISHED + CASES)
def test_cases(scheme_id: str, source: str, expected: str) -> None:
    assert transliterate(source, scheme_id) == expected


KAZAKH_LETTERS = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"


@pytest.mark.parametrize("name", ["kk_latin_2021", "kk_bgn_pcgn", "kk_iso_9"])
def test_data_files_load(name: str) -> None:
    header, table = load_table(name)
    assert header["id"] == name and header["lang"] == "kk"
    assert set(table.mapping) == set(KAZAKH_LETTERS)
    assert all(not any("а" <= c <= "я" for c in v) for v in table.mapping.values())  # Latin output


def test_fold_table_loads() -> None:
    assert fold_to_russian("Әбілқайыр Ұлықбек") == "Абилкайыр Улыкбек"


def test_every_scheme_is_registered_once() -> None:
    assert list(schemes()) == RU_IDS + KK_IDS
    assert all(s.source for s in schemes().values())


def test_errors() -> None:
    with pytest.raises(UnknownScheme, match="known: bgn_pcgn"):
        scheme("nope")
    with pytest.raises(InputError):
        variants("Сергей", "en")


# --- name keys -------------------------------------------------------------------------------

SAME = [  # every spelling in a row has the same key
    ("Sergei", "Sergey", "Sergej", "Сергей", "SERGEY"),
    ("Nazarbaev", "Nazarbayev", "Назарбаев", "NAZARBAYEV", "Nazarbayev’s"),
    ("Zhanaozen", "Janaozen", "Жанаозен", "Жаңаөзен", "Janaözen"),
    ("Ablyazov", "Abliazov", "Ablâzov", "Abljazov", "Аблязов", "Әблязов"),
    ("Yelena", "Elena", "Елена"),
    ("Dmitry", "Dmitriy", "Dmitrii", "Dmitrij", "Дмитрий"),
    ("Fyodor", "Fedor", "Fëdor", "Фёдор", "Федор"),
    ("Vasilyev", "Vasil’yev", "Vasilev", "Vasilʹev", "Васильев"),
    ("Kassym-Jomart", "Kasym Zhomart", "Қасым-Жомарт"),
    ("Kyzylorda", "Qyzylorda", "Қызылорда", "Кызылорда"),
    ("Aleksei", "Alexei", "Алексей"),
]

DIFFERENT = [
    ("Sergei", "Sergeyev"),
    ("Kazakhstan", "Kazakh"),
    ("Nazarbayev", "Nazarbayeva"),
    ("Ivanov", "Ivanova"),
    ("Alma", "Almaty"),
    ("Rome", "Rami"),
    ("Marat", "Murat"),
    ("Karimov", "Kasimov"),
    ("Madina", "Medina"),
    ("Kassym-Jomart", "Kassym"),
    ("Иванов", "Иванова"),
]


@pytest.mark.parametrize("row", SAME, ids=lambda row: row[0])
def test_same_key(row: tuple[str, ...]) -> None:
    assert len({spelling_key(s) for s in row}) == 1
    assert len({name_key(s) for s in row}) == 1
    assert all(same_name(row[0], s) for s in row)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_names(a: str, b: str) -> None:
    assert spelling_key(a) != spelling_key(b)
    assert not same_name(a, b)


@pytest.mark.parametrize(("lang", "name"), [("ru", n) for n in RU_NAMES] + [("kk", n) for n in KK_NAMES])
def test_every_scheme_spelling_has_the_cyrillic_key(lang: str, name: str) -> None:
    key = spelling_key(name)
    for scheme_id, spelling in variants(name, lang).items():
        assert key in spelling_keys(spelling), (scheme_id, spelling)


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("Äbılazov", "Ablyazov", True),  # a vowel more, no scheme writes it: fuzzy
    ("Maria", "Mariya", True),
    ("Muxtar", "Mukhtar", True),  # x = kh (scientific, GOST B)
    ("Nursultan", "Nursoltan", True),
    ("Nursultan", "Nursultanov", False),
    ("Sergei", "", False),
    ("", "", False),
])
def test_fuzzy(a: str, b: str, expected: bool) -> None:
    assert same_name(a, b) is expected
