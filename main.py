"""一卡通核查: ``python main.py [--db PATH] [--demo | --demo-writable] [--self-check]``."""

import os
import sys


def attach_console() -> None:
    """A windowed Windows build has no stdout: print into the console that started it."""
    if sys.platform == "win32" and sys.stdout is None:
        import ctypes

        if ctypes.windll.kernel32.AttachConsole(-1):
            sys.stdout = sys.stderr = open("CONOUT$", "w", encoding="utf-8")  # noqa: SIM115


def self_check() -> int:
    from ui.selfcheck_ui import check_ui
    from ykt_desktop.cli import utf8_stdout
    from ykt_desktop.commands.selfcheck import print_result
    from ykt_desktop.selfcheck import run_checks

    attach_console()
    utf8_stdout()
    results = [*run_checks(), check_ui()]
    for result in results:
        print_result(result)
    failed = sum(not r.ok for r in results)
    print("自检全部通过" if not failed else f"自检有 {failed} 项失败")
    return 1 if failed else 0


def preflight() -> int:
    """Before Qt: a Chinese message and 1 when no window can open (no desktop, libraries).
    The libraries' verdict is kept between starts while no file changes (issue 15)."""
    from ui.qt_preflight import preflight_message
    from ui.qt_preflight_cache import LibraryCache, default_file

    problem = preflight_message(os.environ, cache=LibraryCache(default_file(), os.environ))
    if problem is None:
        return 0
    from ykt_desktop.cli import utf8_stdout

    utf8_stdout()
    print(problem, file=sys.stderr)
    return 1


def import_core_first() -> None:
    """The core modules the window needs, imported before Qt (issue 15): once PySide6 is
    loaded, its import hook reads the source of every module imported after it (60-90 ms for
    the ~260 modules of a start); imported before, they are not read.
    ``tests/test_cold_start_imports.py`` keeps this list whole."""
    import sqlite_utils  # noqa: F401

    import ykt_desktop.audit.head  # noqa: F401
    import ykt_desktop.backup  # noqa: F401
    import ykt_desktop.catalogue_year  # noqa: F401
    import ykt_desktop.db_errors  # noqa: F401
    import ykt_desktop.db_lock  # noqa: F401
    import ykt_desktop.fonts  # noqa: F401
    import ykt_desktop.progress  # noqa: F401
    import ykt_desktop.recovery  # noqa: F401
    import ykt_desktop.security.read_only  # noqa: F401
    import ykt_desktop.security.users  # noqa: F401
    import ykt_desktop.stats  # noqa: F401
    import ykt_desktop.storage  # noqa: F401
    import ykt_desktop.unit  # noqa: F401


def freeze_support() -> None:
    """In the bundled app a worker process (the checks, issue 15) starts this executable:
    multiprocessing must take over before anything else runs."""
    if getattr(sys, "frozen", False):
        import multiprocessing

        multiprocessing.freeze_support()


if __name__ == "__main__":
    freeze_support()
    if "--self-check" in sys.argv[1:]:
        sys.exit(self_check())
    if preflight():
        sys.exit(1)
    import_core_first()
    from ui.app import main

    sys.exit(main())
