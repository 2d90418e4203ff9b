"""A short text asked for an action (退回理由, 移交, 备注): the dialog stays open with the typed
text until the action accepts it; an empty text or the core's refusal is shown inside it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.common.answered import AnsweredDialog


class TextPrompt(AnsweredDialog):
    """``submit(text)`` returns '' when done, else the reason it was refused (shown here)."""

    def __init__(self, parent: QWidget | None, title: str, label: str,
                 submit: Callable[[str], str], *, ok_text: str = "确定(&O)") -> None:
        super().__init__(parent)
        self.submit_text = submit
        self.setWindowTitle(title)
        self.resize(460, 220)
        layout = QVBoxLayout(self)
        caption = QLabel(label)
        caption.setWordWrap(True)
        layout.addWidget(caption)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setToolTip(label)
        caption.setBuddy(self.text)
        layout.addWidget(self.text, 1)
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消(&C)")
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.text.setFocus()

    def try_accept(self) -> None:
        text = self.text.toPlainText().strip()
        if not text:
            self.error.setText("请先填写内容")
            self.text.setFocus()
            return
        refused = self.submit_text(text)
        if refused:
            self.error.setText(refused)
            return
        self.accept()
