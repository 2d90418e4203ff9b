"""Starting the app: parse arguments, open the database, first run, main window."""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog

from ui import startup
from ui.context import AppContext
from ui.dialogs.first_run import FirstRunDialog
from ui.main_window import MainWindow
from ui.style import apply_style
from ui.workers import run_job
from ykt_desktop import APP_TITLE, __version__
from ykt_desktop.demo.generator import DemoParams, generate_demo
from ykt_desktop.paths import data_dir, default_db_path
from ykt_desktop.unit import get_unit


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="main.py", description=APP_TITLE)
    parser.add_argument("--db", metavar="PATH", help="数据库文件（默认在用户数据目录）")
    parser.add_argument("--demo", action="store_true", help="在新生成的演示县上打开")
    parser.add_argument("--demo-villages", type=int, default=12, help=argparse.SUPPRESS)
    parser.add_argument("--demo-households", type=int, default=100, help=argparse.SUPPRESS)
    parser.add_argument("--self-check", action="store_true",
                        help="自检（无需屏幕）：资源、字体、数据库、PDF、Excel、签名、界面")
    parser.add_argument("--version", action="version", version=f"ykt-desktop {__version__}")
    return parser.parse_args(argv)


def demo_db_path() -> Path:
    return data_dir() / "demo" / "demo.db"


def fresh_demo_file(path: Path) -> None:
    """Remove an earlier demo database (and its backups and truth file) before a new one."""
    if path.parent.exists():
        shutil.rmtree(path.parent)
    path.parent.mkdir(parents=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName(APP_TITLE)
    apply_style(app)
    path = Path(args.db) if args.db else default_db_path()
    if args.demo:
        path = Path(args.db) if args.db else demo_db_path()
        fresh_demo_file(path) if not args.db else None
    db = startup.open_database(path, new_file_setup=not args.demo)  # issue 8: unlock, check
    if db is None:
        return 2
    ctx = AppContext(db)
    if not startup.log_in(ctx):
        return 0
    window = MainWindow(ctx)
    window.show()
    if not args.demo and get_unit(db) is not None:
        startup.run_startup_backups(window, ctx)
    params = DemoParams(villages=args.demo_villages, households_per_village=args.demo_households)
    if args.demo and get_unit(db) is None:
        start_demo(window, ctx, params)
    elif get_unit(db) is None:
        ask_first_run(window, ctx, params)
    return app.exec()


def ask_first_run(window: MainWindow, ctx: AppContext, params: DemoParams) -> None:
    dialog = FirstRunDialog(ctx.db, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        window.close()
        return
    if dialog.choice == "demo":
        params.villages = dialog.villages.value()
        params.households_per_village = dialog.households.value()
        start_demo(window, ctx, params)
    else:
        ctx.notify_changed()


def start_demo(window: MainWindow, ctx: AppContext, params: DemoParams) -> None:
    run_job(window, "正在生成演示县…", ctx.path, lambda db: generate_demo(db, params),
            lambda _result: ctx.notify_changed())
