"""Right-click a table's header to choose its columns; the choice is remembered per table.

A wide list (问题台账 has 16 columns) does not fit 1366 px: the officer hides what they do not
need today instead of scrolling sideways, and gets it back the same way.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QMenu, QPushButton, QTableView

PREFIX = "columns/hidden/"


def _settings() -> QSettings:
    return QSettings("ykt-desktop", "ykt-desktop")


def hidden_columns(key: str) -> set[int]:
    value = _settings().value(PREFIX + key, "")
    return {int(x) for x in str(value or "").split(",") if x.strip().isdigit()}


def set_column_shown(view: QTableView, key: str, column: int, shown: bool) -> None:
    """Show or hide ``column`` and remember it; the last visible column is never hidden."""
    model = view.model()
    visible = [c for c in range(model.columnCount()) if not view.isColumnHidden(c)]
    if not shown and visible == [column]:
        return
    view.setColumnHidden(column, not shown)
    hidden = sorted(c for c in range(model.columnCount()) if view.isColumnHidden(c))
    _settings().setValue(PREFIX + key, ",".join(map(str, hidden)))


def install(view: QTableView, key: str, *, default_hidden: tuple[int, ...] = ()) -> None:
    """Restore the remembered choice (never chosen yet: ``default_hidden``, so the key columns
    fit 1366 px) and offer the menu on the header."""
    header = view.horizontalHeader()
    chosen = _settings().contains(PREFIX + key)
    for column in hidden_columns(key) if chosen else default_hidden:
        if column < view.model().columnCount():
            view.setColumnHidden(column, True)
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    header.setToolTip("右键点表头可选择显示哪些列")
    header.customContextMenuRequested.connect(lambda pos: _menu(view, key, pos))


def column_menu(view: QTableView, key: str) -> QMenu:
    menu = QMenu(view)
    model = view.model()
    for column in range(model.columnCount()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "").replace("\n", "")
        action = menu.addAction(title)
        action.setCheckable(True)
        action.setChecked(not view.isColumnHidden(column))
        action.toggled.connect(lambda on, c=column: set_column_shown(view, key, c, on))
    return menu


def chooser_button(view: QTableView, key: str) -> QPushButton:
    """A visible way to the same menu (the header's right-click is not found by everyone)."""
    button = QPushButton("显示列…")
    button.setToolTip("选择表中显示哪些列（隐藏的列可以在这里找回）；右键点表头也可以")
    button.clicked.connect(lambda: _show(column_menu(view, key),
                                         button.mapToGlobal(button.rect().bottomLeft())))
    return button


def _show(menu: QMenu, where: QPoint) -> None:
    menu.exec(where)
    menu.deleteLater()      # the table's child: kept otherwise, one more menu per click


def _menu(view: QTableView, key: str, pos: QPoint) -> None:
    _show(column_menu(view, key), view.horizontalHeader().mapToGlobal(pos))
