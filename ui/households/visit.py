"""一户一表 · 入户核查: who visited and when, the result, the household head's signature drawn
on screen and/or photos and scans of the signed paper form, notes."""

from __future__ import annotations

import datetime as dt
import mimetypes
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.common import file_dialogs
from ui.households.signature_pad import SignaturePad
from ykt_desktop.households.records import Attachment, HouseholdRecord

RESULTS = (("未完成（暂不下结论）", ""), ("已核查", "verified"), ("无法核查", "unable"))
MAX_SCAN_BYTES = 20 * 1024 * 1024


class VisitTab(QWidget):
    changed = Signal()

    def __init__(self, record: HouseholdRecord, user: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record, self.user = record, user
        form = QFormLayout()
        self.visit_date = QLineEdit()
        self.visit_date.setPlaceholderText("2026-03-15")
        self.verifiers = QLineEdit()
        self.verifiers.setPlaceholderText("核查人姓名，多人用空格分开")
        self.result = QComboBox()
        for text, code in RESULTS:
            self.result.addItem(text, code)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("无法核查时填写原因（如 举家外出务工）")
        self.confirmed = QCheckBox("户主已确认核查结果")
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(70)
        form.addRow("核查日期", self.visit_date)
        form.addRow("核查人", self.verifiers)
        form.addRow("核查结果", self.result)
        form.addRow("无法核查原因", self.reason)
        form.addRow("", self.confirmed)
        self.pad = SignaturePad()
        clear = QPushButton("清除签名")
        clear.clicked.connect(self.pad.clear)
        pad_row = QHBoxLayout()
        pad_row.addWidget(self.pad)
        pad_row.addWidget(clear)
        pad_row.addStretch()
        form.addRow("户主签名", pad_row)
        self.scans = QListWidget()
        self.scans.setMaximumHeight(80)
        add_scan, remove_scan = QPushButton("添加照片/扫描件…"), QPushButton("删除选中附件")
        add_scan.clicked.connect(self.choose_scan)
        remove_scan.clicked.connect(self.remove_scan)
        scan_row = QVBoxLayout()
        scan_row.addWidget(self.scans)
        buttons = QHBoxLayout()
        buttons.addWidget(add_scan)
        buttons.addWidget(remove_scan)
        buttons.addStretch()
        scan_row.addLayout(buttons)
        form.addRow("签字纸质表", scan_row)
        form.addRow("备注", self.notes)
        self.setLayout(form)
        self.load()
        for signal in (self.visit_date.textEdited, self.verifiers.textEdited,
                       self.reason.textEdited, self.notes.textChanged):
            signal.connect(self._edited)
        self.result.currentIndexChanged.connect(self._edited)
        self.result.currentIndexChanged.connect(self._reason_applies)
        self.confirmed.toggled.connect(self._edited)
        self.pad.changed.connect(self._edited)

    def _reason_applies(self) -> None:
        """无法核查原因 only when the result is 无法核查: otherwise Tab skips it."""
        unable = self.result.currentData() == "unable"
        self.reason.setEnabled(unable or bool(self.reason.text()))

    def load(self) -> None:
        v = self.record.visit
        self.visit_date.setText(v.visit_date or dt.date.today().isoformat())
        self.verifiers.setText(v.verifiers)
        self.result.setCurrentIndex(max(0, self.result.findData(v.result)))
        self.reason.setText(v.reason)
        self.confirmed.setChecked(v.head_confirmed)
        self.notes.setPlainText(v.notes)
        self.pad.load_png(v.signature.data if v.signature else None)
        self._list_scans()
        self._reason_applies()

    def _list_scans(self) -> None:
        self.scans.clear()
        for a in self.record.visit.scans:
            self.scans.addItem(f"{a.filename}（{len(a.data) // 1024 + 1} KB）")

    def _edited(self, *_args: object) -> None:
        v = self.record.visit
        v.visit_date = self.visit_date.text().strip()
        v.verifiers = self.verifiers.text().strip()
        v.result = self.result.currentData()
        v.reason = self.reason.text().strip()
        v.head_confirmed = self.confirmed.isChecked()
        v.notes = self.notes.toPlainText().strip()
        if self.pad.is_empty():
            v.signature = None
        elif self.sender() is self.pad or v.signature is None:
            v.signature = Attachment(filename="户主签名.png", mime="image/png",
                                     data=self.pad.to_png(), kind="signature")
        self.changed.emit()

    def choose_scan(self) -> None:
        paths, _filter = file_dialogs.open_file_names(
            self, "选择签字纸质表的照片或扫描件", "", "图片或 PDF (*.png *.jpg *.jpeg *.pdf)")
        for path in paths:
            self.add_scan(Path(path))

    def add_scan(self, path: Path) -> str:
        """Attach a file; returns a Chinese error or ''."""
        if path.stat().st_size > MAX_SCAN_BYTES:
            return f"{path.name}超过20MB，请压缩后再添加"
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self.record.visit.scans.append(Attachment(filename=path.name, mime=mime,
                                                  data=path.read_bytes(), kind="scan"))
        self._list_scans()
        self.changed.emit()
        return ""

    def remove_scan(self) -> None:
        row = self.scans.currentRow()
        if row >= 0:
            del self.record.visit.scans[row]
            self._list_scans()
            self.changed.emit()
