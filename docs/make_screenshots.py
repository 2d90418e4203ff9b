"""Regenerate the manual's screenshots from the real app on the demo county.

    python docs/make_screenshots.py            # offscreen; writes docs/images/*.png

Every page of the main window is shown at 1366x768 (a common office-PC screen) on a freshly
generated demo county and grabbed; the first-run dialog is grabbed on an empty database.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from ui.context import AppContext  # noqa: E402
from ui.dialogs.first_run import FirstRunDialog  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.style import apply_style  # noqa: E402
from ykt_desktop.demo.generator import DemoParams, generate_demo  # noqa: E402
from ykt_desktop.progress import run  # noqa: E402
from ykt_desktop.storage import open_db  # noqa: E402

OUT = ROOT / "docs" / "images"


def settle(app: QApplication, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_style(app)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ykt-shots-") as tmp:
        empty = open_db(Path(tmp) / "empty.db")
        dialog = FirstRunDialog(empty)
        dialog.show()
        settle(app)
        dialog.grab().save(str(OUT / "first_run.png"))
        dialog.close()
        db = open_db(Path(tmp) / "demo.db")
        run(generate_demo(db, DemoParams(villages=12, households_per_village=100)))
        window = MainWindow(AppContext(db))
        window.resize(1366, 740)
        window.show()
        for row, spec in enumerate(window.specs):
            window.show_page(row)
            settle(app, 60)
            path = OUT / f"page_{spec.order:02d}_{spec.key}.png"
            window.grab().save(str(path))
            print(path.relative_to(ROOT))
        window.close()
        db.close()
        empty.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
