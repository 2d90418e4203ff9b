"""登记张贴: where and from when to when a notice was posted, a photo, objections and handling;
the notice's earlier posting records are listed above."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from ui.common import file_dialogs
from ui.common.answered import AnsweredDialog
from ui.common.list_table import ListTableModel
from ykt_desktop.errors import UserError
from ykt_desktop.publicity.records import add_posting, get_publicity, list_postings

HEADERS = ("张贴地点", "开始", "结束", "照片", "异议", "处理情况", "登记人")


def _qdate(value: str | None) -> QDate:
    day = date.fromisoformat(value) if value else date.today()
    return QDate(day.year, day.month, day.day)


def _pydate(widget: QDateEdit) -> date:
    d = widget.date()
    return date(d.year(), d.month(), d.day())


class PostingRecordDialog(AnsweredDialog):
    def __init__(self, db: sqlite_utils.Database, publicity_id: int, *, user: str = "",
                 parent=None) -> None:
        super().__init__(parent)
        self.db, self.publicity_id, self.user = db, publicity_id, user
        record = get_publicity(db, publicity_id)
        self.setWindowTitle("登记公示张贴情况")
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        title = QLabel(f"{record['title']}\n计划公示：{record['start_date']} 至 "
                       f"{record['end_date']}")
        title.setWordWrap(True)
        layout.addWidget(title)
        self.model = ListTableModel(HEADERS)
        view = QTableView()
        view.setModel(self.model)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.setMaximumHeight(140)
        layout.addWidget(view)
        form = QFormLayout()
        self.location = QLineEdit()
        self.location.setPlaceholderText("如 村务公开栏、村委会门口、各组公示栏")
        self.posted_from = QDateEdit(_qdate(record["start_date"]))
        self.posted_to = QDateEdit(_qdate(record["end_date"]))
        for widget in (self.posted_from, self.posted_to):
            widget.setCalendarPopup(True)
            widget.setDisplayFormat("yyyy-MM-dd")
        self.photo = QLineEdit()
        self.photo.setReadOnly(True)
        self.photo.setPlaceholderText("张贴现场照片（可选）")
        pick = QPushButton("选择照片…")
        pick.clicked.connect(self._pick_photo)
        photo_row = QHBoxLayout()
        photo_row.addWidget(self.photo, 1)
        photo_row.addWidget(pick)
        self.objections = QPlainTextEdit()
        self.objections.setPlaceholderText("公示期间收到的异议（没有则留空）")
        self.handling = QPlainTextEdit()
        self.handling.setPlaceholderText("异议的核实和处理情况")
        for widget in (self.objections, self.handling):
            widget.setMaximumHeight(60)
        form.addRow("张贴地点", self.location)
        form.addRow("张贴开始", self.posted_from)
        form.addRow("张贴结束", self.posted_to)
        form.addRow("照片", photo_row)
        form.addRow("异议", self.objections)
        form.addRow("处理情况", self.handling)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        buttons.addButton("登记", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.saved = 0
        self._reload()

    def _reload(self) -> None:
        self.model.set_rows([(p.location, p.posted_from, p.posted_to,
                              "有" if p.photo_attachment_id else "", p.objections, p.handling,
                              p.recorded_by) for p in list_postings(self.db, self.publicity_id)])

    def _pick_photo(self) -> None:
        path, _ = file_dialogs.open_file_name(self, "选择张贴照片", "",
                                              "图片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp "
                                              "*.heic);;PDF 扫描件 (*.pdf)")
        if path:
            self.photo.setText(path)

    def _save(self) -> None:
        try:
            add_posting(self.db, self.publicity_id, location=self.location.text(),
                        posted_from=_pydate(self.posted_from), posted_to=_pydate(self.posted_to),
                        photo=Path(self.photo.text()) if self.photo.text() else None,
                        objections=self.objections.toPlainText(),
                        handling=self.handling.toPlainText(), recorded_by=self.user)
        except UserError as exc:
            QMessageBox.warning(self, "登记张贴", str(exc))
            return
        self.saved += 1
        self.accept()
