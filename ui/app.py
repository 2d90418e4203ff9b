"""Starting the app: parse arguments, open the database, the set-up wizard on a database with
no unit, login, main window; or the demo county (read-only for training, or writable).

Only what the window needs is imported before it shows (issue 15): the wizard, the demo
generator (pypinyin) and the pages' modules load when first used."""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from ui import crash_log, gui_gc, startup, startup_head, startup_probe
from ui.common.workers import JobRunner, run_job
from ui.context import AppContext
from ui.db_lock_prompt import enter_read_only, lock_database
from ui.main_window import MainWindow
from ui.malloc_arenas import limit_malloc_arenas
from ui.startup_checks import start_background_checks
from ui.style import apply_style
from ykt_desktop import APP_TITLE, __version__, changes
from ykt_desktop.paths import data_dir, default_db_path
from ykt_desktop.security.read_only import make_read_only
from ykt_desktop.security.users import erased_users_message, has_users, users_erased
from ykt_desktop.storage import open_read_only
from ykt_desktop.unit import get_unit


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="main.py", description=APP_TITLE)
    parser.add_argument("--db", metavar="PATH", help="数据库文件（默认在用户数据目录）")
    parser.add_argument("--demo", action="store_true",
                        help="在新生成的演示县上打开（只读，供培训）")
    parser.add_argument("--demo-writable", action="store_true",
                        help="在新生成的演示县上打开，可以修改（练习录入）")
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
    limit_malloc_arenas()               # before Qt and the workers start threads
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName(APP_TITLE)
    crash_log.install()
    gui_gc.install(app)                 # widgets are never freed on a job's thread
    apply_style(app)
    if args.demo or args.demo_writable:
        path = Path(args.db) if args.db else demo_db_path()
        return open_demo(app, path, demo_params(args), fresh=not args.db,
                         read_only=not args.demo_writable)
    path = Path(args.db) if args.db else default_db_path()
    held = lock_database(path)          # one copy of the app per database; kept till exit
    if held is None:
        return 0
    db = startup.open_database(path, new_file_setup=False,  # the wizard offers encryption
                               head_later=True)
    if db is None:
        return 2
    startup_head.hold(db)               # the head file is checked after the window shows
    if users_erased(db):        # users deleted outside the app: neither the wizard nor no login
        QMessageBox.critical(None, APP_TITLE, erased_users_message(path))
        db.close()
        return 2
    if get_unit(db) is None and not has_users(db) and not held.read_only:
        # lazy: the wizard only on a first run, not before every window (issue 15)
        from ui.setup.wizard import SetupWizard

        wizard = SetupWizard(db)
        accepted = wizard.exec() == QDialog.DialogCode.Accepted
        db = wizard.db                      # a new connection when the file was encrypted
        if not accepted or wizard.choice == "demo":
            db.close()
            if not accepted:
                return 0
            return open_demo(app, demo_db_path(), demo_params(args), fresh=True,
                             read_only=True)
    startup_head.hold(db)
    ctx = AppContext(db)
    if not startup.log_in(ctx):
        return 0
    if held.read_only:
        enter_read_only(db)             # another copy has it open: look, do not touch
        ctx.read_only = True
    window = MainWindow(ctx)
    window.show()
    startup_probe.install(window)       # bench/bench_cold_start.py only (an environment switch)
    startup_head.check_head_later(window, ctx)
    if get_unit(db) is not None and not held.read_only:
        startup.run_startup_backups(window, ctx)    # the whole-file check, then backups
    else:
        start_background_checks(window, ctx, backups=False)
    return app.exec()


def demo_params(args: argparse.Namespace):
    # lazy: the demo generator only for --demo (issue 15)
    from ykt_desktop.demo.generator import DemoParams

    return DemoParams(villages=args.demo_villages, households_per_village=args.demo_households)


def open_demo(app: QApplication, path: Path, params, *, fresh: bool,
              read_only: bool) -> int:
    """The demo county at ``path``, generated when the file has no unit (``fresh``: the
    previous demo folder is deleted first, so every training starts the same): read-only for
    training, or writable for practice (``--demo-writable``)."""
    if fresh:
        fresh_demo_file(path)
    db = startup.open_database(path, new_file_setup=False)
    if db is None:
        return 2
    ctx = AppContext(db, read_only=read_only, demo=True)
    if read_only:
        make_read_only(ctx.db)             # this connection; the generator has its own
    window = MainWindow(ctx)
    window.show()
    if get_unit(db) is None:
        start_demo(window, ctx, params)
    elif read_only:
        open_read_only(ctx.db)
    return app.exec()


DEMO_CANCELLED = ("演示县是空的：生成时点了“取消”。关闭软件后以同样方式再打开，会重新生成演示县；"
                  "正式使用请以正常方式打开，按“初始设置”向导建立本单位。")


def start_demo(window: MainWindow, ctx: AppContext, params) -> JobRunner:
    # lazy: the demo generator only for --demo (issue 15)
    from ykt_desktop.demo.training import training_demo

    def done(_result: object) -> None:
        if ctx.read_only:
            open_read_only(ctx.db)          # and every later connection to the file
        ctx.notify_changed(changes.ALL)     # a whole county generated: every page refreshes

    def cancelled() -> None:
        """Say what 取消 left (an empty practice file) and offer to generate it again."""
        again = QMessageBox.question(
            window, "演示县", "已取消生成演示县，现在库里是空的（没有本单位和户）。\n"
                            "现在重新生成吗？选“否”也可以：关闭软件后以同样方式再打开，会重新生成。")
        if again == QMessageBox.StandardButton.Yes:
            start_demo(window, ctx, params)
            return
        window.banner.setText(DEMO_CANCELLED)

    return run_job(window, "正在生成演示县…", ctx.handle, lambda db: training_demo(db, params),
                   done, on_cancelled=cancelled)
