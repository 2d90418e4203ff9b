"""After the window shows (issue 15): the whole-file integrity check (``PRAGMA quick_check``,
seconds on a county's 900 MB file) and then the start and daily backups run on their own
connection in the background; the window answers clicks meanwhile and a line in the status bar
says how far they are. A damaged file found there is closed and the newest good backup offered,
as the check before the window used to do; after a restore the app asks to be opened again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import sqlite_utils
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from ui.common.background import BackgroundLoader
from ui.context import AppContext
from ykt_desktop import APP_TITLE
from ykt_desktop.backup import backup_db, backup_if_due
from ykt_desktop.db_errors import explain
from ykt_desktop.progress import Progress, run
from ykt_desktop.recovery import StartupStatus, restore, startup_check
from ykt_desktop.storage import db_path, handle_of

CHECKING = "正在后台检查数据库完整性…（可以照常使用）"
BACKING_UP = "数据库完整性检查通过；正在后台备份…"
DONE = "数据库完整性检查通过，启动备份已完成"
CHECKED = "数据库完整性检查通过"


def startup_backups(db: sqlite_utils.Database) -> Iterator[Progress]:
    """The backup at start and, when due, the daily one (a job: big files take seconds)."""
    yield Progress(0, 2, "正在备份数据库（启动备份）…")
    if db.execute("SELECT count(*) FROM households").fetchone()[0]:
        backup_db(db, reason="start")
        yield Progress(1, 2, "正在检查每日备份…")
        backup_if_due(db)
    yield Progress(2, 2, "备份完成")
    return None


def offer_restore(status: StartupStatus, parent: QWidget | None = None) -> bool:
    """Ask to restore the newest good backup of a damaged database; True when restored."""
    from ui.security.restore_backup import ask_plan  # lazy: only for a damaged file (issue 15)

    if status.good_backup is None:
        QMessageBox.critical(parent, APP_TITLE, f"数据库文件 {status.path} 已损坏，且没有找到"
                             f"完好的备份。请联系县级管理员，不要删除此文件。")
        return False
    plan = ask_plan(parent, status.path, status.good_backup,
                    f"数据库文件 {status.path.name} 已损坏（完整性检查未通过）。\n\n",
                    key=status.key)
    if plan is None:
        return False
    result = restore(status.path, plan=plan)     # the plan carries the file's key
    QMessageBox.information(parent, APP_TITLE, f"已从 {result.source.name} 恢复。\n"
                            f"原文件已改名保留为 {result.kept.name if result.kept else '（无）'}。"
                            f"\n备份之后录入的数据需要重新录入。")
    return True


def _check_then_back_up(db: sqlite_utils.Database, backups: bool) -> tuple[str, object]:
    """Runs on the background thread's own connection."""
    status = startup_check(db_path(db), key=handle_of(db).key)
    if not status.intact:
        return "damaged", status
    if not backups:
        return "checked", None
    try:
        run(startup_backups(db))
    except Exception as exc:  # noqa: BLE001 - told to the user, the app goes on
        return "backup_failed", explain(exc) or f"{type(exc).__name__}: {exc}"
    return "done", None


def start_background_checks(window: QWidget, ctx: AppContext, *, backups: bool,
                            on_damaged: Callable[[StartupStatus], None] | None = None) -> None:
    """Check (and with ``backups`` back up) ``ctx``'s file in the background."""
    if ctx.path is None:
        return
    label = QLabel(CHECKING)
    label.setToolTip("启动时在后台读一遍整个数据库文件，确认没有损坏；随后做启动备份")
    window.statusBar().addPermanentWidget(label)

    def done(result: tuple[str, object]) -> None:
        kind, detail = result
        if kind == "damaged":
            label.setText("数据库文件已损坏")
            (on_damaged or (lambda s: offer_recovery(window, ctx, s)))(detail)
            return
        if kind == "backup_failed":
            label.setText("启动备份未完成")
            QMessageBox.warning(window, APP_TITLE, f"启动备份未完成（数据未改动）：\n{detail}")
            return
        label.setText(DONE if kind == "done" else CHECKED)
        QTimer.singleShot(15000, label.hide)

    window.startup_checks = BackgroundLoader(window, done)  # kept with the window
    window.startup_checks.load(ctx.db, ctx.path, lambda db: _check_then_back_up(db, backups))


def offer_recovery(window: QWidget, ctx: AppContext, status: StartupStatus) -> bool:
    """Close the damaged database (and the window), offer the newest good backup; the app then
    ends (exit code 0 after a restore, 2 without)."""
    QMessageBox.critical(window, APP_TITLE, f"数据库文件 {status.path.name} 已损坏（完整性检查"
                         f"未通过）。为免损坏扩大，软件将关闭这个数据库，并提供从最近的完好备份"
                         f"恢复。")
    window.close()
    ctx.db.close()
    restored = offer_restore(status)
    if restored:
        QMessageBox.information(None, APP_TITLE, "恢复已完成，请重新打开软件。")
    QApplication.exit(0 if restored else 2)
    return restored
