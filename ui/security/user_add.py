"""新增用户: name, role, unit, initial password (to be changed at first login)."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from ui.common.answered import AnsweredDialog
from ykt_desktop.errors import UserError
from ykt_desktop.security import roles
from ykt_desktop.security.users import add_user
from ykt_desktop.unit import get_unit


class UserAddDialog(AnsweredDialog):
    def __init__(self, db: sqlite_utils.Database, parent=None, *, first: bool = False) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("新增管理员" if first else "新增用户")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        if first:
            note = QLabel("建立第一个账户后，每次启动都需要登录；只有县级管理员可以新增其他用户。")
            note.setWordWrap(True)
            layout.addWidget(note)
        form = QFormLayout()
        self.username, self.name, self.unit = QLineEdit(), QLineEdit(), QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.role = QComboBox()
        for code, label in roles.ROLES.items():
            self.role.addItem(label, code)
        if first:
            self.role.setCurrentIndex(list(roles.ROLES).index("county_admin"))
        unit = get_unit(db)
        self.unit.setText(unit.code if unit else "")
        self.unit.setMaxLength(12)
        self.unit.setPlaceholderText("12位区划代码（村级录入员填本村，乡镇审核员填本乡镇）")
        form.addRow("用户名", self.username)
        form.addRow("姓名", self.name)
        form.addRow("角色", self.role)
        form.addRow("所属单位", self.unit)
        form.addRow("初始密码", self.password)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        role = self.role.currentData()
        unit = "" if role == "inspector" else self.unit.text().strip()
        try:
            add_user(self.db, self.username.text(), role, self.password.text(), unit_code=unit,
                     display_name=self.name.text().strip())
        except UserError as exc:
            self.message.setText(str(exc))
            return
        self.accept()
