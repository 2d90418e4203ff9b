"""用户与安全: accounts and roles, backups and restore, encryption status."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QApplication,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.common.empty_state import EmptyState, set_available
from ui.common.follow_changes import follow_changes
from ui.common.list_table import ListTableModel
from ui.common.table_fit import ElideTipDelegate
from ui.context import AppContext
from ui.pages import PageSpec
from ui.security.change_password import ChangePasswordDialog
from ui.security.encryption_setup import RecoveryKeyDialog
from ui.security.restore_backup import backup_state, restore_open_database
from ui.security.user_add import UserAddDialog
from ykt_desktop import backup
from ykt_desktop.changes import Kind
from ykt_desktop.errors import UserError
from ykt_desktop.paths import backups_dir
from ykt_desktop.security import users
from ykt_desktop.security.encryption import change_passphrase
from ykt_desktop.security.session import current, may
from ykt_desktop.storage import is_encrypted

USER_HEADERS = ("用户名", "姓名", "角色", "所属单位", "状态")
BACKUP_HEADERS = ("备份文件", "原因", "时间", "大小", "内容")
REASONS = {"start": "启动时", "daily": "每日", "before-migration": "升级前",
           "before-import": "导入前", "manual": "手动", "before-restore": "恢复前"}


def _button(text: str, slot, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.clicked.connect(slot)
    button.setToolTip(tip)
    return button


# what this page shows: it refreshes when a write changed one of these kinds
SHOWS = (Kind.USERS, Kind.BACKUPS)


class UsersPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        title = QLabel("用户与安全")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.me = QLabel()
        layout.addWidget(self.me)
        layout.addWidget(self._users_box(), 3)
        layout.addWidget(self._backup_box(), 2)
        self.encryption = QLabel()
        self.encryption.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.encryption, 1)
        self.passphrase_button = _button("修改加密密码…", self.change_passphrase,
                                         "修改打开本数据库的加密密码，并打印新的恢复密钥")
        row.addWidget(self.passphrase_button)
        layout.addLayout(row)
        self.follower = follow_changes(self, ctx, SHOWS, self.reload)
        self.reload()

    def _users_box(self) -> QGroupBox:
        box = QGroupBox("用户与角色")
        inner = QVBoxLayout(box)
        self.empty = EmptyState("users")
        inner.addWidget(self.empty)
        self.user_model = ListTableModel(USER_HEADERS)
        self.user_view = QTableView()
        self.user_view.setModel(self.user_model)
        self.user_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.user_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        inner.addWidget(self.user_view)
        row = QHBoxLayout()
        self.add_button = _button("新增用户…", self.add_user,
                                  "新增一个用户：登录名、姓名、角色和所属单位，初始密码首次登录须修改")
        self.admin_buttons = [
            self.add_button,
            _button("重置密码…", self.reset_password, "为选中的用户设临时密码，下次登录须修改"),
            _button("解锁", self.unlock, "解锁因多次输错密码被锁定的选中用户"),
            _button("停用/启用", self.toggle, "停用的用户不能登录，记录保留；再点一次启用")]
        for button in self.admin_buttons:
            row.addWidget(button)
        row.addStretch()
        self.own_password = _button("修改我的密码…", self.change_own_password,
                                    "修改当前登录用户的密码")
        row.addWidget(self.own_password)
        inner.addLayout(row)
        return box

    def _backup_box(self) -> QGroupBox:
        box = QGroupBox("备份与恢复（每次启动、每天、升级和导入前自动备份，每份都逐字节读回核对）")
        inner = QVBoxLayout(box)
        self.backup_model = ListTableModel(BACKUP_HEADERS)
        self.backup_view = QTableView()
        self.backup_view.setModel(self.backup_model)
        self.backup_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.backup_view.horizontalHeader()
        # 原因/时间/大小 as wide as their text; the file name and the long 内容 share the rest
        # (elided, whole text as tooltip), so nothing is squeezed at 1366 px
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.backup_view.setColumnWidth(0, 300)
        self.backup_view.setWordWrap(False)
        self.backup_view.setItemDelegate(ElideTipDelegate(self.backup_view))
        inner.addWidget(self.backup_view)
        row = QHBoxLayout()
        self.backup_button = _button("立即备份", self.backup_now,
                                     "马上备份数据库并检查备份完好（大库要几秒到几十秒）")
        self.restore_button = _button(
            "从所选备份恢复…", self.restore_selected,
            "用上表选中的备份替换当前数据库；当前数据库改名保留，恢复后软件关闭")
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        row.addStretch()
        inner.addLayout(row)
        return box

    def reload(self) -> None:
        db = self.ctx.db
        session = current(db)
        self.me.setText(f"当前用户：{session.username}（{session.role_label}，"
                        f"{session.unit_code or '全县'}）" if session else
                        "未登录：以全部权限运行。")
        self.me.setVisible(session is not None or users.has_users(db))  # else: self.empty
        set_available(self.own_password, session is not None, "no_session")
        manage = may(db, "manage_users") if users.has_users(db) else True
        for button in self.admin_buttons:
            set_available(button, manage, "role")
            if self.ctx.read_only:
                set_available(button, False, "read_only")
        self.add_button.setText("新增用户…" if users.has_users(db) else "新增管理员…")
        self.empty.update_for(users.has_users(db))
        self.user_model.set_rows([
            (u.username, u.display_name, u.role_label, u.unit_code or "全县",
             "停用" if not u.active else "已锁定" if u.locked_until else
             "须改密码" if u.must_change else "正常") for u in users.list_users(db)])
        for button, action in ((self.backup_button, "backup"), (self.restore_button, "restore")):
            set_available(button, may(db, action), "role")
            if self.ctx.read_only:
                set_available(button, False, "read_only")
        self._fill_backups()
        path = self.ctx.path
        encrypted = bool(path) and is_encrypted(path)
        self.encryption.setText(
            "数据库已加密（SQLCipher，AES-256）。忘记密码时用打印的恢复密钥打开。" if encrypted
            else "数据库未加密：拿到数据库文件的人能读取全部个人信息。新建数据库时可选择加密。")
        self.passphrase_button.setVisible(encrypted)
        set_available(self.passphrase_button, may(db, "settings"), "role")
        if self.ctx.read_only:
            set_available(self.passphrase_button, False, "read_only")

    def _fill_backups(self) -> None:
        if self.ctx.path is None:
            return
        rows = []
        for path in backup.list_backups(self.ctx.path):
            reason = path.stem.rsplit("-", 1)[-1]
            for key, label in REASONS.items():
                if path.stem.endswith("-" + key):
                    reason = label
            when = dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            rows.append((path.name, reason, when, f"{path.stat().st_size / 2**20:.1f} MB",
                         backup_state(path)))
        self.backup_model.set_rows(rows)

    def _selected_user(self) -> str | None:
        rows = self.user_view.selectionModel().selectedRows()
        if not rows:
            QMessageBox.information(self, "用户", "请先在列表中选中一个用户")
            return None
        return self.user_model.row(rows[0].row())[0]

    def _do(self, action, *args) -> None:
        try:
            action(self.ctx.db, *args)
        except UserError as exc:
            QMessageBox.warning(self, "用户与安全", str(exc))
        self.ctx.notify_changed(action.changes)

    def add_user(self) -> None:
        if UserAddDialog(self.ctx.db, self, first=not users.has_users(self.ctx.db)).exec():
            self.ctx.notify_changed(users.add_user.changes)

    def reset_password(self) -> None:
        name = self._selected_user()
        if name:
            text, ok = QInputDialog.getText(self, "重置密码", f"为 {name} 设置临时密码"
                                            "（下次登录须修改）：", QLineEdit.EchoMode.Password)
            if ok:
                self._do(users.reset_password, name, text)

    def unlock(self) -> None:
        name = self._selected_user()
        if name:
            self._do(users.unlock, name)

    def toggle(self) -> None:
        name = self._selected_user()
        if name:
            self._do(users.set_active, name, not users.get_user(self.ctx.db, name).active)

    def change_own_password(self) -> None:
        session = current(self.ctx.db)
        if session and ChangePasswordDialog(self.ctx.db, session.username, parent=self).exec():
            QMessageBox.information(self, "修改密码", "密码已修改")

    def backup_now(self) -> None:
        try:
            path = backup.backup_now(self.ctx.db)    # refused to read-only roles
        except UserError as exc:
            QMessageBox.warning(self, "备份", str(exc))
            return
        QMessageBox.information(self, "备份", f"已备份并通过完整性检查：\n{path}")
        self._fill_backups()

    def restore_selected(self) -> None:
        rows = self.backup_view.selectionModel().selectedRows()
        if not rows or self.ctx.path is None:
            QMessageBox.information(self, "恢复", "请先在列表中选中一个备份")
            return
        source = backups_dir(self.ctx.path, create=False) / self.backup_model.row(rows[0].row())[0]
        if restore_open_database(self, self.ctx, source):
            QApplication.quit()

    def change_passphrase(self) -> None:
        old, ok = QInputDialog.getText(self, "修改加密密码", "当前加密密码（或恢复密钥）：",
                                       QLineEdit.EchoMode.Password)
        if not ok:
            return
        new, ok = QInputDialog.getText(self, "修改加密密码", "新加密密码：",
                                       QLineEdit.EchoMode.Password)
        if not ok:
            return
        try:
            key = change_passphrase(self.ctx.path, old, new)
        except UserError as exc:
            QMessageBox.warning(self, "修改加密密码", str(exc))
            return
        RecoveryKeyDialog(key, Path(self.ctx.path), self).exec()


PAGE = PageSpec(key="users", title="用户与安全", order=80, factory=UsersPage,
                tooltip="用户和角色、备份与恢复、数据库加密")
