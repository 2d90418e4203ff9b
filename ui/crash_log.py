"""When something goes wrong anyway: a log the county's IT staff can send us.

``install()`` sends Python's fatal-error dump (a crash inside Qt or SQLite) to ``crash.log`` in
the data folder, and turns an unexpected Python error in the window into a Chinese message that
says where the details are, instead of a line on a console nobody sees. The work already saved
is safe either way: every write is one transaction.
"""

from __future__ import annotations

import datetime as dt
import faulthandler
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import IO

from ykt_desktop.db_errors import explain as explain_db_error
from ykt_desktop.paths import data_dir

_FILES: list[IO[str]] = []      # the fault handler writes to this file until the process ends


def log_path() -> Path:
    return data_dir() / "crash.log"


def install(path: Path | None = None, *, force: bool = False) -> Path:
    """Log to ``path``; a fault handler or excepthook already set (a test runner's, a
    developer's PYTHONFAULTHANDLER) is left alone unless ``force``."""
    path = path or log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if force or not faulthandler.is_enabled():
        handle = open(path, "a", encoding="utf-8")  # noqa: SIM115 - kept open for faulthandler
        _FILES.append(handle)
        faulthandler.enable(file=handle, all_threads=True)
    if force or sys.excepthook is sys.__excepthook__:
        sys.excepthook = lambda kind, exc, tb: report(kind, exc, tb, path)
    return path


def report(kind: type[BaseException], exc: BaseException, tb: TracebackType | None,
           path: Path) -> None:
    """Append the traceback to the log and tell the officer, in Chinese, what happened."""
    text = "".join(traceback.format_exception(kind, exc, tb))
    with open(path, "a", encoding="utf-8") as log:
        log.write(f"\n== {dt.datetime.now():%Y-%m-%d %H:%M:%S} ==\n{text}")
    sys.__stderr__.write(text) if sys.__stderr__ else None
    if issubclass(kind, KeyboardInterrupt):
        return
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        return
    explained = explain_db_error(exc)
    if explained:       # a full disk, a lock, a pulled stick: said in Chinese, not as a fault
        QMessageBox.warning(None, "操作未完成", f"{explained}\n\n详情已记录在：\n{path}")
    else:
        QMessageBox.critical(None, "程序出错",
                             f"刚才的操作出错：{exc}\n\n已保存的数据不受影响（每次写入都是完整的"
                             f"一步）。出错详情已记录在：\n{path}\n请把这个文件发给县里的技术人员。")
