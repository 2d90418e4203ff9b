"""首次使用：初始设置 — the guided set-up of a database that has no unit yet.

Five pages (本单位, 用户, 数据加密, 补贴项目目录, 确认并完成) collect the answers; each page checks
its own with the core's ``check_*`` functions and nothing is written until 完成. Then the file is
encrypted first when chosen (the connection is replaced: use :attr:`SetupWizard.db` afterwards),
and :func:`ykt_desktop.initial_setup.apply_setup` writes unit, users and catalogue year in one
transaction. 取消 leaves the database as it was. The first page also offers the read-only demo
county instead (``choice == "demo"``).
"""

from __future__ import annotations

import sqlite_utils
from PySide6.QtWidgets import QMessageBox, QWizard

from ui.security.encryption_setup import RecoveryKeyDialog
from ui.setup.page_catalogue import CataloguePage
from ui.setup.page_encryption import EncryptionPage
from ui.setup.page_summary import SummaryPage
from ui.setup.page_unit import UnitPage
from ui.setup.page_users import UsersPage
from ykt_desktop.errors import UserError
from ykt_desktop.initial_setup import SetupPlan, SetupResult, apply_setup, describe
from ykt_desktop.security.encrypt_existing import encrypt_for_setup
from ykt_desktop.storage import db_path, handle_of, is_encrypted, open_db

BUTTONS = {QWizard.WizardButton.BackButton: "< 上一步", QWizard.WizardButton.NextButton: "下一步 >",
           QWizard.WizardButton.FinishButton: "完成", QWizard.WizardButton.CancelButton: "取消"}


class SetupWizard(QWizard):
    """``choice`` is 'setup' (done: ``outcome``, ``recovery_key``) or 'demo' after Accepted."""

    def __init__(self, db: sqlite_utils.Database, parent=None) -> None:
        super().__init__(parent)
        self.db = db
        self.choice = ""
        self.outcome: SetupResult | None = None
        self.recovery_key = ""
        self.setWindowTitle("首次使用：初始设置")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in BUTTONS.items():
            self.setButtonText(button, text)
        path = db_path(db)
        self.unit_page = UnitPage()
        self.users_page = UsersPage()
        self.encryption_page = EncryptionPage(available=path is not None,
                                              already=bool(path and is_encrypted(path)))
        self.catalogue_page = CataloguePage()
        self.summary_page = SummaryPage()
        for page in (self.unit_page, self.users_page, self.encryption_page,
                     self.catalogue_page, self.summary_page):
            self.addPage(page)
        self.resize(760, 560)

    def plan(self) -> SetupPlan:
        level, code, name = self.unit_page.answers()
        return SetupPlan(level, code, name, self.catalogue_page.year.value(),
                         self.users_page.users())

    def describe(self) -> list[str]:
        return describe(self.plan(), encrypt=self.encryption_page.chosen(),
                        items=self.catalogue_page.count)

    def choose_demo(self) -> None:
        self.choice = "demo"
        super().accept()

    def accept(self) -> None:
        """完成: encrypt when chosen, then write the plan; stay open with the reason on failure."""
        try:
            self._encrypt()
            self.outcome = apply_setup(self.db, self.plan())
        except UserError as exc:
            QMessageBox.warning(self, "初始设置未完成", f"初始设置未完成，没有写入：\n{exc}")
            return
        self.choice = "setup"
        super().accept()

    def _encrypt(self) -> None:
        if not self.encryption_page.chosen() or self.recovery_key:
            return
        path, key = db_path(self.db), handle_of(self.db).key
        self.db.close()
        try:
            new = encrypt_for_setup(path, self.encryption_page.passphrase.text())
            self.recovery_key, key = new.recovery, new.key
        finally:
            self.db = open_db(path, key=key)
        RecoveryKeyDialog(self.recovery_key, path, self).exec()   # shown once, before anything
