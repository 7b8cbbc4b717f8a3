"""TMX carries who and when: creationid/creationdate/changeid/changedate on <tu> from the
recorded provenance, the review status as <prop type="x-status">; an imported TMX (tm's
own or another tool's) keeps them; on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from tm.exchange import export_tmx, import_tmx
from tm.store import TM
from tm.store.edit import Editor

from .conftest import sql
from .test_unit_edit import two

OMEGAT = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="OmegaT" creationtoolversion="6" segtype="sentence" o-tmf="OmegaT"
 adminlang="EN-US" srclang="EN-US" datatype="plaintext"/>
<body>
<tu creationid="anna" creationdate="20240105T101500Z" changeid="boris" changedate="20240210T093000Z">
<prop type="x-status">approved</prop>
<tuv xml:lang="en-US" creationid="anna" creationdate="20240105T101500Z"><seg>The court refused.</seg></tuv>
<tuv xml:lang="ru" changeid="boris" changedate="20240210T093000Z"><seg>Суд отказал.</seg></tuv>
</tu>
<tu><tuv xml:lang="en-US"><seg>No provenance here.</seg></tuv><tuv xml:lang="ru"><seg>Без истории.</seg></tuv></tu>
</body></tmx>
"""


def test_the_export_writes_who_and_when_and_the_status(tm: TM, tmp_path: Path) -> None:
    two(tm)
    Editor(tm, "alice").edit("d", 1, "en", "I left London & never came back <ever>.")
    Editor(tm, 'bob "the reviewer"').set_status("d", 2, "approved")
    out = tmp_path / "d.tmx"
    export_tmx(tm, out)
    tus = etree.parse(str(out)).getroot().findall("body/tu")
    got = [(tu.get("creationid"), tu.get("changeid"), tu.findtext("prop[@type='x-status']")) for tu in tus]
    assert got == [("importer", "importer", "machine"), ("importer", "alice", "confirmed"),
                   ("importer", 'bob "the reviewer"', "approved")]
    changed = sql(tm, "SELECT changed_at FROM unit WHERE position = 1")[0][0]
    assert tus[1].get("changedate") == f"{str(changed)[:4]}{str(changed)[5:7]}{str(changed)[8:10]}T" \
        f"{str(changed)[11:13]}{str(changed)[14:16]}{str(changed)[17:19]}Z"


def test_a_tm_export_imported_again_keeps_provenance_and_status(tm: TM, tmp_path: Path) -> None:
    two(tm)
    Editor(tm, "alice").edit("d", 1, "en", "I left London forever.")
    Editor(tm, "bob").set_status("d", 2, "approved")
    out = tmp_path / "d.tmx"
    export_tmx(tm, out)
    again = TM(f"sqlite:///{tmp_path / 'again.db'}")
    import_tmx(again, out, user="carol")
    query = "SELECT position, status, created_by, changed_by, created_at, changed_at FROM unit ORDER BY position"
    mine = sql(tm, query)
    theirs = sql(again, query)
    assert [r[:4] for r in theirs] == [r[:4] for r in mine]
    assert [tuple(str(x)[:19] for x in r[4:]) for r in theirs] == [tuple(str(x)[:19] for x in r[4:]) for r in mine]


def test_another_tools_tmx_keeps_its_provenance(tm: TM, tmp_path: Path) -> None:
    path = tmp_path / "omegat.tmx"
    path.write_text(OMEGAT, encoding="utf-8")
    import_tmx(tm, path, doc_id="omegat", user="importer")
    assert sql(tm, "SELECT position, status, created_by, changed_by FROM unit ORDER BY position") == [
        (0, "approved", "anna", "boris"), (1, "machine", "importer", "importer")]
    out = tmp_path / "back.tmx"
    export_tmx(tm, out)
    tu = etree.parse(str(out)).getroot().find("body/tu")
    assert (tu.get("creationid"), tu.get("changeid"), tu.get("creationdate"), tu.get("changedate")) == (
        "anna", "boris", "20240105T101500Z", "20240210T093000Z")
    tuvs = tu.findall("tuv")
    assert (tuvs[0].get("creationid"), tuvs[1].get("changeid")) == ("anna", "boris")  # a <tuv>'s own, as they came
