"""Set-up wizard, page 3 数据加密: encrypt the file with a passphrase (recommended) or not."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWizardPage

from ykt_desktop.security.encryption import MIN_PASSPHRASE

WHY = ("数据库保存群众的身份证号、卡号等敏感个人信息。加密后，电脑或 U 盘丢失时，没有密码的人"
       "无法读取。点“完成”后会显示一次“恢复密钥”：忘记加密密码时只能用它打开数据库，"
       "请打印或抄写后锁在单位保险柜里。")
SKIP = ("不加密：拿到数据库文件的人都能读取全部个人信息。只在数据只是练习用、"
        "或电脑整盘已加密时才选择不加密。以后不能再给已有户数据的数据库加密。")


class EncryptionPage(QWizardPage):
    def __init__(self, *, available: bool, already: bool) -> None:
        super().__init__()
        self.setTitle("第 3 步：数据加密")
        self.setSubTitle("给数据库文件加密，防止电脑或 U 盘丢失后个人信息泄露。")
        self.available = available and not already
        layout = QVBoxLayout(self)
        why = QLabel(WHY if self.available else
                     "这个数据库已经加密，不需要再设置。" if already else
                     "这个数据库不在文件中（内存数据库），不能加密。")
        why.setWordWrap(True)
        layout.addWidget(why)
        self.enabled = QCheckBox("加密数据库（推荐）")
        self.enabled.setChecked(self.available)
        self.enabled.setEnabled(self.available)
        self.enabled.setToolTip("推荐：电脑或 U 盘丢失时，没有加密密码的人读不出个人信息")
        layout.addWidget(self.enabled)
        form = QFormLayout()
        self.passphrase, self.again = QLineEdit(), QLineEdit()
        for edit in (self.passphrase, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setEnabled(self.available)
            self.enabled.toggled.connect(edit.setEnabled)
        self.passphrase.setPlaceholderText(f"至少 {MIN_PASSPHRASE} 位，与登录密码不同更好")
        self.passphrase.setToolTip("每次打开软件时输入；忘记时只能用“完成”后显示的恢复密钥")
        self.again.setToolTip("再输一次，防止输错")
        form.addRow("加密密码", self.passphrase)
        form.addRow("再输一次", self.again)
        layout.addLayout(form)
        self.skip_note = QLabel(SKIP)
        self.skip_note.setWordWrap(True)
        self.skip_note.setVisible(False)
        self.enabled.toggled.connect(lambda on: self.skip_note.setVisible(
            self.available and not on))
        layout.addWidget(self.skip_note)
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addStretch()

    def chosen(self) -> bool:
        return self.available and self.enabled.isChecked()

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        if not self.chosen():
            return True
        if len(self.passphrase.text()) < MIN_PASSPHRASE:
            self.message.setText(f"加密密码至少 {MIN_PASSPHRASE} 位")
            return False
        if self.passphrase.text() != self.again.text():
            self.message.setText("两次输入的加密密码不一致")
            return False
        self.message.clear()
        return True
