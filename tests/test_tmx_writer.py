"""The TMX writer's two ways to a <tu>: a plain unit whose texts need no escaping is copied
into a byte template, any other is written by the full writer (``_tu``). Both must give the
same bytes for every unit, or an export would depend on which way a unit took."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tm.compose import TM
from tm.exchange import export_tmx
from tm.formats.tmx import write as tmx
from tm.store import DocumentData, UnitData, VariantData

#: Characters that take each branch: plain letters, markup to escape, CR, a control XML
#: forbids, a character sharing its lead byte with U+FFFF, U+FFFF itself, Cyrillic.
ALPHABET = "ab &<>\"'\r\t\x07\ufffd\uffffжқ."
LANGS = ["en", "ru", "kk"]


def _body(path: Path) -> bytes:
    return path.read_bytes().split(b"<body>\n", 1)[1]


def _export_both_ways(tm: TM, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, bytes]:
    export_tmx(tm, tmp_path / "both.tmx", force=True)
    with monkeypatch.context() as m:
        m.setattr(tmx, "_UNSAFE", bytes(256))  # every byte may need escaping: every unit takes _tu
        export_tmx(tm, tmp_path / "full.tmx", force=True)
    return _body(tmp_path / "both.tmx"), _body(tmp_path / "full.tmx")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(*(st.text(ALPHABET, max_size=12) for _ in LANGS), st.sampled_from(["1-1", "2-1", "a&b"])),
                min_size=1, max_size=12))
def test_the_template_and_the_full_writer_give_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, texts: list[tuple[str, str, str, str]]
) -> None:
    tm = TM(f"sqlite:///{tmp_path / 'w.db'}")
    units = [UnitData({lang: VariantData(t) for lang, t in zip(LANGS, row[:3]) if t}, bead=row[3]) for row in texts]
    tm.import_documents([(DocumentData(id="w"), LANGS, units)], replace=True)
    template, full = _export_both_ways(tm, tmp_path, monkeypatch)
    assert template == full


def test_the_template_is_taken(tm: TM, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison above means something only if the template writes most plain units."""
    calls: list[int] = []
    full_writer = tmx._tu

    def counting(*args: object) -> str | None:
        calls.append(1)
        return full_writer(*args)  # type: ignore[arg-type]

    units = [UnitData({"en": VariantData(f"Plain {i}."), "ru": VariantData(f"Просто {i}.")}) for i in range(20)]
    units.append(UnitData({"en": VariantData("Fish & chips."), "ru": VariantData("Рыба.")}))
    tm.import_documents([(DocumentData(id="p"), ["en", "ru"], units)])
    monkeypatch.setattr(tmx, "_tu", counting)
    template, full = _export_both_ways(tm, tmp_path, monkeypatch)
    assert template == full and template.count(b"<tu ") == 21
    assert len(calls) == 1 + 21  # the unit to escape, then every unit of the second export
