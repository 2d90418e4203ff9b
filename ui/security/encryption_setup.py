"""新数据库加密: on by default; passphrase twice, then the recovery key to print and keep."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
)

from ui.common.answered import AnsweredDialog
from ykt_desktop.errors import UserError
from ykt_desktop.security.encryption import MIN_PASSPHRASE, create_encrypted


class EncryptionSetupDialog(QDialog):
    """Accepted after the choice: ``recovery_key`` and ``key`` (open the file with it) are set
    when the new file was encrypted."""

    def __init__(self, path: Path, parent=None) -> None:
        super().__init__(parent)
        self.path = path
        self.recovery_key = ""
        self.key: bytes | None = None
        self.setWindowTitle("新建数据库：加密保护")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        intro = QLabel("数据库保存群众的身份证号、卡号等敏感个人信息。建议加密：电脑或 U 盘"
                       "丢失时，没有密码的人无法读取。请牢记密码，并打印保管恢复密钥。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.enabled = QCheckBox("加密数据库（推荐）")
        self.enabled.setChecked(True)
        layout.addWidget(self.enabled)
        form = QFormLayout()
        self.passphrase, self.again = QLineEdit(), QLineEdit()
        for edit in (self.passphrase, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("加密密码", self.passphrase)
        form.addRow("再输一次", self.again)
        layout.addLayout(form)
        self.enabled.toggled.connect(self.passphrase.setEnabled)
        self.enabled.toggled.connect(self.again.setEnabled)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        if not self.enabled.isChecked():
            answer = QMessageBox.question(self, "不加密", "不加密时，拿到数据库文件的人都能读取"
                                          "全部个人信息。确定不加密吗？")
            if answer == QMessageBox.StandardButton.Yes:
                self.accept()
            return
        if len(self.passphrase.text()) < MIN_PASSPHRASE:
            self.message.setText(f"加密密码至少 {MIN_PASSPHRASE} 位")
            return
        if self.passphrase.text() != self.again.text():
            self.message.setText("两次输入的密码不一致")
            return
        try:
            new = create_encrypted(self.path, self.passphrase.text())
        except UserError as exc:
            self.message.setText(str(exc))
            return
        self.recovery_key, self.key = new.recovery, new.key
        RecoveryKeyDialog(self.recovery_key, self.path, self).exec()
        self.accept()


class RecoveryKeyDialog(AnsweredDialog):
    """Shows the recovery key once, with a button to print it."""

    def __init__(self, key: str, path: Path, parent=None) -> None:
        super().__init__(parent)
        self.key, self.path = key, path
        self.setWindowTitle("恢复密钥（请打印保管）")
        layout = QVBoxLayout(self)
        text = QLabel("忘记加密密码时，只能用下面的恢复密钥打开数据库。它只显示这一次："
                      "请打印或抄写后放在单位保险柜中，不要和电脑放在一起。")
        text.setWordWrap(True)
        layout.addWidget(text)
        shown = QLabel(key)
        shown.setStyleSheet("font-size: 20px; font-family: monospace; padding: 12px")
        shown.setTextInteractionFlags(shown.textInteractionFlags().TextSelectableByMouse)
        layout.addWidget(shown)
        buttons = QDialogButtonBox()
        buttons.addButton("打印…", QDialogButtonBox.ButtonRole.ActionRole).clicked.connect(
            self.print_key)
        buttons.addButton("已打印或抄写", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def print_key(self) -> None:
        printer = QPrinter()
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        doc = QTextDocument()
        doc.setHtml(f"<h2>一卡通核查 数据库恢复密钥</h2><p>数据库：{self.path}</p>"
                    f"<p style='font-size:20pt; font-family:monospace'>{self.key}</p>"
                    f"<p>请放在单位保险柜中保管。忘记加密密码时，用此密钥打开数据库。</p>")
        doc.print_(printer)
