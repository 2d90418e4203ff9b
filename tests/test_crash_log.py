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
