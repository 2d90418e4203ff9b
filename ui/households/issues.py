"""一户一表 · 问题: issues already registered for the household and those raised from the form
(registered when the household is saved)."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.common.list_table import ListTableModel
from ui.common.table_fit import contents_table
from ykt_desktop.households.problems import household_issues, issue_categories
from ykt_desktop.households.records import HouseholdRecord

HEADERS = ("问题编号", "类别", "状态", "涉及成员", "问题描述", "涉及金额（元）", "挂号时间")


class IssuesTab(QWidget):
    changed = Signal()
    raise_requested = Signal()

    def __init__(self, db: sqlite_utils.Database, record: HouseholdRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.record = db, record
        self.categories = dict(issue_categories(db))
        layout = QVBoxLayout(self)
        self.raise_button = QPushButton("发现问题…")
        self.raise_button.clicked.connect(self.raise_requested)
        top = QHBoxLayout()           # the button as wide as its text, not the whole tab
        top.addWidget(self.raise_button)
        top.addStretch()
        layout.addLayout(top)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.model = ListTableModel(HEADERS)
        view = contents_table(self.model, row_numbers=True)
        layout.addWidget(view, 1)
        self.fields = [self.raise_button]
        self.refresh()

    def refresh(self) -> None:
        rows = household_issues(self.db, self.record.id)
        for d in self.record.new_issues:
            who = self.record.members[d.member].name if d.member is not None else ""
            rows.append(("（保存时挂号）", self.categories.get(d.category, d.category), "待登记",
                         who, d.description, f"{d.amount:.2f}", ""))
        self.model.set_rows(rows)
        pending = len(self.record.new_issues)
        self.summary.setText(f"已登记{len(rows) - pending}个问题" +
                             (f"，另有{pending}个待保存时挂号" if pending else ""))
