"""The 公示 builder's choices: items, period, scope, issuer, posting dates, hotlines, paper."""

from __future__ import annotations

from datetime import date

import sqlite_utils
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.common.period_default import follow_default
from ykt_desktop.periods import default_period
from ykt_desktop.publicity.choices import item_choices, scope_choices
from ykt_desktop.publicity.config import get_hotlines, min_days
from ykt_desktop.publicity.model import HOTLINE_LABELS, NoticeRequest


class PublicityForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        box = QGroupBox("补贴项目（可多选，括号内为发放成功笔数）")
        inner = QVBoxLayout(box)
        self.items = QListWidget()
        self.items.setMinimumHeight(150)
        self.items.setToolTip("勾选要公示的补贴项目；灰色的项目在本库中还没有发放成功的记录")
        inner.addWidget(self.items)
        layout.addWidget(box, 1)
        form = QFormLayout()
        self.period = QLineEdit()
        self.period.setPlaceholderText("2025-07（月）或 2025（年）")
        self.period.setToolTip("公示哪一期的发放：月如 2025-07，年如 2025（含该年各月）；"
                               "默认是本库有发放数据的最近一个月")
        self.scope = QComboBox()
        self.scope.setToolTip("乡镇公示全镇各村；村公示全村各组；组公示只含本组")
        self.issuer = QLineEdit()
        self.issuer.setPlaceholderText("默认：××村村民委员会 / ××镇人民政府")
        self.issuer.setToolTip("公示落款的单位；留空按公示范围自动填写")
        self.start = QDateEdit(QDate.currentDate())
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd")
        self.start.setToolTip("张贴公示的第一天")
        self.days = QSpinBox()
        self.days.setRange(1, 90)
        self.days.setSuffix(" 天")
        self.days.setToolTip("公示天数，不少于本县规定的天数")
        self.paper = QComboBox()
        self.paper.addItem("A4 纵向", "portrait")
        self.paper.addItem("A4 横向（列多时更清楚）", "landscape")
        self.paper.setToolTip("打印和导出 PDF 的纸张方向")
        self.hotlines = {key: QLineEdit() for key in HOTLINE_LABELS}
        for label, widget in (("期间", self.period), ("公示范围", self.scope),
                              ("公示单位", self.issuer), ("公示开始日期", self.start),
                              ("公示天数", self.days), ("纸张", self.paper)):
            form.addRow(label, widget)
        for key, widget in self.hotlines.items():
            widget.setPlaceholderText("未设置：留空供手写")
            widget.setToolTip(f"印在公示上的{HOTLINE_LABELS[key]}；留空则在公示上留空供手写")
            form.addRow(HOTLINE_LABELS[key], widget)
        self.save_hotlines = QPushButton("把这些电话设为以后公示的默认值")
        self.save_hotlines.setToolTip("保存上面的电话，以后生成公示时自动填入")
        form.addRow("", self.save_hotlines)
        layout.addLayout(form)

    def reload(self, db: sqlite_utils.Database) -> None:
        chosen = set(self.chosen_items())
        self.items.clear()
        for code, name, paid in item_choices(db):
            entry = QListWidgetItem(f"{name}（{paid}）")
            entry.setData(Qt.ItemDataRole.UserRole, code)
            entry.setCheckState(Qt.CheckState.Checked if code in chosen
                                else Qt.CheckState.Unchecked)
            if not paid:
                entry.setForeground(Qt.GlobalColor.gray)
            self.items.addItem(entry)
        current = self.scope.currentData()
        self.scope.clear()
        for code, label, _ in scope_choices(db):
            self.scope.addItem(label, code)
        if current:
            self.scope.setCurrentIndex(max(0, self.scope.findData(current)))
        follow_default(self.period, default_period(db))
        required = min_days(db)
        self.days.setMinimum(required)
        self.days.setValue(max(self.days.value(), required))
        for key, value in get_hotlines(db).items():
            if not self.hotlines[key].text():
                self.hotlines[key].setText(value)

    def chosen_items(self) -> list[str]:
        return [self.items.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.items.count())
                if self.items.item(i).checkState() == Qt.CheckState.Checked]

    def set_choice(self, items: list[str], period: str, scope: str) -> None:
        for i in range(self.items.count()):
            entry = self.items.item(i)
            entry.setCheckState(Qt.CheckState.Checked if entry.data(Qt.ItemDataRole.UserRole)
                                in items else Qt.CheckState.Unchecked)
        self.period.setText(period)
        self.scope.setCurrentIndex(max(0, self.scope.findData(scope)))

    def hotline_values(self) -> dict[str, str]:
        return {k: w.text().strip() for k, w in self.hotlines.items()}

    def request(self) -> NoticeRequest:
        start = self.start.date()
        return NoticeRequest(
            items=tuple(self.chosen_items()), period=self.period.text().strip(),
            scope_code=self.scope.currentData() or "", issuer=self.issuer.text(),
            start_date=date(start.year(), start.month(), start.day()), days=self.days.value(),
            hotlines=self.hotline_values(),
            orientation=self.paper.currentData())
