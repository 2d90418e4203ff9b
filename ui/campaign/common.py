"""Shared bits of the campaign tabs: a small form dialog, error messages, list helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTableView,
    QWidget,
)

from ui.common.answered import AnsweredDialog
from ui.common.screen_fit import fit_on_screen
from ykt_desktop.db_errors import explain
from ykt_desktop.errors import UserError
from ykt_desktop.storage import DB_ERRORS


def attempt(parent: QWidget, title: str, action: Callable[[], Any]) -> Any:
    """Run ``action``; a user error or a refused write becomes a message box (None returned)."""
    try:
        return action()
    except UserError as exc:
        QMessageBox.warning(parent, title, str(exc))
    except DB_ERRORS as exc:
        message = explain(exc)
        if message is None:
            raise
        QMessageBox.warning(parent, title, message)
    return None


def date_edit(tip: str, day: QDate | None = None) -> QDateEdit:
    edit = QDateEdit(day or QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setToolTip(tip)
    return edit


def line_edit(tip: str, text: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setToolTip(tip)
    return edit


def text_edit(tip: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setToolTip(tip)
    edit.setFixedHeight(70)
    return edit


def combo(tip: str, choices: list[tuple[str, Any]]) -> QComboBox:
    box = QComboBox()
    for label, data in choices:
        box.addItem(label, data)
    box.setToolTip(tip)
    return box


def spin(tip: str, low: int, high: int, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setToolTip(tip)
    return box


def money(tip: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(0, 1e9)
    box.setDecimals(2)
    box.setSuffix(" 元")
    box.setToolTip(tip)
    return box


def value_of(widget: QWidget) -> Any:
    if isinstance(widget, QDateEdit):
        return widget.date().toString("yyyy-MM-dd")
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        return widget.value()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText().strip()
    return widget.text().strip()


KEEP_OPEN = object()        # returned by a ``submit`` that handled a refusal itself


class FormDialog(AnsweredDialog):
    """Label/widget rows and 确定/取消; ``submit(values)`` runs on 确定 and closes on success
    (unless it returns :data:`KEEP_OPEN`)."""

    def __init__(self, parent: QWidget, title: str, rows: list[tuple[str, str, QWidget]],
                 submit: Callable[[dict[str, Any]], Any]) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.widgets = {key: widget for key, _, widget in rows}
        self.submit = submit
        self.result_value: Any = None
        form = QFormLayout(self)
        for _, label, widget in rows:
            form.addRow(label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        fit_on_screen(self, 560, self.sizeHint().height())

    def values(self) -> dict[str, Any]:
        return {key: value_of(w) for key, w in self.widgets.items()}

    def _ok(self) -> None:
        done = attempt(self, self.windowTitle(), lambda: self.submit(self.values()) or True)
        if done is not None and done is not KEEP_OPEN:
            self.result_value = done
            self.accept()


def selected_row(view: QTableView) -> int | None:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return rows[0].row() if rows else None
