"""Imports run downward only, and nowhere in a circle (issue 13).

The layers and the forbidden imports are import-linter contracts in ``pyproject.toml``
(``lint-imports`` from the project folder runs them too). import-linter has no contract for
"no circle among modules", so the circle check walks the same import graph (grimp, which
import-linter is built on): every import counts, also one made inside a function or under
``TYPE_CHECKING``, so an import moved into a function cannot hide a circle. Importing
``a.b.c`` runs ``a/__init__.py`` and ``a/b/__init__.py`` first: the circle check counts that
too (a re-export in ``audit/__init__.py`` tied ``security.users`` -> ``audit.verify`` ->
``audit.tamper`` -> ``security.users`` at run time, unseen while the last import sat in a
function). Function-level imports say why (``tests/test_lazy_imports.py``).
"""

from __future__ import annotations

from pathlib import Path

import grimp
import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("ykt_desktop", "ui")


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return with_package_faces(grimp.build_graph(*PACKAGES, cache_dir=None))


def with_package_faces(graph: grimp.ImportGraph) -> grimp.ImportGraph:
    """Add, for every import of ``a.b.c``, the imports of ``a`` and ``a.b`` (their
    ``__init__.py`` runs first), except packages the importer itself lies in."""
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            parts = imported.split(".")
            for package in (".".join(parts[:n]) for n in range(1, len(parts))):
                if importer == package or importer.startswith(package + "."):
                    continue
                if package in graph.modules:
                    graph.add_import(importer=importer, imported=package)
    return graph


def _children(graph: grimp.ImportGraph, module: str):
    return iter(sorted(graph.find_modules_directly_imported_by(module)))


def circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Every group of modules that import each other (strongly connected, more than one)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph.modules):
        if start in index:
            continue
        work = [(start, _children(graph, start))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, _children(graph, child)))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def _describe(graph: grimp.ImportGraph, group: list[str]) -> str:
    members = set(group)
    arrows = [f"  {a} -> {b}" for a in group
              for b in sorted(graph.find_modules_directly_imported_by(a) & members)]
    return "\n".join([f"{len(group)} modules import each other:", *arrows])


def test_no_import_circle(graph):
    found = circles(graph)
    assert not found, "\n\n".join(_describe(graph, g) for g in found)


def test_the_circle_check_sees_a_circle(graph):
    """A lowest-floor module importing the public face closes a circle: the check must say so."""
    bad = {"importer": "ykt_desktop.db.connection", "imported": "ykt_desktop.storage"}
    graph.add_import(**bad)
    try:
        found = circles(graph)
    finally:
        graph.remove_import(**bad)
    assert any(set(bad.values()) <= set(g) for g in found)


def test_the_circle_check_sees_a_circle_through_a_package_face():
    """A package ``__init__`` that re-exports a module which imports the importer back."""
    graph = grimp.ImportGraph()
    for module in ("pkg", "pkg.face", "pkg.inner", "user"):
        graph.add_module(module)
    graph.add_import(importer="pkg", imported="pkg.inner")      # pkg/__init__.py re-exports
    graph.add_import(importer="pkg.inner", imported="user")
    graph.add_import(importer="user", imported="pkg.face")      # runs pkg/__init__.py first
    assert not circles(graph)
    assert circles(with_package_faces(graph)) == [["pkg", "pkg.inner", "user"]]


def test_import_contracts_are_kept(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True,
                          no_logo=True)
    out = capsys.readouterr().out
    assert status == 0, out
    assert "BROKEN" not in out and out.count("KEPT") >= 2, out
