"""Select a table row from code, whatever keys the officer is holding.

``QTableView.selectRow()`` builds its selection command from the keyboard modifiers of the last
input event: with Ctrl down it toggles the row, so selecting the row that is already selected
unselects it (and a test that pressed Ctrl+Enter earlier made the next page's 抽取 show an empty
list). Code that means "this row" asks the selection model directly.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView

SELECT_ROW = (QItemSelectionModel.SelectionFlag.ClearAndSelect
              | QItemSelectionModel.SelectionFlag.Rows)


def select_row(view: QAbstractItemView, row: int) -> None:
    model, selection = view.model(), view.selectionModel()
    if model is None or selection is None or not 0 <= row < model.rowCount():
        return
    selection.setCurrentIndex(model.index(row, 0), SELECT_ROW)
