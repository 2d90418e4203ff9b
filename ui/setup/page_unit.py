"""Set-up wizard, page 1 本单位: level, 12-digit code and name; or open the demo county instead."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from ykt_desktop import glossary
from ykt_desktop.errors import UserError
from ykt_desktop.initial_setup import UNIT_LEVELS, check_unit


class UnitPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("第 1 步：本单位")
        self.setSubTitle("这个数据库归哪个单位使用。设置后不能改成别的单位。")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.level = QComboBox()
        for code in reversed(UNIT_LEVELS):
            self.level.addItem(glossary.LEVELS[code], code)
        self.level.setCurrentIndex(self.level.findData("village"))
        self.code = QLineEdit()
        self.code.setMaxLength(12)
        self.code.setPlaceholderText("12位统计用区划代码，如 420999100201")
        self.name = QLineEdit()
        self.name.setPlaceholderText("如 东风村")
        self.level.setToolTip("本数据库由哪一级使用：村录入一户一表，乡镇汇总审核、公示，县导入比对、汇总")
        self.code.setToolTip("国家统计局12位统计用区划代码；上报文件按它核对上下级关系")
        self.name.setToolTip("单位全称，印在一户一表、公示和报表上")
        form.addRow("级别", self.level)
        form.addRow("区划代码", self.code)
        form.addRow("单位名称", self.name)
        layout.addLayout(form)
        hint = QLabel("区划代码用国家统计局的12位“统计用区划代码”：县级后6位为0"
                      "（如 420999000000），乡镇后3位为0（如 420999100000），"
                      "村后3位不全为0（如 420999100201）。")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addStretch()
        layout.addWidget(self._demo_box())

    def _demo_box(self) -> QGroupBox:
        box = QGroupBox("只想先看看？")
        inner = QVBoxLayout(box)
        text = QLabel("演示县是软件生成的一个虚构的县（12个村、每村100户），只能查看、不能修改，"
                      "供培训熟悉软件。打开演示县不会设置本数据库，下次启动仍会进入初始设置。")
        text.setWordWrap(True)
        inner.addWidget(text)
        self.demo_button = QPushButton("打开演示县（只读，供培训）")
        self.demo_button.setToolTip("不设置本数据库，先在虚构的演示县上看看各页面（只读）")
        self.demo_button.clicked.connect(lambda: self.wizard().choose_demo())
        inner.addWidget(self.demo_button)
        return box

    def answers(self) -> tuple[str, str, str]:
        return self.level.currentData(), self.code.text().strip(), self.name.text().strip()

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        try:
            check_unit(*self.answers())
        except UserError as exc:
            self.message.setText(str(exc))
            return False
        self.message.clear()
        return True
