"""The question an editor asks when its save was refused because the record changed meanwhile
(``StaleRecordError``): 重新载入 (show the newest data, drop this window's edits) or 取消 (stay,
edits kept, nothing saved)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from ykt_desktop.record_versions import StaleRecordError

TITLE = "内容已被修改"


def ask_reload(parent: QWidget, error: StaleRecordError) -> bool:
    """True when the officer chose 重新载入."""
    box = QMessageBox(QMessageBox.Icon.Warning, TITLE, str(error),
                      QMessageBox.StandardButton.NoButton, parent)
    reload = box.addButton("重新载入", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    reload.setToolTip("丢弃本窗口未保存的修改，显示别人保存后的最新内容")
    cancel.setToolTip("留在本窗口，修改保留但没有保存")
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    box.deleteLater()               # the form's child: kept otherwise, one per question
    return box.clickedButton() is reload
