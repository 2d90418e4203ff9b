"""Table model over a filled return: computed, edited and failing cells look different;
hand-fillable cells are editable (the core's ``set_cell`` does the typing and the 合计)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ykt_desktop.returns.engine import FilledReturn, set_cell
from ykt_desktop.returns.layout import cell_text

_Index = QModelIndex | QPersistentModelIndex
EDITED = QColor("#FFF3C4")
FAILING = QColor("#F8C8C8")
TOTAL = QColor("#EEEEEE")


def _wrap(text: str, width: int) -> str:
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


class ReturnTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.filled: FilledReturn | None = None
        self.failing: set[tuple[str, str]] = set()
        self.on_edit: Callable[[], None] | None = None
        self.error = ""

    def set_return(self, filled: FilledReturn | None, failing: set[tuple[str, str]]) -> None:
        self.beginResetModel()
        self.filled, self.failing = filled, failing
        self.endResetModel()

    def set_failing(self, failing: set[tuple[str, str]]) -> None:
        self.failing = failing
        if self.filled:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or not self.filled else len(self.filled.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or not self.filled else len(self.filled.template.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.filled or orientation != Qt.Orientation.Horizontal:
            return None
        col = self.filled.template.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            title = _wrap(col.title[-1], 6)
            return f"{col.number}\n{title}" if col.number else title
        if role == Qt.ItemDataRole.ToolTipRole:
            return " / ".join(col.title)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.filled and self._editable(index):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def _editable(self, index: _Index) -> bool:
        row = self.filled.rows[index.row()]
        return (not row.is_total and self.filled.template.columns[index.column()].editable)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not self.filled:
            return None
        row = self.filled.rows[index.row()]
        col = self.filled.template.columns[index.column()]
        cell = row.cells[col.key]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return cell_text(col, cell.value)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(row.key, col.key, cell.edited, row.is_total)
        if role == Qt.ItemDataRole.FontRole and row.is_total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(col, cell)
        return None

    def _background(self, row_key: str, col_key: str, edited: bool, total: bool) -> Any:
        if (row_key, col_key) in self.failing:
            return QBrush(FAILING)
        if edited:
            return QBrush(EDITED)
        return QBrush(TOTAL) if total else None

    @staticmethod
    def _tooltip(col: Any, cell: Any) -> str:
        if col.kind == "hand":
            return "手工填写"
        if col.kind == "measure" and cell.edited:
            return f"已手工修改；按数据计算为 {cell_text(col, cell.computed) or '空'}"
        if col.kind == "measure":
            return "由数据计算；双击或点“查看明细”看构成这个数的记录"
        return ""

    def setData(self, index: _Index, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self.filled or not self._editable(index):
            return False
        row = self.filled.rows[index.row()]
        col = self.filled.template.columns[index.column()]
        try:
            set_cell(self.filled, row.key, col.key, value)
        except ValueError as exc:
            self.error = str(exc)
            if self.on_edit:
                self.on_edit()
            return False
        self.error = ""
        last = self.rowCount() - 1
        self.dataChanged.emit(self.index(index.row(), 0), self.index(last, self.columnCount() - 1))
        if self.on_edit:
            self.on_edit()
        return True
