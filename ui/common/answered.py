"""A dialog that goes away once it has been answered.

A dialog made with a page as its parent belongs to that page: closing it only hides it, so every
question asked left a hidden window behind until the page itself went (the GUI soak counted
dozens of 问题详情, 新增用户 and 签章 dialogs alive after a few minutes, RSS climbing). This base
class deletes the dialog after ``exec()`` returns and when an ``open()``-ed dialog finishes. The
deletion is deferred until control is back in the event loop that asked, so the caller can still
read the dialog's fields after ``exec()`` in the same handler.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog


class AnsweredDialog(QDialog):
    def exec(self) -> int:
        try:
            return super().exec()
        finally:
            self.deleteLater()

    def open(self) -> None:
        self.finished.connect(self.deleteLater)
        super().open()
