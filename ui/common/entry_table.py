"""A keyboard-first editor for a short list: a row of entry fields above a table.

Type into the fields (Tab moves on), press Enter: the row is added (or, when a table row was
selected, updated) and the cursor returns to the first field for the next one. Subclasses say
which fields there are and how a row is read, shown and stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.common.enter_submit import EnterSubmit
from ui.common.list_table import ListTableModel
from ui.common.row_select import select_row
from ui.common.table_fit import ElideTipDelegate

WARN = QColor("#ffd7d7")


class ColoredListModel(ListTableModel):
    """A list model whose rows can carry a background colour and a tooltip."""

    def __init__(self, headers: Sequence[str]) -> None:
        super().__init__(headers)
        self.colors: dict[int, QColor] = {}
        self.tips: dict[int, str] = {}

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.BackgroundRole:
            return self.colors.get(index.row())
        if index.isValid() and role == Qt.ItemDataRole.ToolTipRole:
            return self.tips.get(index.row())
        return super().data(index, role)


class EntryTable(QWidget):
    changed = Signal()
    headers: Sequence[str] = ()
    add_text = "添加（回车）"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editing: int | None = None
        layout = QVBoxLayout(self)
        self.grid = QGridLayout()
        layout.addLayout(self.grid)
        self.fields: list[QWidget] = []
        self.build_fields()
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.add_text)
        self.new_button = QPushButton("新的一行")
        self.remove_button = QPushButton("删除选中行")
        for b in (self.add_button, self.new_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch()
        layout.addLayout(buttons)
        self.model = ColoredListModel(self.headers)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.view, 1)
        self.view.setItemDelegate(ElideTipDelegate(self.view))   # cut-off text as tooltip
        self.add_button.clicked.connect(self.submit)
        self.new_button.clicked.connect(self.start_new)
        self.remove_button.clicked.connect(self.remove_selected)
        self.view.selectionModel().currentRowChanged.connect(self._row_selected)
        self.enter = EnterSubmit(self.fields, self.submit, self)

    # --- for subclasses -------------------------------------------------------------------
    # A subclass must define every hook in HOOKS (checked when the class is defined):
    #   build_fields() -> None                 create the entry widgets with add_field()
    #   rows() -> list[tuple]                  the table's rows
    #   read_entry() -> (value, '') or (None, Chinese error message)
    #   show_entry(row | None) -> None         fill the fields from a row (None: clear them)
    #   store(row | None, value) -> None       add (row None) or replace a row
    #   delete(row) -> str                     remove a row; a Chinese reason when it cannot be
    HOOKS = ("build_fields", "rows", "read_entry", "show_entry", "store", "delete")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        missing = [name for name in EntryTable.HOOKS if not callable(getattr(cls, name, None))]
        if missing:
            raise TypeError(f"{cls.__name__} must define {', '.join(missing)}")

    def decorate(self) -> None:
        """Set ``self.model.colors`` / ``tips`` after a refresh."""

    # --- behaviour --------------------------------------------------------------------------
    def add_field(self, label: str, widget: QWidget, row: int, col: int, span: int = 1) -> None:
        self.grid.addWidget(QLabel(label), row, col * 2)
        self.grid.addWidget(widget, row, col * 2 + 1, 1, span)
        self.fields.append(widget)

    def refresh(self) -> None:
        self.view.selectionModel().blockSignals(True)
        self.model.colors, self.model.tips = {}, {}
        self.model.set_rows(self.rows())
        self.decorate()
        self.view.selectionModel().blockSignals(False)

    def submit(self) -> None:
        value, error = self.read_entry()
        if error:
            self.message.setText(error)
            return
        self.message.setText("")
        row = self.editing
        self.store(row, value)
        self.refresh()
        self.changed.emit()
        self.next_entry(row)

    def next_entry(self, row: int | None) -> None:
        """After Enter: a fresh row (subclasses may move to the next existing row instead)."""
        self.start_new()

    def start_new(self) -> None:
        self.editing = None
        self.view.clearSelection()
        self.add_button.setText(self.add_text)
        self.show_entry(None)
        if self.fields:
            self.fields[0].setFocus()

    def remove_selected(self) -> None:
        row = self.view.currentIndex().row()
        if row < 0:
            self.message.setText("请先在表中选中要删除的行")
            return
        reason = self.delete(row)
        self.message.setText(reason)
        if not reason:
            self.refresh()
            self.changed.emit()
            self.start_new()

    def select_row(self, row: int) -> None:
        select_row(self.view, row)
        self._row_selected(self.model.index(row, 0))

    def _row_selected(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        if not current.isValid():
            return
        self.editing = current.row()
        self.add_button.setText("更新（回车）")
        self.show_entry(current.row())
