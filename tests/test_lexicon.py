"""The translation lexicon, the aligner's lexical pass (1-0 units for sentences with no counterpart) and the three-way decision."""

from __future__ import annotations

from tm.align import Bead, align
from tm.lexicon import Lexicon, from_units, stems
from tm.lexpass import Tables, _Side, detach_unmatched
from tm.segment import segment

WEATHER = [
    {"en": "The weather was bad.", "ru": "Погода была плохой."},
    {"en": "It was a warm day.", "ru": "Был тёплый день."},
    {"en": "Warm weather came.", "ru": "Пришла тёплая погода."},
    {"en": "The weather changed.", "ru": "Погода изменилась."},
    {"en": "A warm evening.", "ru": "Тёплый вечер."},
]
UNITS = [
    {"en": "The court rejected the appeal of the bank.", "ru": "Суд отклонил апелляцию банка.",
     "kk": "Сот банктің апелляциясын қабылдамады."},
    {"en": "The bank appealed again in the spring.", "ru": "Весной банк снова подал апелляцию.",
     "kk": "Көктемде банк қайтадан апелляция берді."},
    {"en": "The court decided against the lawyers.", "ru": "Суд вынес решение против юристов.",
     "kk": "Сот заңгерлерге қарсы шешім шығарды."},
    {"en": "The lawyers of the bank were silent.", "ru": "Юристы банка молчали.",
     "kk": "Банктің заңгерлері үнсіз қалды."},
]


def test_stems_cover_inflected_forms() -> None:
    assert stems("банка", "ru") == stems("банком", "ru")
    assert stems("courts", "en") == stems("court", "en")


def test_learning_pairs_words_that_cooccur() -> None:
    lex = from_units(UNITS, ["en", "ru", "kk"])
    (court,) = stems("court", "en")
    (sud,) = stems("суд", "ru")
    (bank_ru,) = stems("банк", "ru")
    assert lex.translations("en", "ru", court) == {sud}
    assert sud in lex.translations("en", "ru", court) and court in lex.translations("ru", "en", sud)
    # "bank" co-occurs with "банк" in three units and with "суд" in one: only the first is learned
    (bank,) = stems("bank", "en")
    assert lex.translations("en", "ru", bank) == {bank_ru}


def test_a_word_seen_once_is_not_learned() -> None:
    lex = from_units(UNITS, ["en", "ru"])
    (spring,) = stems("spring", "en")
    assert lex.translations("en", "ru", spring) == set()


def test_glossary_concepts_are_entries_in_their_inflected_forms() -> None:
    lex = Lexicon()
    lex.add_concepts([{"en": ["Magnitsky List"], "ru": ["список Магнитского"]}])
    (magnitsky,) = stems("Magnitsky's", "en")
    assert stems("Магнитскому", "ru") <= lex.translations("en", "ru", magnitsky)


def _side(sentences: list[str], lang: str, tables: Tables) -> _Side:
    return _Side([stems(s, lang) for s in sentences], [len(s) for s in sentences], tables)


def test_a_sentence_sharing_no_words_is_detached_from_its_bead() -> None:
    lex = from_units(UNITS + WEATHER, ["en", "ru"])
    en = ["The court rejected the appeal of the bank.", "Weather was warm and sunny that week."]
    ru = ["Суд отклонил апелляцию банка."]
    beads = [Bead((0, 1), (0,), 0.9)]
    src = _side(en, "en", [lex.entries[("en", "ru")]])
    tgt = _side(ru, "ru", [lex.entries[("ru", "en")]])
    out = detach_unmatched(beads, src, tgt, 1.1)
    assert [(b.src, b.tgt) for b in out] == [((0,), (0,)), ((1,), ())]
    assert out[1].score < 0.5


def test_a_split_translation_is_not_detached() -> None:
    # The Russian says the English sentence in two: the length fit forbids detaching either.
    lex = from_units(UNITS + WEATHER, ["en", "ru"])
    en = ["The court rejected the appeal of the bank, and the weather was warm and sunny that week."]
    ru = ["Суд отклонил апелляцию банка.", "А погода на той неделе была тёплой и солнечной."]
    src = _side(en, "en", [lex.entries[("en", "ru")]])
    tgt = _side(ru, "ru", [lex.entries[("ru", "en")]])
    out = detach_unmatched([Bead((0,), (0, 1), 0.9)], src, tgt, 1.1)
    assert [(b.src, b.tgt) for b in out] == [((0,), (0, 1))]


def test_a_dropped_sentence_comes_out_as_one_to_zero() -> None:
    """Lengths alone absorb the short English sentence the Russian lacks into a 2-1 unit; the
    TM's lexicon shows it shares no words with the Russian."""
    en = ("The court rejected the appeal of the bank. Weather was warm that week. "
          "The lawyers of the bank were silent.")
    ru = "Суд отклонил апелляцию банка. Юристы банка молчали."
    versions = {"en": segment(en, "en"), "ru": segment(ru, "ru")}
    lexicon = from_units(UNITS + WEATHER, ["en", "ru"])
    without = [u.shape(["en", "ru"]) for u in align(versions).units]
    with_lex = align(versions, lexicon=lexicon)
    assert without != ["1-1", "1-0", "1-1"]
    assert [u.shape(["en", "ru"]) for u in with_lex.units] == ["1-1", "1-0", "1-1"]
    assert with_lex.units[1].needs_review


# -- the three-way decision ----------------------------------------------------------------

def _three_way(en_ru: list, en_kk: list, ru_kk: list) -> list[str]:
    from tm.align import _merge
    from tm.threeway import refine

    beads = {("en", "ru"): [Bead(s, t, 0.9) for s, t in en_ru], ("en", "kk"): [Bead(s, t, 0.9) for s, t in en_kk],
             ("ru", "kk"): [Bead(s, t, 0.9) for s, t in ru_kk]}
    groups = _merge("en", {"ru": beads[("en", "ru")], "kk": beads[("en", "kk")]})
    parts = refine([({"en": piv, **others}, score) for piv, others, score in groups], beads, ["en", "ru", "kk"])
    return ["-".join(str(len(g[lang])) for lang in ("en", "ru", "kk")) for g, _ in parts]


def test_two_views_outvote_the_third() -> None:
    # ru dropped the second sentence; en-ru absorbed it (2-1), en-kk and ru-kk saw it.
    shapes = _three_way(
        en_ru=[((0, 1), (0,)), ((2,), (1,))],
        en_kk=[((0,), (0,)), ((1,), (1,)), ((2,), (2,))],
        ru_kk=[((0,), (0,)), ((), (1,)), ((1,), (2,))],
    )
    assert shapes == ["1-1-1", "1-0-1", "1-1-1"]


def test_a_merge_all_views_agree_on_stays_one_unit() -> None:
    shapes = _three_way(en_ru=[((0, 1), (0,))], en_kk=[((0, 1), (0,))], ru_kk=[((0,), (0,))])
    assert shapes == ["2-1-1"]


def test_one_view_alone_does_not_split_a_unit() -> None:
    # Only en-kk separates the sentences; en-ru and ru-kk keep them together: unchanged.
    shapes = _three_way(
        en_ru=[((0, 1), (0,))],
        en_kk=[((0,), (0,)), ((1,), (1,))],
        ru_kk=[((0,), (0, 1))],
    )
    assert shapes == ["2-1-2"]
