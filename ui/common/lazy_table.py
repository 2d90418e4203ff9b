"""A table model over a list of row ids that fetches only the rows on screen.

The core supplies ``fetch(ids) -> {id: (display values...)}``; the model keeps the ids
(an ``array('q')``, 8 bytes a row) and a small cache of fetched pages. One million rows open
in under a second and scroll without loading everything.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Fetch = Callable[[Sequence[int]], dict[int, tuple]]
PAGE_SIZE = 200
MAX_PAGES = 50

_Index = QModelIndex | QPersistentModelIndex


class LazyTableModel(QAbstractTableModel):
    def __init__(self, headers: Sequence[str], fetch: Fetch, parent: Any = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._fetch = fetch
        self._ids = array("q")
        self._pages: OrderedDict[int, dict[int, tuple]] = OrderedDict()
        self.decorate: Callable[[tuple, int, int], Any] | None = None

    def set_ids(self, ids: Iterable[int]) -> None:
        self.beginResetModel()
        self._ids = ids if isinstance(ids, array) else array("q", ids)
        self._pages.clear()
        self.endResetModel()

    def refresh(self) -> None:
        """Drop the cache (rows changed but the id list did not)."""
        self._pages.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._ids) - 1, len(self._headers) - 1))

    def row_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, row_id: int) -> int:
        try:
            return self._ids.index(row_id)
        except ValueError:
            return -1

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return str(section + 1)

    def row_values(self, row: int) -> tuple | None:
        page = row // PAGE_SIZE
        cached = self._pages.get(page)
        if cached is None:
            ids = self._ids[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
            cached = self._fetch(list(ids))
            self._pages[page] = cached
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return cached.get(self._ids[row])

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        values = self.row_values(index.row())
        if values is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            value = values[index.column()]
            return "" if value is None else str(value)
        if self.decorate is not None:
            return self.decorate(values, index.column(), role)
        return None
