"""First run on an empty database: set up this unit, or generate the demo county."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from ykt_desktop import glossary
from ykt_desktop.errors import USER_ERRORS
from ykt_desktop.unit import init_unit


class FirstRunDialog(QDialog):
    """Returns Accepted with ``choice`` = 'unit' (unit set up) or 'demo' (caller builds it)."""

    def __init__(self, db: sqlite_utils.Database, parent=None) -> None:
        super().__init__(parent)
        self.db = db
        self.choice = ""
        self.setWindowTitle("首次使用：设置本单位")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel("这个数据库还没有归属单位。请填写本单位（县、乡镇或村）的级别、"
                       "12位统计用区划代码和名称；也可以先生成一个演示县来熟悉软件。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        box = QGroupBox("本单位")
        form = QFormLayout(box)
        self.level = QComboBox()
        for code in ("village", "township", "county"):
            self.level.addItem(glossary.LEVELS[code], code)
        self.code = QLineEdit()
        self.code.setPlaceholderText("如 420999100201")
        self.code.setMaxLength(12)
        self.name = QLineEdit()
        self.name.setPlaceholderText("如 东风村")
        form.addRow("级别", self.level)
        form.addRow("区划代码", self.code)
        form.addRow("单位名称", self.name)
        layout.addWidget(box)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("建立本单位", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._create_unit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        demo = QGroupBox("或者：生成演示县")
        demo_form = QFormLayout(demo)
        self.villages = QSpinBox()
        self.villages.setRange(1, 300)
        self.villages.setValue(12)
        self.households = QSpinBox()
        self.households.setRange(10, 1000)
        self.households.setValue(100)
        demo_form.addRow("村数", self.villages)
        demo_form.addRow("每村户数", self.households)
        self.demo_button = QPushButton("生成演示县")
        self.demo_button.clicked.connect(self._choose_demo)
        demo_form.addRow(self.demo_button)
        layout.addWidget(demo)

    def _create_unit(self) -> None:
        try:
            init_unit(self.db, level=self.level.currentData(), code=self.code.text().strip(),
                      name=self.name.text())
        except tuple(USER_ERRORS) as exc:
            QMessageBox.warning(self, "无法建立本单位", str(exc))
            return
        self.choice = "unit"
        self.accept()

    def _choose_demo(self) -> None:
        self.choice = "demo"
        self.accept()
