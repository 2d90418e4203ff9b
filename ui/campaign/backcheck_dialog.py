"""登记复核: what was found at the door, field by field beside the original 一户一表."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.campaign.common import attempt, date_edit, line_edit
from ui.common.answered import AnsweredDialog
from ui.common.screen_fit import fit_on_screen
from ykt_desktop.campaign.backcheck import (
    household_number,
    original_answers,
    record_backcheck,
)

FOUND = 2


class BackcheckDialog(AnsweredDialog):
    def __init__(self, db: sqlite_utils.Database, household_id: int, sample_id: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.household_id, self.sample_id = db, household_id, sample_id
        hh_no = household_number(db, household_id)
        self.setWindowTitle(f"登记复核：户 {hh_no}")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("在“复核所见”列填写入户看到、问到的情况；留空的项目不计入比对。"
                                "与原表不同的项目保存后会标出。"))
        self.original = original_answers(db, household_id)
        self.keys = list(self.original)
        self.table = QTableWidget(len(self.keys), 3)
        self.table.setHorizontalHeaderLabels(["项目", "原一户一表", "复核所见"])
        for row, key in enumerate(self.keys):
            label, value = self.original[key]
            for col, text in enumerate((label, value)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, col, item)
            self.table.setItem(row, FOUND, QTableWidgetItem(""))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setToolTip("双击“复核所见”格填写；金额按元填写，是否收到填“是”或“否”")
        layout.addWidget(self.table, 1)
        same = QPushButton("全部照原表填入")
        same.setToolTip("把原表的值填入“复核所见”，再只改不一致的几项")
        same.clicked.connect(self.copy_original)
        layout.addWidget(same)
        form = QFormLayout()
        self.checker = line_edit("复核人姓名和单位，如 县财政局 王某")
        self.day = date_edit("入户复核的日期")
        self.notes = line_edit("备注（可空）")
        form.addRow("复核人", self.checker)
        form.addRow("复核日期", self.day)
        form.addRow("备注", self.notes)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Save).setToolTip("保存复核记录并逐项比对")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setToolTip("不保存，关闭")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_on_screen(self, 900, 600)

    def copy_original(self) -> None:
        for row, key in enumerate(self.keys):
            self.table.item(row, FOUND).setText(self.original[key][1])

    def answers(self) -> dict[str, str]:
        out = {}
        for row, key in enumerate(self.keys):
            text = self.table.item(row, FOUND).text().strip()
            if text:
                out[key] = text
        return out

    def save(self) -> None:
        done = attempt(self, "登记复核", lambda: record_backcheck(
            self.db, self.household_id, sample_id=self.sample_id,
            checked_on=self.day.date().toString("yyyy-MM-dd"), checker=self.checker.text(),
            answers=self.answers(), notes=self.notes.text()))
        if done is not None:
            self.accept()
