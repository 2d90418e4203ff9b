"""一户一表 · 户信息: village, group, 户编号, address, phone, notes."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ykt_desktop.households.records import HouseholdRecord
from ykt_desktop.households.search import region_choices
from ykt_desktop.security.display import number_view


class InfoTab(QWidget):
    changed = Signal()

    def __init__(self, db: sqlite_utils.Database, record: HouseholdRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.record = db, record
        self.numbers = number_view(db)
        outer = QVBoxLayout(self)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)               # the rows stay together at the top
        self.village = QComboBox()
        for code, name in region_choices(db, "village"):
            self.village.addItem(f"{name}（{code}）", code)
        self.group = QComboBox()
        self.hh_no = QLabel()
        # one line: a label may grow with the dialog and push the rows below to the bottom
        self.hh_no.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(90)
        form.addRow("村", self.village)
        form.addRow("组", self.group)
        form.addRow("户编号", self.hh_no)
        form.addRow("家庭住址", self.address)
        form.addRow("联系电话", self.phone)
        form.addRow("备注", self.notes)
        self.fields = [self.village, self.group, self.address, self.phone, self.notes]
        self.load()
        self.village.currentIndexChanged.connect(self._village_changed)
        self.group.currentIndexChanged.connect(self._edited)
        self.address.textEdited.connect(self._edited)
        self.phone.textEdited.connect(self._edited)
        self.notes.textChanged.connect(self._edited)

    def first_field(self) -> QWidget:
        """Where typing starts: 家庭住址 once the village is known (it usually is), else 村."""
        return self.address if self.village.currentData() else self.village

    def load(self) -> None:
        r = self.record
        for widget in self.fields:
            widget.blockSignals(True)
        self.village.setCurrentIndex(max(0, self.village.findData(r.village_code)))
        self._fill_groups()
        self.group.setCurrentIndex(max(0, self.group.findData(r.group_code)))
        self.hh_no.setText(r.hh_no or "保存时自动编号")
        self.address.setText(r.address)
        whole = self.numbers.full(r.village_code)
        self.phone.setText(self.numbers.phone(r.phone, r.village_code))
        self.phone.setReadOnly(not whole)   # a masked phone is never written back
        self.notes.setPlainText(r.notes)
        for widget in self.fields:
            widget.blockSignals(False)

    def _fill_groups(self) -> None:
        self.group.clear()
        self.group.addItem("（不分组）", None)
        code = self.village.currentData()
        for gcode, name in region_choices(self.db, "group", code) if code else []:
            self.group.addItem(name, gcode)

    def _village_changed(self, _index: int) -> None:
        self.group.blockSignals(True)
        self._fill_groups()
        self.group.blockSignals(False)
        self._edited()

    def _edited(self, *_args: object) -> None:
        r = self.record
        r.village_code = self.village.currentData() or ""
        r.group_code = self.group.currentData()
        r.address = self.address.text()
        if not self.phone.isReadOnly():
            r.phone = self.phone.text().strip()
        r.notes = self.notes.toPlainText()
        self.changed.emit()
