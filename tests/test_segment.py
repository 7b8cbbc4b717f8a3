"""Sentence segmentation edge cases in en, ru and kk (no network, shipped Punkt parameters)."""

from __future__ import annotations

import pytest

from tm.punkt import load_parameters
from tm.segment import segment, split_paragraphs, split_sentences

CASES = [
    # (lang, text, expected sentences)
    ("en", "Mr. Smith met Dr. Jones at 10 a.m. today. They talked.",
     ["Mr. Smith met Dr. Jones at 10 a.m. today.", "They talked."]),
    ("en", "The U.S. Army arrived. It left.", ["The U.S. Army arrived.", "It left."]),
    ("en", "J. R. R. Tolkien wrote it. Then he rested.", ["J. R. R. Tolkien wrote it.", "Then he rested."]),
    ("en", "It cost $1,000.50 in 2014. Prices rose 3.5 per cent.",
     ["It cost $1,000.50 in 2014.", "Prices rose 3.5 per cent."]),
    ("en", "He wrote on 5 Dec. 2014 again. Nobody answered.", ["He wrote on 5 Dec. 2014 again.", "Nobody answered."]),
    ("en", "He asked “Why?” and left. Then nothing.", ["He asked “Why?” and left.", "Then nothing."]),
    ("en", "Then... nothing happened… Really? Yes!", ["Then... nothing happened…", "Really?", "Yes!"]),
    ("en", "He shouted: \"Oh! It turns out this isn’t a democracy!” Then he left.",
     ["He shouted: \"Oh! It turns out this isn’t a democracy!”", "Then he left."]),
    ("en", "We bought apples, pears, etc. Then we left.", ["We bought apples, pears, etc.", "Then we left."]),
    ("en", "The judge [contempt of court—Trans.] is the subject. Next.",
     ["The judge [contempt of court—Trans.] is the subject.", "Next."]),
    ("en", "Power is power – it is always the same. Yes — always.", ["Power is power – it is always the same.", "Yes — always."]),
    ("en", "Ablyazov’s letter to Duvanov. Part II", ["Ablyazov’s letter to Duvanov. Part II"]),
    ("ru", "Он приехал в 2014 г. в Лондон. Это было т.е. не впервые.",
     ["Он приехал в 2014 г. в Лондон.", "Это было т.е. не впервые."]),
    ("ru", "Встреча прошла на ул. Абая, д. 5, т. е. в центре. Потом все ушли.",
     ["Встреча прошла на ул. Абая, д. 5, т. е. в центре.", "Потом все ушли."]),
    ("ru", "Указываются фамилии и т. д. После этого юристы пришли.",
     ["Указываются фамилии и т. д.", "После этого юристы пришли."]),
    ("ru", "Н. Назарбаев ответил. «Почему?» — спросил он.", ["Н. Назарбаев ответил.", "«Почему?» — спросил он."]),
    ("ru", "Он сказал: «Ого! Оказывается, это так!» Потом ушёл.", ["Он сказал: «Ого! Оказывается, это так!»", "Потом ушёл."]),
    ("ru", "Улица им. Абая длинная. Мы шли по ней.", ["Улица им. Абая длинная.", "Мы шли по ней."]),
    ("ru", "Судья [неуважение к суду. — Прим. пер.] решил. Так было.",
     ["Судья [неуважение к суду. — Прим. пер.] решил.", "Так было."]),
    ("kk", "Ол 2014 ж. Лондонға келді. Әблязов, Назарбаев т.б. Олар келді.",
     ["Ол 2014 ж. Лондонға келді.", "Әблязов, Назарбаев т.б.", "Олар келді."]),
    ("kk", "Маған қастандық жасалды. 1941 жылы соғыс болды. 2011 жылдың қаңтарында ескертті.",
     ["Маған қастандық жасалды.", "1941 жылы соғыс болды.", "2011 жылдың қаңтарында ескертті."]),
    ("en", "The juice changes color. pH levels vary.", ["The juice changes color.", "pH levels vary."]),
    ("en", "Be firm (or not, it is not ok!). Next.", ["Be firm (or not, it is not ok!).", "Next."]),
    ("kk", "«Неге?» деп сұрады ол. Жаңаөзен оқиғасы болды.", ["«Неге?» деп сұрады ол.", "Жаңаөзен оқиғасы болды."]),
    ("kk", "Н. Назарбаев жауап берді. Мұхтар Әблязовтың хаты... Соңы.",
     ["Н. Назарбаев жауап берді.", "Мұхтар Әблязовтың хаты...", "Соңы."]),
    ("kk", "Қазақстанның ұлттық қауіпсіздік комитеті – ҰҚК – үн қатпады. Біз күттік.",
     ["Қазақстанның ұлттық қауіпсіздік комитеті – ҰҚК – үн қатпады.", "Біз күттік."]),
    # abbreviations, initials and lists that real news and letters have (issue 25)
    ("ru", "Храм Св. Николая стоит на ул. Ленина. Он старый.", ["Храм Св. Николая стоит на ул. Ленина.", "Он старый."]),
    ("ru", "Собор св. Петра закрыт. Он старый.", ["Собор св. Петра закрыт.", "Он старый."]),
    ("ru", "Письмо подписал А.С. Пушкин. Оно пришло.", ["Письмо подписал А.С. Пушкин.", "Оно пришло."]),
    ("ru", "Он ушёл, т.к. устал, т.е. спал. Мы ждём.", ["Он ушёл, т.к. устал, т.е. спал.", "Мы ждём."]),
    ("ru", "Требования: 1. Освободить всех. 2. Прекратить суды. Это всё.",
     ["Требования: 1. Освободить всех.", "2. Прекратить суды.", "Это всё."]),
    ("kk", "Хатты А.С. Пушкин жазды. Ол келді.", ["Хатты А.С. Пушкин жазды.", "Ол келді."]),
    ("kk", "2014 ж. Алматыда болды. XX ғ. басында ол келді.", ["2014 ж. Алматыда болды.", "XX ғ. басында ол келді."]),
    ("kk", "Талаптар: 1. Барлығын босату. 2. Соттарды тоқтату.", ["Талаптар: 1. Барлығын босату.", "2. Соттарды тоқтату."]),
    ("en", "Demands: 1. Free everyone. 2. Stop the trials.", ["Demands: 1. Free everyone.", "2. Stop the trials."]),
    ("en", "He wrote to Sens. Graham and Lee. It was 12. Then 13.",
     ["He wrote to Sens. Graham and Lee.", "It was 12.", "Then 13."]),
    # a quotation of several full sentences is several sentences; a short exclamation is not
    ("en", '"We lost this year. I watched my parents cry," he said.',
     ['"We lost this year.', 'I watched my parents cry," he said.']),
    ("ru", "«Море наше по праву. Вернуть его — наш долг». Так написано.",
     ["«Море наше по праву.", "Вернуть его — наш долг».", "Так написано."]),
    ("kk", "Ол: “Жоқ! Бұл дұрыс емес!” деді. Біз күттік.", ["Ол: “Жоқ! Бұл дұрыс емес!” деді.", "Біз күттік."]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES, ids=[f"{c[0]}-{k}" for k, c in enumerate(CASES)])
def test_sentences(lang: str, text: str, expected: list[str]) -> None:
    assert split_sentences(text, lang) == expected


@pytest.mark.parametrize(("lang", "text", "_expected"), CASES)
def test_sentences_are_exact_slices_of_the_text(lang: str, text: str, _expected: list[str]) -> None:
    """Segmentation never changes a character: every sentence is found verbatim, in order."""
    position = 0
    for sentence in split_sentences(text, lang):
        found = text.find(sentence, position)
        assert found >= 0, sentence
        position = found + len(sentence)


def test_paragraphs_are_blank_line_separated_and_lines_are_joined() -> None:
    text = "First line  \n  same paragraph.\n\n  \nSecond.\r\n\r\nThird\u00a0one,  with two spaces."
    assert split_paragraphs(text) == ["First line same paragraph.", "Second.", "Third\u00a0one,  with two spaces."]


def test_text_is_nfc_and_kazakh_letters_survive() -> None:
    decomposed = "Қазақстан" .replace("Қ", "К\u0328")  # a look-alike decomposition that NFC must not merge
    seg = segment("Әә Ғғ Ққ Ңң Өө Ұұ Үү Һһ Іі сөздер. Е\u0308лка.", "kk")
    assert seg.sentences == ["Әә Ғғ Ққ Ңң Өө Ұұ Үү Һһ Іі сөздер.", "Ёлка."]
    assert "\u0328" in decomposed  # the helper above really built a combining sequence


def test_parameters_ship_with_the_package_and_include_curated_abbreviations() -> None:
    tokenizer = split_sentences.__globals__["_tokenizer"]  # the one segmentation uses
    for lang, abbrev in [("en", "mr"), ("ru", "т.е"), ("kk", "т.б")]:
        assert abbrev in tokenizer(lang)._params.abbrev_types
        assert load_parameters(lang).ortho_context, f"{lang}: trained statistics missing"


def test_segmentation_never_downloads(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    import nltk

    def refuse(*_a, **_k):
        raise AssertionError("nltk.download was called")

    monkeypatch.setattr(nltk, "download", refuse)
    monkeypatch.setenv("NLTK_DATA", str(tmp_path))  # an empty data path: nothing to find there
    monkeypatch.setattr(nltk.data, "path", [str(tmp_path)])
    split_sentences.__globals__["_tokenizer"].cache_clear()
    assert split_sentences("Dr. Who came. He left.", "en") == ["Dr. Who came.", "He left."]
