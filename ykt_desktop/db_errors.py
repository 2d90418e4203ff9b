"""Database errors explained to the user in Chinese (full disk, read-only file, permissions).

:func:`explain` turns a driver error into a sentence that says what happened and that nothing
already saved was lost (every write is one transaction: the failed one rolled back whole).
The CLI and the UI call it for errors that are not a :class:`ykt_desktop.errors.UserError`.
"""

from __future__ import annotations

from ykt_desktop.db.connection import DB_ERRORS

KEPT = "这一步操作没有保存，之前已保存的数据完好无损。"
PASSTHROUGH = ("权限不足", "审计日志")


def explain(exc: BaseException) -> str | None:
    """A Chinese message for a database error, or None when it is not one we can explain."""
    if not isinstance(exc, DB_ERRORS):
        return None
    text = str(exc)
    if text.startswith(PASSTHROUGH):
        return text
    lower = text.lower()
    if "disk is full" in lower or "database or disk is full" in lower:
        return f"磁盘空间已满，数据库无法写入。{KEPT}请清理磁盘空间后重试。"
    if "readonly" in lower or "read-only" in lower:
        return f"数据库文件是只读的（或所在位置不允许写入）。{KEPT}请检查文件属性和文件夹权限。"
    if "prohibited" in lower and "key_pem" in lower:
        return "权限不足：当前角色不能签章（不能使用本单位的签名密钥）。"
    if "not authorized" in lower:
        return (f"权限不足：当前用户不能做这项操作（只读角色不能修改数据；任何用户都不能修改"
                f"数据库结构或审计日志）。{KEPT}")
    if "database is locked" in lower or "busy" in lower:
        return f"数据库正被其他程序占用。{KEPT}请稍后重试，或关闭其他打开此数据库的程序。"
    if "disk i/o error" in lower:
        return f"读写磁盘出错（可能是 U 盘被拔出或磁盘故障）。{KEPT}请检查磁盘后重试。"
    if "malformed" in lower or "not a database" in lower:
        return "数据库文件已损坏。请在“用户与安全”页或用 backup restore 命令从最新的完好备份恢复。"
    return None
