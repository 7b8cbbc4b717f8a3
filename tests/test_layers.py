"""The layers of tm/: the store knows nothing of what is built on it, and no package of
tm/ imports, even inside a function, a package that imports it back."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import tm

ROOT = Path(tm.__file__).parent
#: Packages built on the store; the store imports none of them (tm.compose wires them in).
ABOVE_THE_STORE = ("tm.index", "tm.glossary", "tm.qa", "tm.lookup", "tm.compose", "tm.cli")
#: Package imports that would close a cycle and are allowed for now: none.
NOT_YET: set[tuple[str, str]] = set()


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        yield ".".join(parts), path


def _imports(module: str, path: Path) -> Iterator[str]:
    """Every tm module ``module`` imports, at the top or inside a function."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            yield base
            yield from (f"{base}.{a.name}" for a in node.names)


def _unit(module: str) -> str:
    """The node of the graph a module belongs to: its package under tm/, or itself (tm.lang)."""
    return ".".join(module.split(".")[:2])


def _graph() -> dict[str, dict[str, str]]:
    """For each package or top-level module of tm/: what it imports, with one module that does."""
    known = dict(_modules())
    edges: dict[str, dict[str, str]] = {}
    for module, path in known.items():
        if ".migrations" in module:  # a migration may import what it creates
            continue
        for target in _imports(module, path):
            if target in known and target != "tm" and _unit(target) != _unit(module):
                edges.setdefault(_unit(module), {}).setdefault(_unit(target), module)
    return edges


def _cycle_through(edges: dict[str, dict[str, str]], start: str) -> list[str] | None:
    """A path of imports from ``start`` back to itself, if there is one."""
    stack, seen = [(start, [start])], set()
    while stack:
        node, path = stack.pop()
        for nxt in edges.get(node, {}):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None


def test_the_store_imports_nothing_built_on_it() -> None:
    wrong = [
        f"{module} imports {target}"
        for module, path in _modules() if module.startswith("tm.store") and ".migrations" not in module
        for target in _imports(module, path) if target.startswith(ABOVE_THE_STORE)
    ]
    assert wrong == []


def test_the_graph_sees_imports_inside_functions() -> None:
    """The check above would pass vacuously if it missed the imports that dodge a cycle."""
    imports = set(_imports("tm.store.migrations.versions", ROOT / "store/migrations/versions/0003_lookup_blocks.py"))
    assert "tm.index" in imports  # imported inside upgrade()


def test_no_import_cycle_between_packages() -> None:
    edges = _graph()
    for a, b in NOT_YET:
        edges.get(a, {}).pop(b, None)
    packages = sorted(p.name for p in ROOT.iterdir() if (p / "__init__.py").is_file())
    assert "store" in packages and "index" in packages
    cycles = {}
    for name in packages:
        cycle = _cycle_through(edges, f"tm.{name}")
        if cycle:
            cycles[name] = " -> ".join(f"{a} ({edges[a][b]})" for a, b in zip(cycle, cycle[1:]))
    assert cycles == {}


def test_a_tm_opened_through_the_store_still_feeds_the_index(tmp_path) -> None:
    """Whichever module a program imports first, the index hook is registered."""
    import subprocess
    import sys

    code = (
        "from tm.store import TM, DocumentData, UnitData, VariantData\n"
        f"tm = TM('sqlite:///{tmp_path / 'tm.db'}')\n"
        "tm.import_documents([(DocumentData(id='d'), ['en'], [UnitData({'en': VariantData('The court froze it.')})])])\n"
        "from sqlalchemy import text\n"
        "with tm.engine.connect() as c:\n"
        "    print(c.execute(text('select count(*) from lookup_term')).scalar())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert int(out) > 0
