"""登录: user name and password; wrong passwords count toward the lockout (core)."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from ykt_desktop import APP_TITLE
from ykt_desktop.errors import UserError
from ykt_desktop.security.session import Session
from ykt_desktop.security.users import log_in


class LoginDialog(QDialog):
    """Accepted once a user logged in: ``session`` and ``must_change`` are then set."""

    def __init__(self, db: sqlite_utils.Database, parent=None) -> None:
        super().__init__(parent)
        self.db = db
        self.session: Session | None = None
        self.must_change = False
        self.setWindowTitle(f"登录 - {APP_TITLE}")
        self.setMinimumWidth(380)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("用户名", self.username)
        form.addRow("密码", self.password)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("登录")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("退出")
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def try_login(self) -> None:
        try:
            self.session, self.must_change = log_in(self.db, self.username.text().strip(),
                                                    self.password.text())
        except UserError as exc:
            self.message.setText(str(exc))
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()
