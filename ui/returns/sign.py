"""签章: who signs; when a 勾稽 rule fails, a written reason (printed on the return)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from ui.common.answered import AnsweredDialog
from ykt_desktop.returns.engine import FilledReturn
from ykt_desktop.returns.rules import failures


class ReturnSignDialog(AnsweredDialog):
    def __init__(self, filled: FilledReturn, signer: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("签章导出 PDF")
        self.resize(560, 320)
        self.failing = failures(filled)
        form = QFormLayout(self)
        form.addRow(QLabel(f"{filled.title}\n{filled.unit_name}  {filled.period}"))
        self.signer = QLineEdit(signer)
        self.signer.setPlaceholderText("签署人姓名")
        form.addRow("签署人", self.signer)
        self.reason = QPlainTextEdit(filled.override_reason)
        if self.failing:
            warning = QLabel(f"有 {len(self.failing)} 处勾稽校验未通过，例如：\n"
                             f"{self.failing[0].text}\n如确需签署，请写明理由，理由将打印在报表上。")
            warning.setWordWrap(True)
            warning.setObjectName("errorText")
            form.addRow(warning)
            form.addRow("理由", self.reason)
        else:
            self.reason.hide()
            form.addRow(QLabel("勾稽校验全部通过。签章将使用本单位的数字证书。"))
        self.error = QLabel()
        self.error.setObjectName("errorText")
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("签章")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _accept(self) -> None:
        if not self.signer.text().strip():
            self.error.setText("请填写签署人姓名")
            return
        if self.failing and not self.override_reason():
            self.error.setText("勾稽校验未通过，必须填写理由才能签署")
            return
        self.accept()

    def signer_name(self) -> str:
        return self.signer.text().strip()

    def override_reason(self) -> str:
        return self.reason.toPlainText().strip() if self.failing else ""
