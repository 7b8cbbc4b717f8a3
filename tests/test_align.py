"""Alignment: constructed cases, anchors, three-way merging, and the letter's reference alignment."""

from __future__ import annotations

from pathlib import Path

import pytest

from tm.align import REVIEW_BELOW, align, align_pair
from tm.anchors import extract, name_matches
from tm.corpus import read_letter
from tm.evaluate import read_reference, score
from tm.letters import align_source
from tm.segment import segment
from tm.textnorm import clean_text

from .conftest import LETTER


def shapes(text_by_lang: dict[str, str]) -> list[str]:
    result = align({lang: segment(t, lang) for lang, t in text_by_lang.items()})
    return [u.shape(result.langs) for u in result.units]


EN = (
    "In May 2010 an attempt was made on my life in London. "
    "Another car tried to push mine off the road. "
    "The police said they could not protect my family. "
    "In January 2011 they warned me again."
)


def test_one_to_one() -> None:
    ru = (
        "В мае 2010 года на меня было совершено покушение в Лондоне. "
        "Другая машина пыталась столкнуть мою с дороги. "
        "Полиция сказала, что не может защитить мою семью. "
        "В январе 2011 года меня снова предупредили."
    )
    assert shapes({"en": EN, "ru": ru}) == ["1-1"] * 4


def test_sentence_split_in_two() -> None:
    ru = (
        "В мае 2010 года на меня было совершено покушение. Это произошло в Лондоне. "
        "Другая машина пыталась столкнуть мою с дороги. "
        "Полиция сказала, что не может защитить мою семью. "
        "В январе 2011 года меня снова предупредили."
    )
    assert shapes({"en": EN, "ru": ru}) == ["1-2", "1-1", "1-1", "1-1"]


def test_two_sentences_merged_into_one() -> None:
    kk = (
        "2010 жылдың мамырында Лондонда маған қастандық жасалды, басқа көлік менің көлігімді жолдан шығарып жібермек болды. "
        "Полиция менің отбасымды қорғай алмайтынын айтты. "
        "2011 жылдың қаңтарында олар мені тағы ескертті."
    )
    assert shapes({"en": EN, "kk": kk}) == ["2-1", "1-1", "1-1"]


def test_sentence_missing_in_one_language() -> None:
    en = EN.replace("Another car tried to push mine off the road.", "Another car followed mine for 500 kilometres.")
    ru = (
        "В мае 2010 года на меня было совершено покушение в Лондоне. "
        "Полиция сказала, что не может защитить мою семью. "
        "В январе 2011 года меня снова предупредили."
    )
    result = align({"en": segment(en, "en"), "ru": segment(ru, "ru")})
    assert [u.shape(result.langs) for u in result.units] == ["1-1", "1-0", "1-1", "1-1"]
    missing = result.units[1]
    assert missing.score < REVIEW_BELOW and 1 in result.review()


def test_numbers_decide_between_equal_lengths() -> None:
    # Same lengths everywhere; only the numbers say which Russian sentence is which.
    en = "He paid 150 dollars. She paid 900 dollars. They paid 400 dollars."
    ru = "Он заплатил 150 долларов. Она заплатила 400 долларов. Они заплатили 900 долларов."
    pairs = align_pair(segment(en, "en"), segment(ru, "ru"))
    # with the numbers disagreeing in the middle, the aligner must not pair 900 with 400 as a confident 1-1
    crossed = [b for b in pairs if b.src == (1,) and b.tgt == (1,)]
    assert not crossed or crossed[0].score < REVIEW_BELOW


@pytest.mark.parametrize(
    ("a", "b"),
    [("Ablyazov", "Аблязов"), ("Ablyazov", "Әблязовтың"), ("Nazarbayev’s", "Назарбаева"),
     ("Zhanaozen", "Жаңаөзенде"), ("Sergei", "Сергей"), ("London", "Лондонға")],
)
def test_names_anchor_across_scripts(a: str, b: str) -> None:
    assert name_matches(extract(f"I met {a} there.").names, extract(f"Там был {b} вчера.").names) == 1


def test_unrelated_names_do_not_anchor() -> None:
    assert name_matches(extract("I met Ablyazov there.").names, extract("Там был Назарбаев вчера.").names) == 0


def test_paragraph_counts_that_differ_widely_are_aligned_with_a_warning() -> None:
    en = "\n\n".join(EN.split(". "))  # four paragraphs
    ru = (
        "В мае 2010 года на меня было совершено покушение в Лондоне. Другая машина пыталась столкнуть мою с дороги. "
        "Полиция сказала, что не может защитить мою семью. В январе 2011 года меня снова предупредили."
    )
    result = align({"en": segment(en, "en"), "ru": segment(ru, "ru")})
    assert result.warnings and "paragraph counts differ" in result.warnings[0]
    assert [u.shape(result.langs) for u in result.units] == ["1-1"] * 4


def test_three_way_merge_keeps_the_finest_common_grouping() -> None:
    ru = (
        "В мае 2010 года на меня было совершено покушение в Лондоне. "
        "Другая машина пыталась столкнуть мою с дороги. "
        "Полиция сказала, что не может защитить мою семью. "
        "В январе 2011 года меня снова предупредили."
    )
    kk = (
        "2010 жылдың мамырында Лондонда маған қастандық жасалды, басқа көлік менің көлігімді жолдан шығарып жібермек болды. "
        "Полиция менің отбасымды қорғай алмайтынын айтты. "
        "2011 жылдың қаңтарында олар мені тағы ескертті."
    )
    result = align({"en": segment(EN, "en"), "ru": segment(ru, "ru"), "kk": segment(kk, "kk")})
    assert [u.shape(result.langs) for u in result.units] == ["2-2-1", "1-1-1", "1-1-1"]
    assert all(not u.flags for u in result.units)


def test_single_language_letter_is_one_unit_per_sentence() -> None:
    result = align({"en": segment(EN, "en")})
    assert len(result.units) == 4 and result.units[0].sentences == {"en": [EN.split(". ")[0] + "."]}


def test_letter_matches_its_reference_alignment(capsys: pytest.CaptureFixture[str]) -> None:
    """The hand-checked reference alignment of the letter (built from the translators' records)."""
    langs = ["en", "ru", "kk"]
    result = align_source(read_letter(LETTER, langs))
    reference = read_reference(LETTER / "alignment.tsv")
    s = score(reference, result.units, langs)
    with capsys.disabled():
        print(f"\nalignment accuracy on {LETTER.name} (en-ru-kk): {s.exact}/{s.reference_units} = {s.accuracy:.1%}")
    assert s.accuracy >= 0.98, [w["en"][:80] for w in s.wrong]


def _boundaries(units: list[dict[str, str]], langs: list[str]) -> set[tuple[int, ...]]:
    """Unit ends as cumulative text lengths per language (a join adds one space)."""
    total = {lang: 0 for lang in langs}
    ends = set()
    for unit in units:
        for lang in langs:
            if unit[lang]:
                total[lang] += len(unit[lang]) + 1
        ends.add(tuple(total[lang] for lang in langs))
    return ends


@pytest.mark.parametrize("pair", [["en", "ru"], ["en", "kk"]])
def test_letter_pairs_never_cross_the_reference_units(pair: list[str]) -> None:
    """Two-way alignments may be finer than the three-way reference, never across it."""
    result = align_source(read_letter(LETTER, pair))
    produced = [{lang: clean_text(u.text(lang)) for lang in pair} for u in result.units]
    reference = read_reference(LETTER / "alignment.tsv")
    missing = _boundaries(reference, pair) - _boundaries(produced, pair)
    assert not missing


def test_reference_file_covers_the_whole_letter() -> None:
    reference = read_reference(LETTER / "alignment.tsv")
    for lang in ("en", "ru", "kk"):
        joined = " ".join(r[lang] for r in reference if r[lang])
        sentences = segment((LETTER / f"{lang}.txt").read_text(encoding="utf-8"), lang).sentences
        assert joined == clean_text(" ".join(sentences))


def test_reference_alignment_path_exists() -> None:
    assert Path(LETTER / "alignment.tsv").is_file()


def test_a_sentence_both_translations_add_is_one_unit() -> None:
    en = "In May 2010 an attempt was made on my life in London. In January 2011 they warned me again."
    ru = (
        "В мае 2010 года на меня было совершено покушение в Лондоне. "
        "Тысячи людей погибли в 1941 году на этой войне. "
        "В январе 2011 года меня снова предупредили."
    )
    kk = (
        "2010 жылдың мамырында Лондонда маған қастандық жасалды. "
        "1941 жылы бұл соғыста мыңдаған адам қаза тапты. "
        "2011 жылдың қаңтарында олар мені тағы ескертті."
    )
    assert shapes({"en": en, "ru": ru, "kk": kk}) == ["1-1-1", "0-1-1", "1-1-1"]


def test_the_gale_church_constants_are_nltks() -> None:
    """tm.align writes Gale and Church's priors and variance out instead of importing nltk;
    its length cost is still the one nltk computes with them."""
    from nltk.translate import gale_church

    from tm.align import PRIORS, _length_cost

    nltk_priors = gale_church.LanguageIndependent.PRIORS
    assert {ab: p for ab, p in PRIORS.items() if ab in nltk_priors} == nltk_priors
    assert list(PRIORS)[: len(nltk_priors)] == list(nltk_priors)  # the same order: the same ties
    for src, tgt, ratio in [([100], [111], 1.11), ([40], [90], 1.05), ([300, 20], [150], 0.95)]:
        params = gale_church.LanguageIndependent()
        params.AVERAGE_CHARACTERS = ratio
        bead = (len(src), len(tgt))
        theirs = gale_church.align_log_prob(len(src), len(tgt), src, tgt, bead, params)
        assert _length_cost(sum(src), sum(tgt), ratio, *bead) == pytest.approx(theirs, rel=1e-6)
