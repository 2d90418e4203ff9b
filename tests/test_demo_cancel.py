"""取消 while the practice demo is generated (issue 18 review): the officer is told the file is
empty and how to generate it again, and may do so at once."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QMessageBox

from ui import app as ui_app
from ui.common.background import wait_all
from ui.context import AppContext
from ui.main_window import MainWindow
from ykt_desktop.demo import training
from ykt_desktop.demo.generator import DemoParams
from ykt_desktop.storage import open_db
from ykt_desktop.unit import get_unit

PARAMS = DemoParams(villages=1, households_per_village=5, townships=1)


def _cancelled_start(qtbot, tmp_path, monkeypatch):
    """取消 pressed before the job's first step ends. The job waits for the press: a demo of
    five households may otherwise be generated whole while the GUI thread shows the box."""
    pressed = threading.Event()
    real = training.training_demo

    def after_the_press(db, params):
        pressed.wait(30)
        return (yield from real(db, params))

    monkeypatch.setattr(training, "training_demo", after_the_press)
    db = open_db(tmp_path / "practice.db")
    window = MainWindow(AppContext(db, demo=True))
    qtbot.addWidget(window)
    runner = ui_app.start_demo(window, window.ctx, PARAMS)
    runner.dialog.canceled.emit()            # 取消 before the first step is written
    pressed.set()
    qtbot.waitUntil(lambda: not runner.running, timeout=30000)
    return window, db


def test_cancel_says_the_file_is_empty_and_how_to_generate(qtbot, tmp_path, monkeypatch,
                                                           no_blocking_message_boxes):
    window, db = _cancelled_start(qtbot, tmp_path, monkeypatch)
    assert get_unit(db) is None
    kind, text = no_blocking_message_boxes[-1]
    assert kind == "question" and "已取消生成演示县" in text and "重新生成" in text
    assert window.banner.text() == ui_app.DEMO_CANCELLED
    window.close()
    db.close()


def test_cancel_then_generate_again(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    window, db = _cancelled_start(qtbot, tmp_path, monkeypatch)
    qtbot.waitUntil(lambda: get_unit(db) is not None, timeout=60000)
    qtbot.waitUntil(lambda: db.execute("SELECT count(*) FROM households").fetchone()[0] == 5,
                    timeout=60000)
    qtbot.waitUntil(lambda: window.status_unit.text().count("演示县") > 0, timeout=10000)
    wait_all()
    window.close()
    db.close()
