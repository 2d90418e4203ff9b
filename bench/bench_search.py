"""Household search per keystroke at county scale (issue 15 item 4).

For each keystroke pattern (1-2 characters of a name, pinyin initials, digits typed from the
start of an ID or as its last digits, a 户编号's last digits, whole numbers): the time of the
list shown at once (``search_ids(..., limit=1000)``, what the page waits for), of the lazy count
behind it, and of the page itself (typed text -> list shown, found off the GUI thread, with the
longest the GUI thread was busy meanwhile). Baseline in the same run: the search as it was
(``LIKE '%…'`` on ID numbers for most digit strings, every match in 户编号 order).

    python bench/bench_search.py [--db /tmp/big.db] [--work /var/tmp/ykt-bench-cold]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import add_convention, migrated_copy, quick_or_given, report  # noqa: E402

CAP = 1000


def patterns(raw: sqlite3.Connection) -> list[tuple[str, str]]:
    name, initials, number = raw.execute(
        "SELECT p.name, p.name_initials, p.id_number FROM persons p JOIN members m ON "
        "m.person_id = p.id WHERE length(p.name) = 3 AND length(p.id_number) = 18 "
        "ORDER BY p.id LIMIT 1 OFFSET min(5000, (SELECT count(*) / 2 FROM persons))").fetchone()
    hh_no = raw.execute("SELECT hh_no FROM households ORDER BY id LIMIT 1 OFFSET "
                        "min(150000, (SELECT count(*) / 2 FROM households))"
                        ).fetchone()[0]
    out = [("姓名 1 字", name[:1]), ("姓名 2 字", name[:2]), ("姓名全", name),
           ("拼音 1 字母", initials[:1]), ("拼音 2 字母", initials[:2]), ("拼音全", initials)]
    out += [(f"身份证号前 {n} 位", number[:n]) for n in (1, 2, 3, 5, 8, 12, 17)]
    out += [(f"身份证号后 {n} 位", number[-n:]) for n in (1, 2, 3, 4, 5, 6, 8)]
    out += [("身份证号全", number), ("户编号后 5 位", hh_no[-5:]), ("户编号全", hh_no)]
    return out


def old_search(raw: sqlite3.Connection, text: str) -> list[int]:
    """The search as it was before issue 15 (households/search.py at 074caf8)."""
    if text.isdigit() or text[:-1].isdigit():
        if len(text) in (15, 18):
            sql, args = "SELECT id FROM persons WHERE id_number = ?", [text]
        elif len(text) in (4, 6):
            tail = {4: 15, 6: 13}[len(text)]
            sql, args = f"SELECT id FROM persons WHERE substr(id_number, {tail}) = ?", [text]
        else:
            sql, args = "SELECT id FROM persons WHERE id_number LIKE ?", ["%" + text]
    elif text.isascii():
        sql, args = ("SELECT id FROM persons WHERE name_initials >= ? AND name_initials < ?",
                     [text, text + "\x7f"])
    else:
        sql, args = "SELECT id FROM persons WHERE name >= ? AND name < ?", [text, text + "\uffff"]
    members = f"SELECT household_id FROM members WHERE person_id IN ({sql})"
    if text.isdigit() and len(text) == 16:
        members, args = "SELECT id FROM households WHERE hh_no = ?", [text]
    elif text.isdigit() and 4 <= len(text) < 15:
        members += " UNION SELECT id FROM households WHERE hh_no LIKE ?"
        args = [*args, "%" + text]
    return [r[0] for r in raw.execute(
        f"SELECT h.id FROM households h WHERE h.id IN ({members}) ORDER BY h.hh_no", args)]


def best(fn, runs: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(runs):
        started = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), value


def _cpu(fn, runs: int) -> float:
    """Median CPU time of the calling thread (what the query costs without the machine's
    other processes waiting in front of it)."""
    times = []
    for _ in range(runs):
        started = time.thread_time()
        fn()
        times.append(time.thread_time() - started)
    return statistics.median(times)


def page_time(page, qtbot_app, text: str) -> tuple[float, float]:
    """Typed text -> list shown; and the longest the GUI thread was busy meanwhile."""
    loads = page.loads
    page.search.setText(text)
    started = last = time.perf_counter()
    longest = 0.0
    page.apply_filter()
    while page.loads == loads:
        qtbot_app.processEvents()
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
        time.sleep(0.001)
    return time.perf_counter() - started, longest


def main() -> int:
    parser = argparse.ArgumentParser()
    add_convention(parser)
    parser.add_argument("--work", default="/var/tmp/ykt-bench-cold")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.quick:
        args.runs, args.work = 1, tempfile.mkdtemp(prefix="ykt-bench-search-quick-")
    path = migrated_copy(quick_or_given(args), Path(args.work))
    from PySide6.QtWidgets import QApplication

    from ui.context import AppContext
    from ui.households.page import HouseholdsPage
    from ykt_desktop.households.search import HouseholdFilter, count_matches, search_ids
    from ykt_desktop.storage import open_db

    app = QApplication.instance() or QApplication([])
    db = open_db(path, migrate=False)
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    page = HouseholdsPage(AppContext(db))
    page_time(page, app, "")
    rows = []
    for label, text in patterns(raw):
        f = HouseholdFilter(text=text)
        shown, ids = best(lambda f=f: search_ids(db, f, limit=CAP), args.runs)
        cpu = _cpu(lambda f=f: search_ids(db, f, limit=CAP), args.runs)
        counted, total = best(lambda f=f: count_matches(db, f), 1)
        base, old = best(lambda text=text: old_search(raw, text), 1)
        ui = [page_time(page, app, text) for _ in range(args.runs)]
        rows.append({"what": f"{label}（{text}）", "found": total, "listed": len(ids),
                     "seconds": shown, "cpu_s": cpu, "count_s": counted,
                     "page_s": statistics.median(u[0] for u in ui),
                     "gui_busy_s": max(u[1] for u in ui), "baseline_s": base,
                     "ratio_vs_baseline": shown / base if base else 0.0,
                     "same_as_before": set(ids) <= set(old), "target_s": 0.05,
                     "loadavg": list(os.getloadavg())})
    worst = max(rows, key=lambda r: r["seconds"])
    print(f"worst keystroke: {worst['what']} {worst['seconds'] * 1000:.1f} ms (CPU "
          f"{max(r['cpu_s'] for r in rows) * 1000:.1f} ms at most) "
          f"(page {worst['page_s'] * 1000:.0f} ms, GUI busy at most "
          f"{max(r['gui_busy_s'] for r in rows) * 1000:.0f} ms), load {os.getloadavg()[0]:.1f}")
    report("search", rows, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
