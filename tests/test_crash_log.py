"""An unexpected error in the window is logged and told in Chinese; a fatal one is dumped."""

import faulthandler
import sys

from PySide6.QtWidgets import QMessageBox

from ui import crash_log


def test_unexpected_error_logged_and_shown(qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: shown.append(a[2]))
    path = tmp_path / "crash.log"
    old_hook = sys.excepthook
    try:
        crash_log.install(path, force=True)
        try:
            raise ValueError("测试错误")
        except ValueError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = old_hook
        faulthandler.enable(file=sys.__stderr__ or sys.stderr)
    text = path.read_text(encoding="utf-8")
    assert "ValueError: 测试错误" in text and "Traceback" in text
    assert shown and "测试错误" in shown[0] and str(path) in shown[0]


def test_a_test_runners_handlers_are_left_alone(tmp_path):
    hook = sys.excepthook
    assert faulthandler.is_enabled()          # pytest's
    crash_log.install(tmp_path / "crash.log")
    assert sys.excepthook is hook


def test_a_full_disk_is_told_in_chinese_not_as_a_fault(qtbot, tmp_path, monkeypatch):
    """Saving on a full disk (review of issue 12) showed 程序出错 "database or disk is full"."""
    import sqlite3

    warned, faults = [], []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: faults.append(a[2]))
    path = tmp_path / "crash.log"
    exc = sqlite3.OperationalError("database or disk is full")
    crash_log.report(type(exc), exc, None, path)
    assert not faults
    assert warned and "磁盘空间已满" in warned[0] and "disk" not in warned[0].split("\n")[0]
    assert "database or disk is full" in path.read_text(encoding="utf-8")
