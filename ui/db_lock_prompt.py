"""At start: take the database's lock, or say who has it open and offer 只读打开 or 退出.

The lock (:mod:`ykt_desktop.db_lock`) is held as long as the app runs. A lock left by a copy that
was killed or crashed is taken over without a question.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ykt_desktop import APP_TITLE
from ykt_desktop.db_lock import DatabaseInUse, DbLock, acquire
from ykt_desktop.storage import open_read_only


@dataclass
class HeldLock:
    lock: DbLock | None
    read_only: bool


def lock_database(path: Path, parent: QWidget | None = None) -> HeldLock | None:
    """The lock, or read-only use when another copy holds it; None when the officer quits."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and not os.access(path.parent, os.W_OK):
            return HeldLock(None, True)     # a read-only folder: opening it says why it cannot
        lock = acquire(path)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(lock.release)     # a normal close leaves no stale lock
        return HeldLock(lock, False)
    except DatabaseInUse as exc:
        box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE,
                          f"{exc}\n\n可以只读打开（只能查看，不能修改），或退出。", parent=parent)
        read_only = box.addButton("只读打开", QMessageBox.ButtonRole.AcceptRole)
        read_only.setToolTip("只能查看和导出，不能修改数据")
        box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return HeldLock(None, True) if box.clickedButton() is read_only else None
    except OSError as exc:      # a read-only folder: no lock file can be made there
        QMessageBox.warning(parent, APP_TITLE, f"无法在数据库所在文件夹建立锁文件（{exc}），"
                            f"该文件夹可能是只读的。将只读打开。")
        return HeldLock(None, True)


def enter_read_only(db: sqlite_utils.Database) -> None:
    """This connection and every later one (background counts, jobs) refuse to write."""
    open_read_only(db)
