"""一户一表 · 补贴核对: official figures (standard, due, paid, date, card) beside what the
household states at the door; disagreements are highlighted."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QLineEdit, QWidget

from ui.common.entry_table import WARN, EntryTable
from ykt_desktop.households.records import HouseholdRecord, StatementRecord
from ykt_desktop.households.subsidies import SubsidyLine, item_names, subsidy_lines
from ykt_desktop.households.validate import parse_date
from ykt_desktop.periods import default_year
from ykt_desktop.security.display import number_view

ANSWERS = (("未问", None), ("已收到", True), ("未收到", False))


class SubsidiesTab(EntryTable):
    headers = ("成员", "补贴项目", "期间", "标准", "应发", "平台实发", "发放日期", "入账卡",
               "自述收到", "自述金额", "收到日期", "自述卡", "差异")
    add_text = "记录自述（回车）"

    def __init__(self, db: sqlite_utils.Database, record: HouseholdRecord,
                 parent: QWidget | None = None) -> None:
        self.db, self.record = db, record
        self.default_period = default_year(db)   # a new statement: the year of the latest data
        self.numbers = number_view(db)
        self.items = item_names(db)
        self.lines: list[SubsidyLine] = []
        super().__init__(parent)
        self.all_periods = QCheckBox("显示全部期间（默认只显示每个项目最近一期和已核对的期间）")
        self.all_periods.toggled.connect(lambda _on: self.refresh())
        self.layout().insertWidget(0, self.all_periods)
        self.refresh()
        self.start_new()

    def build_fields(self) -> None:
        self.member = QComboBox()
        self.member.setEditable(True)
        self.item = QComboBox()
        self.item.setEditable(True)
        for item_id, (name, _basis) in self.items.items():
            self.item.addItem(name, item_id)
        completer = QCompleter([n for n, _b in self.items.values()], self.item)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        self.item.setCompleter(completer)
        self.period = QLineEdit()
        self.period.setPlaceholderText("2025 或 2025-12")
        self.received = QComboBox()
        for text, value in ANSWERS:
            self.received.addItem(text, value)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("元")
        self.received_date = QLineEdit()
        self.received_date.setPlaceholderText("2025-12-20")
        self.card_desc = QLineEdit()
        self.card_desc.setPlaceholderText("哪张卡（如 农行尾号1234）")
        self.received.currentIndexChanged.connect(self._prefill_amount)
        self.add_field("成员", self.member, 0, 0)
        self.add_field("补贴项目", self.item, 0, 1)
        self.add_field("期间", self.period, 0, 2)
        self.add_field("是否收到", self.received, 1, 0)
        self.add_field("收到金额", self.amount, 1, 1)
        self.add_field("收到日期", self.received_date, 1, 2)
        self.add_field("收到的卡", self.card_desc, 2, 0)

    def refresh(self) -> None:
        text = self.member.currentText()
        self.member.clear()
        self.member.addItems([m.name for m in self.record.members])
        self.member.setCurrentText(text if text else "")
        show_all = getattr(self, "all_periods", None)
        self.lines = subsidy_lines(self.db, self.record,
                                   all_periods=bool(show_all and show_all.isChecked()))
        super().refresh()

    def rows(self) -> list[tuple]:
        out = []
        for line in self.lines:
            o = line.official
            s = self.record.statements[line.statement] if line.statement is not None else None
            card = self.numbers.card(o.card_number, self.record.village_code) if o else ""
            official = (f"{o.standard:.2f}", f"{o.due:.2f}", f"{o.paid:.2f}", o.paid_date or "",
                        card) if o else ("", "", "平台无记录", "", "")
            stated = ("未问", "", "", "") if s is None else (
                dict((v, t) for t, v in ANSWERS)[s.received],
                "" if s.amount is None else f"{s.amount:.2f}", s.received_date or "",
                self.numbers.text(s.card_desc, self.record.village_code))
            name = self.record.members[line.member].name
            out.append((name, line.item_name, line.period, *official, *stated,
                        line.mismatch(self.record)))
        return out

    def decorate(self) -> None:
        for row, values in enumerate(self.model._rows):
            if values[-1]:
                self.model.colors[row] = WARN
                self.model.tips[row] = values[-1]

    def read_entry(self) -> tuple[StatementRecord | None, str]:
        member = self.member.findText(self.member.currentText())
        if member < 0:
            return None, "请选择成员（先在“成员”页添加）"
        item = self.item.findText(self.item.currentText())
        if item < 0:
            self.item.setFocus()
            return None, f"没有名为“{self.item.currentText()}”的补贴项目"
        period = self.period.text().strip()
        if not period:
            return None, "请填写期间，如 2025 或 2025-12"
        received = self.received.currentData()
        try:
            amount = float(self.amount.text()) if self.amount.text().strip() else None
            parse_date(self.received_date.text().strip() or None)
        except ValueError as exc:
            return None, f"金额或日期有误：{exc}"
        if received and amount is None:
            self.amount.setFocus()
            return None, "答“已收到”时请填写收到金额"
        return StatementRecord(member=member, item_id=self.item.itemData(item), period=period,
                               received=received, amount=amount,
                               received_date=self.received_date.text().strip() or None,
                               card_desc=self.card_desc.text().strip()), ""

    def store(self, row: int | None, value: StatementRecord) -> None:
        for s in self.record.statements:
            if (s.member, s.item_id, s.period) == (value.member, value.item_id, value.period):
                s.received, s.amount = value.received, value.amount
                s.received_date, s.card_desc = value.received_date, value.card_desc
                return
        self.record.statements.append(value)

    def next_entry(self, row: int | None) -> None:
        if row is not None and row + 1 < len(self.lines):
            self.select_row(row + 1)
            self.received.setFocus()
        else:
            self.start_new()

    def show_entry(self, row: int | None) -> None:
        line = self.lines[row] if row is not None else None
        s = self.record.statements[line.statement] if line and line.statement is not None \
            else None
        if line:
            self.member.setCurrentIndex(line.member)
            self.item.setCurrentIndex(max(0, self.item.findData(line.item_id)))
            self.period.setText(line.period)
        else:
            self.member.setCurrentText("")
            self.item.setCurrentText("")
            self.period.setText(self.default_period)
        self.received.setCurrentIndex(
            [v for _t, v in ANSWERS].index(s.received) if s else 0)
        self.amount.setText("" if not s or s.amount is None else f"{s.amount:g}")
        self.received_date.setText(s.received_date or "" if s else "")
        where = self.record.village_code
        self.card_desc.setText(self.numbers.text(s.card_desc, where) if s else "")

    def _prefill_amount(self, _index: int) -> None:
        """Answering 已收到 on an official line proposes the platform's amount."""
        line = self.lines[self.editing] if self.editing is not None else None
        if self.received.currentData() and not self.amount.text() and line and line.official:
            self.amount.setText(f"{line.official.paid:g}")

    def delete(self, row: int) -> str:
        line = self.lines[row]
        if line.statement is None:
            return "这一行是平台发放记录，不能删除；只能删除户的自述"
        del self.record.statements[line.statement]
        return ""
