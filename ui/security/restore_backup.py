"""从备份恢复: say what the backup holds (unit, time, counts) before replacing the database.

Only a finished backup whose manifest matches is offered; an empty one or one of another unit is
refused with the reason (:func:`ykt_desktop.recovery.plan_restore`). The live file is backed up
(恢复前) and kept under a new name; the app closes after the restore.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from ui.common.background import wait_all
from ykt_desktop import backup, recovery
from ykt_desktop.backup_manifest import read_manifest
from ykt_desktop.errors import UserError

TITLE = "从备份恢复"


def backup_state(path: Path) -> str:
    """The 内容 column of the backup list: what it holds, or why it will not be used."""
    info = read_manifest(path)
    if info is None:
        return "未写完或无清单，不能用来恢复"
    if info.empty:
        return "空备份（未设置本单位或没有户），不能用来恢复"
    return f"{info.unit_name}：户 {info.counts.get('households', 0):,}，" \
           f"人员 {info.counts.get('persons', 0):,}"


def ask_plan(parent: QWidget | None, live: Path, source: Path | None, preface: str = "", *,
             key: bytes | None = None) -> recovery.RestorePlan | None:
    """The checked plan when the officer agreed to it; None when refused or declined.
    ``key``: an encrypted database's (and its backups')."""
    try:
        plan = recovery.plan_restore(live, source, key=key)
    except UserError as exc:
        QMessageBox.warning(parent, TITLE, f"{exc}\n\n当前数据库未改动。")
        return None
    answer = QMessageBox.question(
        parent, TITLE, f"{preface}{plan.summary()}\n\n备份之后录入的数据需要重新录入。"
        f"确定恢复吗？")
    return plan if answer == QMessageBox.StandardButton.Yes else None


def restore_open_database(parent: QWidget | None, ctx, source: Path) -> bool:
    """Restore ``source`` over the open database of ``ctx`` (closed first); True when done."""
    live = Path(ctx.path)
    plan = ask_plan(parent, live, source, "恢复后软件将关闭，请重新打开。\n\n",
                    key=ctx.handle.key)
    if plan is None:
        return False
    try:
        backup.backup_db(ctx.db, reason="before-restore")
    except UserError as exc:
        QMessageBox.critical(parent, TITLE, f"恢复前无法备份当前数据库，没有恢复：\n{exc}")
        return False
    wait_all()          # no count still reading the file that is about to be replaced
    ctx.db.close()
    try:
        result = recovery.restore(live, plan=plan)
    except (UserError, OSError) as exc:
        QMessageBox.critical(parent, TITLE, f"{exc}\n软件将关闭，原数据库未改动。")
        return True
    QMessageBox.information(parent, TITLE, f"已从 {result.source.name} 恢复，原数据库保留为 "
                            f"{result.kept.name if result.kept else '（无）'}。")
    return True
