"""Glossary file formats: one contract for all, TBX-Basic v2/v3 structure, real samples, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tm.glossary import ConceptData, ConceptType, GlossaryError, Status, TermData, read_concepts, save_concepts
from tm.glossary.formats import BY_NAME, detect, read_file, read_folder, write_file
from tm.store import TM

from .conftest import ROOT

DATA = Path(__file__).parent / "data" / "tbx"
P, A, F = Status.preferred, Status.admitted, Status.forbidden

SAMPLE = [
    ConceptData("zhanaozen", ConceptType.place, (
        TermData("en", "Zhanaozen", P), TermData("en", "Janaozen", F), TermData("ru", "Жанаозен", P),
        TermData("kk", "Жаңаөзен", P), TermData("kk", "Жанаозен", F)),
        note='Town in Mangystau; "quoted", tab\there', case_sensitive=True, scheme="bgn-pcgn"),
    ConceptData("bta-bank", ConceptType.organisation, (
        TermData("en", "BTA Bank", P), TermData("en", "BTA", A), TermData("ru", "«БТА Банк»", P),
        TermData("kk-Cyrl", "БТА Банк", P))),
    ConceptData("eid-Voc.211:01", ConceptType.term, (TermData("en", "contempt of court", P),), case_sensitive=True),
]


@pytest.mark.parametrize("name", sorted(BY_NAME))
class TestFormatContract:
    """What every format must do (Translate Toolkit's shared store suite, in small)."""

    def path(self, tmp_path: Path, name: str) -> Path:
        return tmp_path / f"glossary{BY_NAME[name].extensions[0]}"

    def test_round_trip(self, tmp_path: Path, name: str) -> None:
        path = self.path(tmp_path, name)
        write_file(SAMPLE, path, name)
        assert read_file(path) == SAMPLE
        assert detect(path).read(path) == SAMPLE

    def test_empty_glossary_round_trip_or_refused(self, tmp_path: Path, name: str) -> None:
        path = self.path(tmp_path, name)
        write_file([], path, name)
        try:
            assert read_file(path) == []
        except GlossaryError as exc:
            assert str(path) in str(exc)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(texts=st.lists(
        st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіАБВҚҒӘAbcXYZ «»-'’ ", min_size=1, max_size=20)
        .map(str.strip).filter(bool), min_size=1, max_size=4, unique_by=str.casefold))
    def test_round_trip_cyrillic_and_kazakh(self, tmp_path: Path, name: str, texts: list[str]) -> None:
        concepts = [
            ConceptData(f"c{i}", ConceptType.term, (TermData("kk", text, P), TermData("kk", f"{text}-{i}", A),
                                                   TermData("ru", text, P)), case_sensitive=False)
            for i, text in enumerate(texts)
        ]
        path = self.path(tmp_path, name)
        write_file(concepts, path, name)
        assert read_file(path) == concepts


def test_the_project_glossary_round_trips_through_every_format(tmp_path: Path) -> None:
    project = read_folder(ROOT / "glossaries")
    assert len(project) > 50
    for name, fmt in BY_NAME.items():
        path = tmp_path / f"all{fmt.extensions[0]}"
        write_file(project, path, name)
        assert read_file(path) == project, name


@pytest.mark.parametrize(("name", "root", "entry", "section", "group"), [
    ("tbx", "martif", "termEntry", "langSet", "tig"),
    ("tbx3", "tbx", "conceptEntry", "langSec", "termSec"),
])
def test_tbx_export_is_tbx_basic(tmp_path: Path, name: str, root: str, entry: str, section: str, group: str) -> None:
    path = tmp_path / "out.tbx"
    write_file(SAMPLE, path, name)
    tree = etree.parse(str(path))  # well-formed
    doc = tree.getroot()
    assert etree.QName(doc).localname == root and doc.get("type") == "TBX-Basic"
    assert (etree.QName(doc).namespace == "urn:iso:std:iso:30042:ed-2") is (name == "tbx3")
    ns = {"t": etree.QName(doc).namespace} if name == "tbx3" else {}
    p = "t:" if ns else ""
    entries = doc.findall(f".//{p}{entry}", ns)
    assert [e.get("id") for e in entries] == [c.id for c in SAMPLE]
    first = entries[0]
    assert [s.get("{http://www.w3.org/XML/1998/namespace}lang") for s in first.findall(f"{p}{section}", ns)] == [
        "en", "ru", "kk"]
    statuses = [n.text for n in first.findall(f"{p}{section}/{p}{group}/{p}termNote[@type='administrativeStatus']", ns)]
    assert statuses == ["preferredTerm-admn-sts", "deprecatedTerm-admn-sts", "preferredTerm-admn-sts",
                        "preferredTerm-admn-sts", "deprecatedTerm-admn-sts"]
    assert first.find(f"{p}descrip[@type='subjectField']", ns).text == "place"


SAMPLES = [
    # file, concepts, terms, one (lang, term, status) that must be there
    ("okapi_medtronic_TBX.tbx", 3, 62, ("en", "clinician notification", P)),
    ("okapi_test02_win1254.tbx", 1, 2, ("tr", "tr term with: éá and İı", P)),
    ("weblate_cs.tbx", 4, 8, ("cs", "správce", P)),
]


@pytest.mark.parametrize(("name", "concepts", "terms", "probe"), SAMPLES)
def test_real_tbx_samples_import(tm: TM, name: str, concepts: int, terms: int, probe: tuple) -> None:
    read = read_file(DATA / name)
    assert (len(read), sum(len(c.terms) for c in read)) == (concepts, terms)
    save_concepts(tm, read)
    stored = read_concepts(tm)
    assert stored == read
    lang, text, status = probe
    assert any(t.lang == lang and t.text == text and t.status is status for c in stored for t in c.terms), [
        t for c in stored for t in c.terms][:8]
    assert all(len(c.terms_in(l, P)) == 1 for c in stored for l in c.langs if c.terms_in(l, P, A))


BAD = [
    ("broken.tbx", b"<martif><text><body><termEntry></body></text></martif>", "not well-formed XML", None),
    ("other.tbx", b"<?xml version='1.0'?>\n<tmx version='1.4'><body/></tmx>", "not TBX: the root element is <tmx>", 2),
    ("xxe.tbx", b'<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
     b"<martif><text>&x;</text></martif>", "declares XML entities", 2),
    ("laughs.tbx", b'<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
     b"<martif><text>&b;</text></martif>", "declares XML entities", 2),
    ("lang.tbx", b'<martif type="TBX-Basic"><text><body>\n<termEntry id="x">\n<langSet xml:lang="english">'
     b"<tig><term>x</term></tig></langSet></termEntry></body></text></martif>", "unknown language tag 'english'", 3),
    ("status.tbx", b'<martif><text><body><termEntry id="x"><langSet xml:lang="en"><tig><term>x</term>\n'
     b'<termNote type="administrativeStatus">bestTerm</termNote></tig></langSet></termEntry></body></text></martif>',
     "unknown administrativeStatus 'bestTerm'", 2),
    ("nopref.tsv", "concept\tlang\tterm\tstatus\nx\ten\tNazarbaev\tforbidden\n".encode(), "has no preferred term", 2),
    ("dup.tsv", "concept\ttype\tlang\tterm\na\tperson\ten\tAlma\nb\tperson\ten\talma\n".encode(),
     "'alma' (en) is the preferred term of both 'a' and 'b'", 3),
    ("two.tsv", "concept\tlang\tterm\na\tru\tАлма\na\tru\tАлмаз\n".encode(), "2 preferred ru terms", 3),
    ("tag.csv", "concept,lang,term\nx,qq,Term\n".encode(), "unknown language tag 'qq'", 2),
    ("header.tsv", "id\tlanguage\tterm\n".encode(), "header lacks column(s) concept, lang", 1),
    ("type.toml", '[x]\ntype = "persona"\nen = "X"\n'.encode(), "unknown concept type 'persona'", 2),
    ("toml.toml", '[x]\nen = "X"\nen-admitted = "Y"\n'.encode(), "must be a list of strings", 3),
    ("tomlsyntax.toml", b'[x]\nen = \n', "not valid TOML", 2),
    ("tomltag.toml", '[a]\nen = "A"\n\n[b]\nxx-forbidden = ["B"]\n'.encode(), "unknown language tag 'xx'", 5),
]


@pytest.mark.parametrize(("name", "content", "message", "line"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_one_clear_error_with_file_and_line(
    tm: TM, tmp_path: Path, name: str, content: bytes, message: str, line: int | None
) -> None:
    save_concepts(tm, SAMPLE[:1])
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(GlossaryError) as info:
        save_concepts(tm, read_file(path), path=path)
    text = str(info.value)
    assert message in text and "\n" not in text
    assert text.startswith(f"{path}:{line}: " if line else f"{path}")
    assert read_concepts(tm) == SAMPLE[:1]


def test_real_sample_without_a_preferred_term_is_refused() -> None:
    # Weblate's sample marks both terms of its first concept "obsolete": nothing to prefer.
    with pytest.raises(GlossaryError, match=r"weblate_fr-extended-metadata.tbx:13: concept 'e001' has no preferred"):
        read_file(DATA / "weblate_fr-extended-metadata.tbx")


def test_duplicate_preferred_across_stored_and_imported_concepts_leaves_the_tm_as_it_was(tm: TM) -> None:
    save_concepts(tm, SAMPLE)
    clash = ConceptData("janaozen", ConceptType.place, (TermData("en", "zhanaozen", P),))
    with pytest.raises(GlossaryError, match="preferred term of both 'zhanaozen' and 'janaozen'"):
        save_concepts(tm, [SAMPLE[2], clash])
    assert read_concepts(tm) == SAMPLE


def test_folder_clash_names_the_later_file(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('[a]\ntype = "place"\nen = "Astana"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('# b\n[b]\ntype = "place"\nen = "Astana"\n', encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"b\.toml:4: 'Astana' \(en\) is the preferred term of both 'a' and 'b'"):
        read_folder(tmp_path)
