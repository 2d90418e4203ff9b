"""Set-up wizard, page 2 用户: the first administrator, and more users with their roles."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from ykt_desktop.errors import UserError
from ykt_desktop.initial_setup import NewUser, check_user, county_code, default_unit_code
from ykt_desktop.security import roles

WHY = ("建立用户后，每次启动软件都要用户名和密码登录，每个人只能做自己角色允许的事，"
       "谁改了什么都记在审计日志里。第一个用户是管理员（县级管理员角色），"
       "以后可在“用户与安全”页再新增用户。")
NONE = "暂不建立用户（不推荐：任何打开本软件的人都有全部权限）"


def _password_edit(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    return edit


class UsersPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("第 2 步：用户")
        self.setSubTitle("建立管理员，并为录入、审核人员建立账户。")
        self.extra: list[NewUser] = []
        layout = QVBoxLayout(self)
        why = QLabel(WHY)
        why.setWordWrap(True)
        layout.addWidget(why)
        self.skip = QCheckBox(NONE)
        self.skip.setToolTip("不建用户时不需要登录，打开软件的人能做全部操作；只适合一人专用的电脑")
        layout.addWidget(self.skip)
        self.admin_box = self._admin_box()
        layout.addWidget(self.admin_box)
        self.extra_box = self._extra_box()
        layout.addWidget(self.extra_box, 1)
        self.skip.toggled.connect(lambda on: self.admin_box.setEnabled(not on))
        self.skip.toggled.connect(lambda on: self.extra_box.setEnabled(not on))
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

    def _admin_box(self) -> QGroupBox:
        box = QGroupBox("管理员")
        form = QFormLayout(box)
        self.admin_user, self.admin_name = QLineEdit("admin"), QLineEdit()
        self.admin_name.setPlaceholderText("管理员姓名")
        self.admin_password = _password_edit("至少8位，须同时有字母和数字")
        self.admin_again = _password_edit()
        self.admin_user.setToolTip("登录时输入的名字；管理员可管理用户、备份和恢复")
        self.admin_password.setToolTip("管理员的登录密码：至少8位，须同时有字母和数字")
        self.admin_again.setToolTip("再输一次管理员密码，防止输错")
        form.addRow("用户名", self.admin_user)
        form.addRow("姓名", self.admin_name)
        row = QHBoxLayout()
        row.addWidget(self.admin_password)
        row.addWidget(QLabel("再输一次"))
        row.addWidget(self.admin_again)
        form.addRow("密码", row)
        return box

    def _extra_box(self) -> QGroupBox:
        box = QGroupBox("其他用户（可选，初始密码首次登录时须修改）")
        inner = QVBoxLayout(box)
        row = QHBoxLayout()
        self.new_user, self.new_code = QLineEdit(), QLineEdit()
        self.new_user.setPlaceholderText("用户名")
        self.new_role = QComboBox()
        for code, label in roles.ROLES.items():
            if code != "county_admin":
                self.new_role.addItem(label, code)
        self.new_code.setMaxLength(12)
        self.new_code.setPlaceholderText("所属单位12位代码")
        self.new_password = _password_edit("初始密码")
        self.new_role.setToolTip("角色决定能做什么：录入、审核、查看（检查员只读且身份证号脱敏）")
        self.new_code.setToolTip("此用户所属单位的12位区划代码（决定其权限范围）")
        add = QPushButton("添加")
        add.setToolTip("把左边填写的用户加入下面的列表（点“完成”时才建立）")
        add.clicked.connect(self.add_extra)
        for widget in (self.new_user, self.new_role, self.new_code, self.new_password, add):
            row.addWidget(widget)
        inner.addLayout(row)
        self.extra_list = QListWidget()
        inner.addWidget(self.extra_list)
        remove = QPushButton("删除所选")
        remove.setToolTip("从列表中去掉选中的用户（尚未建立，不影响数据库）")
        remove.clicked.connect(self.remove_extra)
        inner.addWidget(remove)
        self.new_role.currentIndexChanged.connect(self._fill_code)
        return box

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self._fill_code()

    def _unit_code(self) -> str:
        return self.wizard().unit_page.answers()[1]

    def _fill_code(self) -> None:
        if self.wizard() is not None:
            self.new_code.setText(default_unit_code(self.new_role.currentData(),
                                                    self._unit_code()))
        self.new_code.setEnabled(self.new_role.currentData() != "inspector")

    def admin(self) -> NewUser:
        return NewUser(self.admin_user.text().strip(), "county_admin",
                       self.admin_password.text(), county_code(self._unit_code()),
                       self.admin_name.text().strip())

    def users(self) -> list[NewUser]:
        return [] if self.skip.isChecked() else [self.admin(), *self.extra]

    def add_extra(self) -> None:
        role = self.new_role.currentData()
        user = NewUser(self.new_user.text().strip(), role, self.new_password.text(),
                       "" if role == "inspector" else self.new_code.text().strip())
        taken = [self.admin_user.text().strip(), *(u.username for u in self.extra)]
        try:
            check_user(user, self._unit_code(), taken)
        except UserError as exc:
            self.message.setText(str(exc))
            return
        self.message.clear()
        self.extra.append(user)
        self.extra_list.addItem(f"{user.username}　{user.role_label}　{user.unit_code or '全县'}")
        self.new_user.clear()
        self.new_password.clear()

    def remove_extra(self) -> None:
        row = self.extra_list.currentRow()
        if row >= 0:
            self.extra_list.takeItem(row)
            del self.extra[row]

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        if self.skip.isChecked():
            self.message.clear()
            return True
        if self.admin_password.text() != self.admin_again.text():
            self.message.setText("管理员的两次密码输入不一致")
            return False
        try:
            check_user(self.admin(), self._unit_code(), [u.username for u in self.extra])
        except UserError as exc:
            self.message.setText(f"管理员：{exc}")
            return False
        self.message.clear()
        return True
