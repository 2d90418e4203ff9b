"""An import of the project's own modules made inside a function (or under ``if``/``try``, as
``TYPE_CHECKING``) says why (issue 13): ``# lazy: <why>`` on its line or the line above.

The only reason is start-up speed (issue 15): a heavy library loaded when first used
(xlsxwriter, reportlab, pyhanko, defusedxml), or a dialog and the demo generator that most
starts never show. Never to hide a circle: ``tests/test_layers.py`` counts these imports too.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("ykt_desktop", "ui")
MARK = "# lazy:"


def _own(node: ast.Import | ast.ImportFrom) -> bool:
    """An import of a project module (relative imports included)."""
    if isinstance(node, ast.ImportFrom) and node.level:
        return True
    names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
    return any(n.split(".")[0] in PACKAGES for n in names)


def _gives_reason(line: str) -> bool:
    at = line.find(MARK)
    return at >= 0 and bool(line[at + len(MARK):].strip())


def unexplained(path: Path) -> list[str]:
    """``file:line statement`` for every nested import of a project module without a reason."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []

    def visit(node: ast.AST, nested: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if nested and isinstance(child, ast.Import | ast.ImportFrom) and _own(child):
                above = lines[child.lineno - 2] if child.lineno > 1 else ""
                if not (_gives_reason(lines[child.lineno - 1]) or _gives_reason(above)):
                    found.append(f"{path.relative_to(ROOT)}:{child.lineno} {ast.unparse(child)}")
            visit(child, nested or not isinstance(child, ast.Import | ast.ImportFrom | ast.expr))

    visit(ast.parse(source), False)
    return found


def test_every_nested_import_says_why_it_is_lazy():
    files = [p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))]
    found = [hit for path in files for hit in unexplained(path)]
    assert not found, ("imports inside a function without '# lazy: <why>' (move them to the top "
                       "of the module; a circle is solved by moving the shared part down):\n"
                       + "\n".join(found))


def test_the_check_sees_an_unexplained_import(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from ykt_desktop import errors\n"
        "def f():\n"
        "    from ykt_desktop.storage import open_db\n"
        "    import json\n"
        "    from ykt_desktop.xlsx_out import xlsx_book  # lazy: xlsxwriter on first use\n"
        "    # lazy: reportlab on the first print\n"
        "    from ykt_desktop.overview_pdf import write_summary_pdf\n"
        "    # lazy:\n"
        "    from ui.common import workers\n"
        "if errors:\n"
        "    from ui import app\n", encoding="utf-8")
    assert unexplained(sample) == ["sample.py:3 from ykt_desktop.storage import open_db",
                                   "sample.py:9 from ui.common import workers",
                                   "sample.py:11 from ui import app"]
