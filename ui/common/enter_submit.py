"""Enter (or Return) in any of a group of entry fields runs one action ("add this row").

Installed as an event filter, it consumes the key so a dialog's default button never fires.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QComboBox, QWidget

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class EnterSubmit(QObject):
    def __init__(self, widgets: Iterable[QWidget], action: Callable[[], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.action = action
        for widget in widgets:
            widget.installEventFilter(self)
            if isinstance(widget, QComboBox) and widget.lineEdit() is not None:
                widget.lineEdit().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and event.key() in ENTER_KEYS \
                and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            combo = watched if isinstance(watched, QComboBox) else watched.parent()
            if isinstance(combo, QComboBox) and combo.view().isVisible():
                return False  # let an open drop-down take the choice first
            self.action()
            return True
        return False


def no_default_buttons(root: QWidget) -> None:
    """Stop every push button under ``root`` from reacting to Enter (dialog default button)."""
    from PySide6.QtWidgets import QPushButton

    for button in root.findChildren(QPushButton):
        button.setAutoDefault(False)
        button.setDefault(False)
