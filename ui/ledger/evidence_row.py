"""问题详情 › 佐证材料: the issue's evidence files, each opened with the computer's own viewer from
a temporary copy (the stored file is never handed out for editing)."""

from __future__ import annotations

import tempfile

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMessageBox, QPushButton

from ui.common.empty_state import set_available
from ui.context import AppContext
from ykt_desktop.errors import UserError
from ykt_desktop.ledger.evidence import evidence_copy


class EvidenceRow(QHBoxLayout):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.files: list[dict] = []
        self.folder = ""
        self.label = QLabel("佐证材料：无")
        self.choice = QComboBox()
        self.choice.setToolTip("本问题已上传的佐证材料，选中后点“打开佐证材料”查看")
        self.open_button = QPushButton("打开佐证材料(&E)")
        self.open_button.setToolTip("用本机的看图或文档程序打开选中的佐证材料（打开的是副本）")
        self.open_button.clicked.connect(self.open_selected)
        self.addWidget(self.label)
        self.addWidget(self.choice, 1)
        self.addWidget(self.open_button)

    def load(self, files: list[dict]) -> None:
        self.files = files
        self.choice.clear()
        self.choice.addItems([f"{f['filename']}（{f['created_at']} {f['created_by']}）"
                              for f in files])
        self.label.setText(f"佐证材料（{len(files)}份）：" if files else "佐证材料：无")
        self.choice.setVisible(bool(files))
        set_available(self.open_button, bool(files), "no_evidence")
        if files:
            self.choice.setCurrentIndex(len(files) - 1)

    def open_selected(self) -> str:
        """Write a copy of the chosen file to a temporary folder and open it; returns its path."""
        index = self.choice.currentIndex()
        if index < 0:
            return ""
        if not self.folder:
            self.folder = tempfile.mkdtemp(prefix="ykt-evidence-")
        try:
            path = evidence_copy(self.ctx.db, self.files[index]["id"], folder=self.folder)
        except (OSError, UserError) as exc:
            QMessageBox.warning(self.open_button, "佐证材料", str(exc))
            return ""
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            QMessageBox.information(self.open_button, "佐证材料",
                                    f"本机没有能打开该文件的程序，副本在：\n{path}")
        return str(path)
