"""Cold start on the county database (issue 15 item 3): from process start to the main window
shown with its event loop idle, against a bare PySide6 window started the same way in the same
run; and how long the GUI thread went without answering in the seconds after (the whole-file
check and the start backup run in the background then), and the first visit to a second page.

    python bench/bench_cold_start.py [--db /tmp/big.db] [--work /var/tmp/ykt-bench-cold] [--runs 5]
                                     [--json OUT] [--quick]

The database is copied once into ``--work`` and migrated there (kept for the next run: the
one-time migration is not a cold start). Each start is ``main.py --db <copy>`` under
QT_QPA_PLATFORM=offscreen with ``YKT_STARTUP_PROBE`` set (``ui/startup_probe.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, add_convention, migrated_copy, quick_or_given, report  # noqa: E402

BARE = """
import json, os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(QLabel("一卡通核查"))
window.resize(1366, 696)
window.show()
def first_idle():
    with open(os.environ["YKT_STARTUP_PROBE"], "w") as out:
        json.dump({"shown_at": time.time()}, out)
    os._exit(0)
QTimer.singleShot(0, first_idle)
app.exec()
"""


def start(command: list[str], watch: float) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", YKT_STARTUP_WATCH=str(watch))
    env.pop("PYTHONDONTWRITEBYTECODE", None)   # an installed app has its bytecode compiled
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "probe.json"
        env["YKT_STARTUP_PROBE"] = str(out)
        started = time.time()
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True,
                              timeout=300)
        if not out.exists():
            raise SystemExit(f"no probe written (exit {done.returncode}):\n{done.stderr[-3000:]}")
        probe = json.loads(out.read_text())
    probe["to_window_s"] = probe.pop("shown_at") - started
    return probe


def main() -> int:
    parser = argparse.ArgumentParser()
    add_convention(parser)
    parser.add_argument("--work", default="/var/tmp/ykt-bench-cold")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--watch", type=float, default=3.0)
    args = parser.parse_args()
    if args.quick:      # a small demo, two starts, a short watch: the smoke test
        args.runs, args.watch = 2, 0.5
        args.work = tempfile.mkdtemp(prefix="ykt-bench-cold-quick-")
    db = migrated_copy(quick_or_given(args), Path(args.work))
    start([sys.executable, "main.py", "--db", str(db)], 0.5)     # compiles bytecode; not timed
    ours, bare = [], []
    for _ in range(args.runs):
        bare.append(start([sys.executable, "-c", BARE], args.watch))
        ours.append(start([sys.executable, "main.py", "--db", str(db)], args.watch))
        print(f"  bare {bare[-1]['to_window_s']:.2f} s, ours {ours[-1]['to_window_s']:.2f} s, "
              f"longest GUI gap {ours[-1]['longest_gap_s'] * 1000:.0f} ms, second page "
              f"{ours[-1]['second_page_s']:.2f} s, load {os.getloadavg()[0]:.1f}", flush=True)
    ours_s = statistics.median(p["to_window_s"] for p in ours)
    bare_s = statistics.median(p["to_window_s"] for p in bare)
    report("cold_start", [{
        "what": "cold start to a window that answers (county database)",
        "persons": _persons(db), "seconds": ours_s, "baseline_s": bare_s,
        "ratio_vs_baseline": ours_s / bare_s, "target_s": 1.5,
        "worst_s": max(p["to_window_s"] for p in ours),
        "longest_gui_gap_s": max(p["longest_gap_s"] for p in ours),
        "second_page_s": statistics.median(p["second_page_s"] for p in ours),
        "runs": args.runs, "quick": args.quick, "loadavg": list(os.getloadavg())}], args.json)
    return 0


def _persons(db: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM persons").fetchone()[0]
    finally:
        conn.close()


if __name__ == "__main__":
    raise SystemExit(main())
