"""The UI part of ``main.py --self-check``: Qt loads offscreen and every page builds."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ui.context import AppContext
from ui.main_window import MainWindow
from ui.style import apply_style
from ykt_desktop.demo.generator import DemoParams, generate_demo
from ykt_desktop.progress import run
from ykt_desktop.selfcheck import CheckResult
from ykt_desktop.storage import open_db


def check_ui() -> CheckResult:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication(["ykt-desktop"])
        apply_style(app)
        with tempfile.TemporaryDirectory(prefix="ykt-selfcheck-ui-") as tmp:
            db = open_db(Path(tmp) / "ui.db")
            run(generate_demo(db, DemoParams(villages=2, households_per_village=5)))
            window = MainWindow(AppContext(db))
            for row in range(window.nav.count()):
                window.show_page(row)
            titles = [window.nav.item(i).text() for i in range(window.nav.count())]
            window.close()
            window.deleteLater()
            db.close()
        return CheckResult("界面", True, f"{len(titles)} 个页面：{'、'.join(titles)}")
    except Exception as exc:  # noqa: BLE001 - reported, not hidden
        return CheckResult("界面", False, f"{type(exc).__name__}: {exc}")
