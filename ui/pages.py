"""Pages of the main window's navigation list.

Each page module, ``ui/<feature>/page.py`` (``ui/<feature>/<name>_page.py`` where a feature
has several pages), defines ``PAGE = PageSpec(...)``; the main window shows them ordered by
``order``. A feature adds a page by adding such a module: nothing else needs editing.

A page module is imported only when its page is first shown (issue 15: importing every page
and the libraries they use took seconds before the window appeared). The navigation list reads
``PAGE = PageSpec(...)`` from each module's source when its arguments are plain literals (the
factory a name in the module); a module written otherwise is imported as before.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QWidget

from ui.context import AppContext

FIELDS = ("key", "title", "order", "factory", "tooltip")


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str                      # shown in the navigation list (Chinese)
    order: int
    factory: Callable[[AppContext], QWidget]
    tooltip: str = ""


class _Deferred:
    """Imports the page's module on the first call and builds the page with its factory."""

    def __init__(self, module: str) -> None:
        self.module = module

    def __call__(self, ctx: AppContext) -> QWidget:
        return importlib.import_module(self.module).PAGE.factory(ctx)


def _literal_spec(path: Path, module: str) -> PageSpec | None:
    """The module's ``PAGE`` read from its source, or None when it is not all literals."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return None
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name) and node.targets[0].id == "PAGE"
                and isinstance(node.value, ast.Call)):
            return _spec_from_call(node.value, module)
    return None


def _spec_from_call(call: ast.Call, module: str) -> PageSpec | None:
    args = dict(zip(FIELDS, call.args, strict=False))
    args.update({k.arg: k.value for k in call.keywords if k.arg})
    if not isinstance(args.get("factory"), ast.Name) or set(args) - set(FIELDS):
        return None
    values = {}
    for name, node in args.items():
        if name == "factory":
            continue
        try:
            values[name] = ast.literal_eval(node)
        except ValueError:
            return None
    if not {"key", "title", "order"} <= set(values):
        return None
    return PageSpec(factory=_Deferred(module), **values)


def page_modules() -> list[tuple[str, Path]]:
    """Every ``ui/<feature>/page.py`` and ``ui/<feature>/<name>_page.py``: module and source.

    Found by their files (the frozen app ships these sources, see build.spec), so that listing
    the pages imports none of them."""
    root = Path(__file__).parent
    package = __name__.rpartition(".")[0]
    files = sorted({*root.glob("*/page.py"), *root.glob("*/*_page.py")})
    return [(f"{package}.{path.parent.name}.{path.stem}", path) for path in files]


def discover_pages() -> list[PageSpec]:
    specs = []
    for module, path in page_modules():
        spec = _literal_spec(path, module)
        if spec is None:
            spec = getattr(importlib.import_module(module), "PAGE", None)
        if isinstance(spec, PageSpec):
            specs.append(spec)
    return sorted(specs, key=lambda s: s.order)
