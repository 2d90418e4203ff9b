"""Pages of the main window's navigation list.

Each module here defines ``PAGE = PageSpec(...)``; the main window shows them ordered by
``order``. A feature adds a page by adding a module: nothing else needs editing.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from ui.context import AppContext


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str                      # shown in the navigation list (Chinese)
    order: int
    factory: Callable[[AppContext], QWidget]
    tooltip: str = ""


def discover_pages() -> list[PageSpec]:
    specs = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        spec = getattr(module, "PAGE", None)
        if isinstance(spec, PageSpec):
            specs.append(spec)
    return sorted(specs, key=lambda s: s.order)
