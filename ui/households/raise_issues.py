"""发现问题: pick the problems the form found (pre-filled) or describe another one; they are
registered in the ledger when the household is saved."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.common.answered import AnsweredDialog
from ykt_desktop.households.problems import candidate_issues, issue_categories
from ykt_desktop.households.records import HouseholdRecord, IssueDraft
from ykt_desktop.money import MoneyError, typed_amount


class RaiseIssuesDialog(AnsweredDialog):
    def __init__(self, db: sqlite_utils.Database, record: HouseholdRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("发现问题")
        self.setMinimumWidth(640)
        self.resize(900, 480)   # the suggested issues read whole, wrapped; fits 1366x768
        self.categories = dict(issue_categories(db))
        self.candidates = candidate_issues(db, record)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(("本表发现的问题（勾选要登记的；保存本户时一并挂号）："
                                 if self.candidates else "本表没有自动发现的问题。")
                                + ("（已在问题台账登记的不再列出，见“问题”标签。）"
                                   if record.id is not None else "")))
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for d in self.candidates:
            money = f"（{d.amount:.2f}元）" if d.amount else ""
            item = QListWidgetItem(f"【{self.categories.get(d.category, d.category)}】"
                                   f"{d.description}{money}")
            item.setToolTip(item.text())
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        layout.addWidget(self.list)
        form = QFormLayout()
        self.category = QComboBox()
        self.category.addItem("（不另行登记）", None)
        for code, name in self.categories.items():
            self.category.addItem(name, code)
        self.member = QComboBox()
        self.member.addItem("（全户）", None)
        for i, m in enumerate(record.members):
            self.member.addItem(m.name, i)
        self.description = QLineEdit()
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("涉及金额（元），可空")
        form.addRow("另行登记：类别", self.category)
        form.addRow("涉及成员", self.member)
        form.addRow("问题描述", self.description)
        form.addRow("涉及金额", self.amount)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("error")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("登记所选问题")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> tuple[list[IssueDraft], str]:
        """The issues to raise, or a Chinese error."""
        out = [d for i, d in enumerate(self.candidates)
               if self.list.item(i).checkState() == Qt.CheckState.Checked]
        code = self.category.currentData()
        if code:
            text = self.description.text().strip()
            if not text:
                return [], "另行登记的问题请填写问题描述"
            try:
                amount = typed_amount(self.amount.text(), "amount")
            except MoneyError as exc:
                return [], str(exc)
            out.append(IssueDraft(category=code, description=text, amount=amount,
                                  member=self.member.currentData()))
        return out, ""

    def accept(self) -> None:
        issues, error = self.chosen()
        if error:
            self.error.setText(error)
            return
        self.result_issues = issues
        super().accept()
