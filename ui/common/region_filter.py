"""Township / village / group drop-downs that narrow each other (codes from the core)."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from ui.common.empty_state import set_available
from ykt_desktop.households.search import region_choices

ALL = "（全部）"


class RegionFilter(QWidget):
    changed = Signal()

    def __init__(self, db: sqlite_utils.Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.township, self.village, self.group = QComboBox(), QComboBox(), QComboBox()
        self.labels: dict[str, QLabel] = {}
        for label, combo in (("乡镇", self.township), ("村", self.village), ("组", self.group)):
            combo.setMinimumContentsLength(6)
            self.labels[label] = QLabel(label)
            layout.addWidget(self.labels[label])
            layout.addWidget(combo)
        self.township.setToolTip("按乡镇筛选；选“（全部）”看全部乡镇")
        self.village.setToolTip("按村筛选；先选乡镇可缩小可选的村")
        self.group.setToolTip("按组筛选")
        self._fill(self.township, region_choices(db, "township"))
        self.township.currentIndexChanged.connect(self._township_changed)
        self.village.currentIndexChanged.connect(self._village_changed)
        self.group.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self._township_changed()
        if self.village.count() == 2:   # a village's own database: select it at once
            self.village.setCurrentIndex(1)

    @staticmethod
    def _fill(combo: QComboBox, choices: list[tuple[str, str]]) -> None:
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(ALL, None)
        for code, name in choices:
            combo.addItem(name, code)
        combo.blockSignals(False)

    def _township_changed(self, _index: int = 0) -> None:
        town = self.township.currentData()
        self._fill(self.village, region_choices(self.db, "village", town) if town
                   else region_choices(self.db, "village"))
        self._village_changed()

    def _village_changed(self, _index: int = 0) -> None:
        village = self.village.currentData()
        if village and self.township.currentData() is None:
            self._follow_township(village)
        self._fill(self.group, region_choices(self.db, "group", village) if village else [])
        set_available(self.group, village is not None, "village")
        self.changed.emit()

    def _follow_township(self, village: str) -> None:
        """A village chosen under （全部） selects its township too (the combos agree)."""
        town = self.township.findData(village[:9] + "000")
        if town < 0:
            return
        self.township.blockSignals(True)
        self.township.setCurrentIndex(town)
        self.township.blockSignals(False)
        self._fill(self.village, region_choices(self.db, "village", self.township.currentData()))
        self.village.blockSignals(True)
        self.village.setCurrentIndex(max(0, self.village.findData(village)))
        self.village.blockSignals(False)

    def select_village(self, code: str) -> None:
        town = code[:9] + "000"
        i = self.township.findData(town)
        if i >= 0:
            self.township.setCurrentIndex(i)
        i = self.village.findData(code)
        if i >= 0:
            self.village.setCurrentIndex(i)

    def hide_groups(self) -> None:
        self.group.setVisible(False)
        self.labels["组"].setVisible(False)

    def codes(self) -> tuple[str | None, str | None, str | None]:
        return self.township.currentData(), self.village.currentData(), self.group.currentData()
