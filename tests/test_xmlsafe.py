"""Hostile XML is refused by the parser, whatever the encoding and wherever the markup stands.

Every case is written in each encoding XML allows (UTF-8 with and without a BOM, UTF-16
LE/BE with and without a BOM, UTF-32 LE/BE with and without a BOM), after a comment of
any length before the DOCTYPE (a check that reads a prefix of the file misses what comes
after it), with the entity in an attribute, in text, nested, external or a parameter
entity, declared or not. A clean file in the same encoding and padding imports: the
refusals are not encoding failures.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from tm.errors import InputError
from tm.exchange import import_tmx
from tm.glossary import GlossaryError
from tm.glossary.formats.tbx import read_tbx
from tm.store import TM
from tm.store.stream import iter_units

ENCODINGS = {  # name: (codec, byte-order mark, encoding declared)
    "utf-8": ("utf-8", b"", "UTF-8"),
    "utf-8-bom": ("utf-8", codecs.BOM_UTF8, "UTF-8"),
    "utf-16-le-bom": ("utf-16-le", codecs.BOM_UTF16_LE, "UTF-16"),
    "utf-16-be-bom": ("utf-16-be", codecs.BOM_UTF16_BE, "UTF-16"),
    "utf-16-le": ("utf-16-le", b"", "UTF-16"),
    "utf-16-be": ("utf-16-be", b"", "UTF-16"),
    "utf-32-le": ("utf-32-le", b"", "UTF-32"),
    "utf-32-be": ("utf-32-be", b"", "UTF-32"),
    "utf-32-le-bom": ("utf-32-le", codecs.BOM_UTF32_LE, "UTF-32"),
    "utf-32-be-bom": ("utf-32-be", codecs.BOM_UTF32_BE, "UTF-32"),
}

# (DOCTYPE, tuid attribute, seg text); "@" marks the line the refusal must name
PLACEMENTS = {
    "attribute": ('<!DOCTYPE tmx [\n@<!ENTITY e "evil">\n]>', "&e;", "safe"),
    "text": ('<!DOCTYPE tmx [\n@<!ENTITY e "evil">\n]>', "t", "a &e; b"),
    "nested": ('<!DOCTYPE tmx [\n@<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
               '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n]>', "&c;", "&c;"),
    "external": ('<!DOCTYPE tmx [\n@<!ENTITY e SYSTEM "file:///etc/hostname">\n]>', "t", "&e;"),
    "parameter": ('<!DOCTYPE tmx [\n@<!ENTITY % p "<!ENTITY e \'evil\'>">\n%p;\n]>', "&e;", "&e;"),
    "undeclared-attribute": ('<!DOCTYPE tmx SYSTEM "tmx14.dtd">', "@&e;", "safe"),
    "undeclared-text": ('<!DOCTYPE tmx SYSTEM "tmx14.dtd">', "t", "@a &e; b"),
    "undeclared-no-doctype": ("", "t", "@&e;"),
    "predefined-redeclared": ('<!DOCTYPE tmx [\n@<!ENTITY amp "&#38;#38;">\n]>', "t", "a &amp; b"),
}


def _document(encoding: str, padding: int, doctype: str, body: str) -> tuple[bytes, int]:
    """The file's bytes and the line of the "@" mark (removed)."""
    codec, bom, declared = ENCODINGS[encoding]
    comment = f"<!--{'p' * padding}\n{'q' * (padding // 3)}-->\n"
    text = f'<?xml version="1.0" encoding="{declared}"?>\n{comment}{doctype}\n{body}'
    line = text[: text.index("@")].count("\n") + 1 if "@" in text else 0
    return bom + text.replace("@", "").encode(codec), line


def tmx_file(encoding: str, padding: int, placement: str | None) -> tuple[bytes, int]:
    doctype, tuid, seg = PLACEMENTS[placement] if placement else ("", "t", "safe")
    body = (f'<tmx version="1.4"><header srclang="en"/><body>\n<tu tuid="{tuid}">\n'
            f'<tuv xml:lang="en"><seg>{seg}</seg></tuv></tu>\n</body></tmx>\n')
    return _document(encoding, padding, doctype, body)


def tbx_file(encoding: str, padding: int, placement: str | None) -> tuple[bytes, int]:
    doctype, tuid, seg = PLACEMENTS[placement] if placement else ("", "t", "safe")
    doctype = doctype.replace("DOCTYPE tmx", "DOCTYPE martif").replace("tmx14.dtd", "TBXcoreStructV02.dtd")
    body = (f'<martif type="TBX-Basic"><text><body>\n<termEntry id="{tuid.replace("@", "@c")}">\n'
            f'<langSet xml:lang="en"><tig><term>{seg}</term></tig></langSet></termEntry>\n</body></text></martif>\n')
    return _document(encoding, padding, doctype, body)


def _refused_tmx(tm: TM, path: Path, line: int) -> None:
    with pytest.raises(InputError) as info:
        import_tmx(tm, path)
    message = str(info.value)
    assert "refused" in message and "\n" not in message, message
    assert info.value.line == line, message
    assert not list(iter_units(tm)) if tm.has_document("t") else True


PADDINGS = [0, 70_000]  # nothing before the DOCTYPE, and more than 64 KiB


@pytest.mark.parametrize("padding", PADDINGS)
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_clean_file_imports_in_every_encoding(encoding: str, padding: int, sqlite_url: str, tmp_path: Path) -> None:
    data, _ = tmx_file(encoding, padding, None)
    path = tmp_path / "clean.tmx"
    path.write_bytes(data)
    tm = TM(sqlite_url)
    import_tmx(tm, path)
    assert [v.text for u in iter_units(tm) for v in u.variants.values()] == ["safe"]
    tbx = tmp_path / "clean.tbx"
    tbx.write_bytes(tbx_file(encoding, padding, None)[0])
    assert [t.text for c in read_tbx(tbx) for t in c.terms] == ["safe"]


@pytest.mark.parametrize("placement", PLACEMENTS)
@pytest.mark.parametrize("padding", PADDINGS)
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_entities_are_refused_with_their_line(
    encoding: str, padding: int, placement: str, sqlite_url: str, tmp_path: Path
) -> None:
    data, line = tmx_file(encoding, padding, placement)
    path = tmp_path / "evil.tmx"
    path.write_bytes(data)
    tm = TM(sqlite_url)
    _refused_tmx(tm, path, line)
    tbx = tmp_path / "evil.tbx"
    data, line = tbx_file(encoding, padding, placement)
    tbx.write_bytes(data)
    with pytest.raises(GlossaryError) as info:
        read_tbx(tbx)
    assert "refused" in str(info.value) and "\n" not in str(info.value)
    assert info.value.line == line


@seed(19)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(encoding=st.sampled_from(sorted(ENCODINGS)), placement=st.sampled_from(sorted(PLACEMENTS)),
       padding=st.integers(0, 1 << 17) | st.integers((1 << 16) - 64, (1 << 16) + 64))
def test_entities_are_refused_after_any_padding(
    tmp_path_factory: pytest.TempPathFactory, encoding: str, placement: str, padding: int
) -> None:
    folder = tmp_path_factory.mktemp("pad")
    data, line = tmx_file(encoding, padding, placement)
    path = folder / "evil.tmx"
    path.write_bytes(data)
    _refused_tmx(TM(f"sqlite:///{folder / 'tm.db'}"), path, line)


def test_a_file_read_in_a_worker_is_refused_alike(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tm import exchange
    from tm.workers import can_fork

    if not can_fork():
        pytest.skip("no fork on this platform")
    monkeypatch.setattr(exchange, "AHEAD_MIN_BYTES", 0)
    monkeypatch.setattr(exchange, "available_cpus", lambda: 2)
    tm = TM(sqlite_url)
    for placement in PLACEMENTS:
        data, line = tmx_file("utf-32-be", 70_000, placement)
        path = tmp_path / f"{placement}.tmx"
        path.write_bytes(data)
        _refused_tmx(tm, path, line)


def test_undeclared_references_deep_in_a_large_file_are_refused(sqlite_url: str, tmp_path: Path) -> None:
    units = "".join(f'<tu tuid="u{k}"><tuv xml:lang="en"><seg>Unit {k}</seg></tuv></tu>\n' for k in range(5000))
    path = tmp_path / "late.tmx"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4"><header/><body>\n'
                    f'{units}<tu tuid="&late;"><tuv xml:lang="en"><seg>x</seg></tuv></tu>\n</body></tmx>\n',
                    encoding="utf-8")
    tm = TM(sqlite_url)
    with pytest.raises(InputError, match="refused") as info:
        import_tmx(tm, path)
    assert info.value.line == 5004
    assert not tm.has_document("late")
