"""GUI soak: drive the real main window on a demo county for as long as you like.

    python bench/soak_gui.py --minutes 30 --seed 1 [--villages 3] [--work DIR]

Random page switches, household forms opened, edited, saved and closed, issues raised and
closed, checks run, a notice and a return exported, every button of a page clicked (its
dialogs cancelled), and second main windows deleted while their background counts run
(bench/soak_actions.py). Offscreen unless DISPLAY is set and QT_QPA_PLATFORM says otherwise.

Fails (exit 1) on an unexpected Python exception (the app's crash.log, ui/crash_log.py, must
stay empty), a Qt warning about threads ("QThread: Destroyed while thread is still running"
aborts the process outright: exit code < 0), or RSS growth of --rss-limit-mb (200) or more.
Prints the actions done and RSS at start (after one warm-up round of every action: pages
built, fonts and caches loaded) and at the end, and writes them to <work>/soak.json.
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

THREAD_WARNINGS = ("QThread", "another thread", "different thread", "QObject::~QObject")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def make_demo(work: Path, villages: int, households: int, seed: int) -> Path:
    db = work / "soak.db"
    subprocess.run([sys.executable, "-m", "ykt_desktop", "demo", "--db", str(db), "--quiet",
                    "--villages", str(villages), "--households-per-village", str(households),
                    "--townships", "1", "--seed", str(seed)], cwd=ROOT, check=True)
    return db


def patch_modal_windows(out: Path) -> list[str]:
    """Nothing may wait for a person: message boxes are recorded (questions answered No),
    dialogs opened with exec() are cancelled, file dialogs answer a file in ``out`` when
    saving and nothing when opening; 发现问题 accepts its suggestions."""
    from PySide6 import QtPrintSupport, QtWidgets
    from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

    from bench.soak_actions import accept_raise_issues
    from ui.households.raise_issues import RaiseIssuesDialog

    said: list[str] = []
    buttons = QMessageBox.StandardButton

    def box(kind: str, answer):
        return staticmethod(lambda *a, **k: said.append(
            f"{kind}：{a[2] if len(a) > 2 else k.get('text', '')}") or answer)
    for name, answer in (("information", buttons.Ok), ("warning", buttons.Ok),
                         ("critical", buttons.Ok), ("question", buttons.No)):
        setattr(QMessageBox, name, box(name, answer))
    def cancel(self) -> int:
        self.reject()
        return int(QDialog.DialogCode.Rejected)
    for module in (QtWidgets, QtPrintSupport):     # every dialog class with its own exec()
        for cls in (getattr(module, name) for name in dir(module)):   # classes load lazily
            if isinstance(cls, type) and issubclass(cls, QDialog) and "exec" in vars(cls):
                cls.exec = cancel
    QMessageBox.exec = lambda self: int(buttons.Cancel)
    RaiseIssuesDialog.exec = accept_raise_issues
    counter = iter(range(10**9))
    QFileDialog.getSaveFileName = staticmethod(
        lambda _p, _t, name="", *a, **k: (str(out / f"{next(counter)}_{Path(name).name}"), ""))
    QFileDialog.getOpenFileName = staticmethod(lambda *a, **k: ("", ""))
    QFileDialog.getOpenFileNames = staticmethod(lambda *a, **k: ([], ""))
    QFileDialog.getExistingDirectory = staticmethod(lambda *a, **k: "")
    QInputDialog.getText = staticmethod(lambda *a, **k: ("", False))
    QInputDialog.getItem = staticmethod(lambda *a, **k: ("", False))
    return said


def watch_qt_messages(warnings: list[str]) -> None:
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_kind, _context, message: str) -> None:
        if any(word in message for word in THREAD_WARNINGS):
            warnings.append(message)
    qInstallMessageHandler(handler)


def growth(census: Counter, widgets: list, *, over: int = 20) -> str:
    """The widget classes that grew most since the census: where a leak would show."""
    now = Counter(type(w).__name__ for w in widgets)
    grown = [(name, now[name] - census[name]) for name in now if now[name] - census[name] > over]
    grown.sort(key=lambda item: -item[1])
    return ("  增加：" + "，".join(f"{name} +{n}" for name, n in grown[:6])) if grown else ""


def soak(args: argparse.Namespace, work: Path) -> dict:
    os.environ["XDG_DATA_HOME"] = str(work / "data")        # crash.log, QSettings go here
    os.environ["XDG_CONFIG_HOME"] = str(work / "config")
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    db_path = make_demo(work, args.villages, args.households, args.seed)
    from PySide6.QtWidgets import QApplication

    from bench.soak_actions import Soak
    from ui import crash_log, gui_gc
    from ui.common.background import wait_all
    from ui.malloc_arenas import limit_malloc_arenas
    from ui.style import apply_style

    limit_malloc_arenas()                                   # as the app does at start
    app = QApplication.instance() or QApplication(["soak"])
    log = crash_log.install(work / "crash.log", force=True)
    gui_gc.install(app)
    apply_style(app)
    out = work / "out"
    out.mkdir(exist_ok=True)
    said, warnings = patch_modal_windows(out), []
    watch_qt_messages(warnings)
    rng = random.Random(args.seed)
    driver = Soak(app, db_path, out, rng)
    before_warm_up = rss_mb()
    for action in driver.actions.values():   # every page built, fonts and caches loaded once
        action()
    census = Counter(type(w).__name__ for w in QApplication.allWidgets())
    windows = Counter(type(w).__name__ for w in QApplication.topLevelWidgets())
    start_rss, started, steps = rss_mb(), time.monotonic(), 0
    print(f"预热前 RSS {before_warm_up:.0f} MB；开始：RSS {start_rss:.0f} MB，"
          f"时长 {args.minutes} 分钟，种子 {args.seed}", flush=True)
    while time.monotonic() - started < args.minutes * 60 or steps < args.min_steps:
        faulthandler.dump_traceback_later(args.hang_seconds, exit=True, file=sys.stderr)
        name = driver.step()
        steps += 1
        if steps % 50 == 0:
            print(f"{(time.monotonic() - started) / 60:5.1f} 分钟 {steps} 步 {name} "
                  f"RSS {rss_mb():.0f} MB 控件 {len(QApplication.allWidgets())}"
                  f"{growth(census, QApplication.allWidgets())}"
                  f"{growth(windows, QApplication.topLevelWidgets(), over=2)}", flush=True)
        if log.exists() and log.read_text(encoding="utf-8").strip() or warnings:
            break
    faulthandler.cancel_dump_traceback_later()
    wait_all()
    driver.window.close()
    return {"minutes": round((time.monotonic() - started) / 60, 2), "seed": args.seed,
            "steps": steps, "actions": driver.counts,
            "rss_before_warm_up_mb": round(before_warm_up), "rss_start_mb": round(start_rss),
            "rss_end_mb": round(rss_mb()), "widgets_alive": len(QApplication.allWidgets()),
            "qt_thread_warnings": warnings,
            "crash_log": log.read_text(encoding="utf-8") if log.exists() else "",
            "messages_shown": len(said), "files_written": len(list(out.iterdir())),
            "messages": sorted(set(said))}


def main() -> int:
    parser = argparse.ArgumentParser(description="GUI soak of the main window")
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--villages", type=int, default=3)
    parser.add_argument("--households", type=int, default=40)
    parser.add_argument("--min-steps", type=int, default=0,
                        help="go on past --minutes until this many steps are done (a loaded "
                             "machine is slower; the test wants the same work, not the same time)")
    parser.add_argument("--rss-limit-mb", type=float, default=200)
    parser.add_argument("--hang-seconds", type=int, default=300,
                        help="an action longer than this: stacks printed, process ends")
    parser.add_argument("--work", type=Path, help="folder for the demo, exports and crash.log")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="ykt-soak-"))
    work.mkdir(parents=True, exist_ok=True)
    result = soak(args, work)
    growth = result["rss_end_mb"] - result["rss_start_mb"]
    failures = ([f"crash.log: {result['crash_log'][-2000:]}"] if result["crash_log"] else []) \
        + [f"Qt: {w}" for w in result["qt_thread_warnings"]] \
        + ([f"RSS 增长 {growth} MB ≥ {args.rss_limit_mb:.0f} MB"]
           if growth >= args.rss_limit_mb else [])
    result["failures"] = failures
    (work / "soak.json").write_text(json.dumps(result, ensure_ascii=False, indent=1),
                                    encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "crash_log"},
                     ensure_ascii=False, indent=1))
    print("失败：\n" + "\n".join(failures) if failures else "通过", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
