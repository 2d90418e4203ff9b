"""解锁加密数据库: the passphrase or the printed recovery key."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from ykt_desktop.errors import UserError
from ykt_desktop.security.encryption import unlock


class UnlockDialog(QDialog):
    """Accepted with ``key`` set: the database's key (open the file with it)."""

    def __init__(self, path: Path, parent=None) -> None:
        super().__init__(parent)
        self.path = path
        self.key: bytes | None = None
        self.setWindowTitle("打开加密数据库")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        note = QLabel(f"数据库 {path.name} 已加密。请输入加密密码；"
                      f"忘记密码时可输入打印的恢复密钥。")
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("密码或恢复密钥", self.secret)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_unlock)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def try_unlock(self) -> None:
        try:
            self.key = unlock(self.path, self.secret.text())
        except UserError as exc:
            self.message.setText(str(exc))
            self.secret.clear()
            return
        self.accept()
