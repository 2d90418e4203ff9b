"""修改密码: the user's own password (forced after the first login or a reset)."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from ui.common.answered import AnsweredDialog
from ykt_desktop.errors import UserError
from ykt_desktop.security.passwords import MIN_LENGTH
from ykt_desktop.security.users import change_password


class ChangePasswordDialog(AnsweredDialog):
    def __init__(self, db: sqlite_utils.Database, username: str, *, forced: bool = False,
                 parent=None) -> None:
        super().__init__(parent)
        self.db, self.username = db, username
        self.setWindowTitle("修改密码")
        self.setMinimumWidth(400)
        layout = QVBoxLayout(self)
        if forced:
            note = QLabel("这是初始密码或管理员重置的临时密码，请先设置您自己的密码。")
            note.setWordWrap(True)
            layout.addWidget(note)
        form = QFormLayout()
        self.old, self.new, self.again = QLineEdit(), QLineEdit(), QLineEdit()
        for edit in (self.old, self.new, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("原密码", self.old)
        form.addRow("新密码", self.new)
        form.addRow("再输一次", self.again)
        layout.addLayout(form)
        layout.addWidget(QLabel(f"至少 {MIN_LENGTH} 位，同时包含字母和数字，不含用户名。"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            "退出" if forced else "取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        if self.new.text() != self.again.text():
            self.message.setText("两次输入的新密码不一致")
            return
        try:
            change_password(self.db, self.username, self.old.text(), self.new.text())
        except UserError as exc:
            self.message.setText(str(exc))
            return
        self.accept()
