"""一户一表 · 成员: add, edit and remove members; the ID number is checked as it is typed."""

from __future__ import annotations

import datetime as dt

import sqlite_utils
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from ui.common.entry_table import WARN, EntryTable
from ui.households.id_number_edit import IdNumberEdit
from ykt_desktop import glossary, idcard
from ykt_desktop.households.placement import where_is
from ykt_desktop.households.records import HouseholdRecord, MemberRecord
from ykt_desktop.households.validate import parse_date
from ykt_desktop.security.display import number_view


class MembersTab(EntryTable):
    headers = ("序号", "姓名", "身份证号", "性别", "年龄", "与户主关系", "状态", "残疾证号",
               "电话", "卡折", "提示")

    def __init__(self, db: sqlite_utils.Database, record: HouseholdRecord,
                 parent: QWidget | None = None) -> None:
        self.db, self.record = db, record
        self.numbers = number_view(db)
        super().__init__(parent)
        self.refresh()
        self.start_new()

    def build_fields(self) -> None:
        self.name = QLineEdit()
        self.name.setPlaceholderText("姓名")
        self.id_number = IdNumberEdit(self._lookup)
        self.relation = QComboBox()
        self.relation.setEditable(True)
        self.relation.addItems(["", *glossary.RELATIONS])
        self.status = QComboBox()
        for code, text in glossary.PERSON_STATUS.items():
            self.status.addItem(text, code)
        self.status_date = QLineEdit()
        self.status_date.setPlaceholderText("死亡/迁出日期 2025-06-30")
        self.disability = QLineEdit()
        self.disability.setPlaceholderText("残疾证号（无则空）")
        self.phone = QLineEdit()
        self.add_field("姓名", self.name, 0, 0)
        self.add_field("身份证号", self.id_number, 0, 1)
        self.add_field("与户主关系", self.relation, 0, 2)
        self.add_field("状态", self.status, 1, 0)
        self.add_field("状态日期", self.status_date, 1, 1)
        self.add_field("残疾证号", self.disability, 1, 2)
        self.add_field("电话", self.phone, 2, 0)
        self.grid.addWidget(self.id_number.feedback, 2, 2, 1, 4)

    def _lookup(self, number: str) -> list[str]:
        return [p.describe() for p in where_is(self.db, number, exclude_household=self.record.id)]

    def rows(self) -> list[tuple]:
        out = []
        today = dt.date.today()
        for i, m in enumerate(self.record.members):
            try:
                info = idcard.parse(m.id_number)
                sex, age = glossary.SEX[info.sex], info.age_on(today)
            except idcard.IdNumberError:
                sex, age = "", "号码有误"
            status = glossary.label(glossary.PERSON_STATUS, m.status)
            v, where = self.numbers, self.record.village_code
            out.append((i + 1, m.name, v.id(m.id_number, where), sex, age, m.relation,
                        f"{status} {m.status_date or ''}".strip(),
                        v.disability(m.disability_cert, where), v.phone(m.phone, where),
                        len(m.cards), v.text("；".join(self._warnings(m)), where)))
        return out

    def _warnings(self, m: MemberRecord) -> list[str]:
        try:
            number = idcard.parse(m.id_number).number
        except idcard.IdNumberError as exc:
            return [str(exc)]
        return [p.describe() for p in where_is(self.db, number, exclude_household=self.record.id)
                if p.household_id is not None]

    def decorate(self) -> None:
        for row, values in enumerate(self.model._rows):
            if values[-1]:
                self.model.colors[row] = WARN
                self.model.tips[row] = values[-1]

    def read_entry(self) -> tuple[MemberRecord | None, str]:
        name = self.name.text().strip()
        if not name:
            return None, "请填写姓名"
        error = self.id_number.error()
        if error:
            self.id_number.setFocus()
            return None, error
        number = idcard.parse(self.id_number.text()).number
        for i, m in enumerate(self.record.members):
            if i != self.editing and m.id_number == number:
                return None, f"身份证号与第{i + 1}行成员{m.name}重复"
        status = self.status.currentData()
        date = self.status_date.text().strip() or None
        try:
            parse_date(date)
        except ValueError as exc:
            return None, f"状态日期：{exc}"
        if status == "dead" and not date:
            self.status_date.setFocus()
            return None, "状态为死亡时请填写死亡日期"
        return MemberRecord(name=name, id_number=number, relation=self.relation.currentText(),
                            status=status, status_date=date,
                            disability_cert=self.disability.text().strip(),
                            phone=self.phone.text().strip()), ""

    def store(self, row: int | None, value: MemberRecord) -> None:
        if row is None:
            self.record.members.append(value)
            return
        old = self.record.members[row]
        value.cards, value.person_id = old.cards, old.person_id
        value.disability_type, value.disability_grade = old.disability_type, old.disability_grade
        value.notes = old.notes
        self.record.members[row] = value

    def show_entry(self, row: int | None) -> None:
        m = self.record.members[row] if row is not None else MemberRecord(
            relation="" if self.record.head_index() is not None and self.record.members
            else "户主")
        self.name.setText(m.name)
        v, where = self.numbers, self.record.village_code
        for field in (self.id_number, self.disability, self.phone):
            field.setReadOnly(not v.full(where))   # masked values are never edited
        self.id_number.setText(v.id(m.id_number, where))
        self.relation.setCurrentText(m.relation)
        self.status.setCurrentIndex(max(0, self.status.findData(m.status)))
        self.status_date.setText(m.status_date or "")
        self.disability.setText(v.disability(m.disability_cert, where))
        self.phone.setText(v.phone(m.phone, where))

    def delete(self, row: int) -> str:
        self.record.remove_member(row)
        return ""
