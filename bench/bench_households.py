"""入户核查 at county scale: the household list page and its searches and filters, the form's
load and save, completeness, printing a village's forms.

    python bench/bench_households.py [--db PATH] [--repeat 3]

Without ``--db`` it copies /tmp/big.db (300,000 households) to /tmp/bench_households.db first
(the source stays untouched). Each row compares our path (page/model/core) with the plain
stdlib ``sqlite3`` query doing the same selection in the same run (ratio = ours / baseline).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import add_convention, quick_or_given, report  # noqa: E402

BIG = Path("/tmp/big.db")
COPY = Path("/tmp/bench_households.db")


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def prepare(args: argparse.Namespace) -> Path:
    if args.quick or args.db:       # a copy: the page and the forms write
        target = Path(tempfile.mkdtemp(prefix="ykt-bench-households-")) / "county.db"
        shutil.copyfile(quick_or_given(args), target)
        return target
    if not COPY.exists():
        shutil.copyfile(BIG, COPY)
    return COPY


def searches(raw: sqlite3.Connection) -> list[tuple[str, dict, str, list]]:
    """(label, filter fields, baseline SQL, args) with values taken from the data."""
    name, initials, number = raw.execute(
        "SELECT p.name, p.name_initials, p.id_number FROM persons p JOIN members m ON "
        "m.person_id = p.id WHERE length(p.name) = 3 ORDER BY p.id LIMIT 1 OFFSET "
        "min(5000, (SELECT count(*) / 2 FROM persons))").fetchone()
    town, village = raw.execute("SELECT substr(village_code, 1, 9) || '000', village_code "
                                "FROM households ORDER BY id LIMIT 1 OFFSET "
                                "min(150000, (SELECT count(*) / 2 FROM households))").fetchone()
    by_person = ("SELECT DISTINCT m.household_id FROM members m JOIN persons p ON "
                 "p.id = m.person_id WHERE ")
    return [
        ("拼音首字母", {"text": initials}, by_person + "p.name_initials LIKE ?", [initials + "%"]),
        ("姓名", {"text": name}, by_person + "p.name LIKE ?", [name + "%"]),
        ("身份证号（全）", {"text": number}, by_person + "p.id_number = ?", [number]),
        ("身份证号后6位", {"text": number[-6:]}, by_person + "p.id_number LIKE ?",
         ["%" + number[-6:]]),
        ("乡镇", {"township": town}, "SELECT id FROM households WHERE village_code LIKE ? "
         "ORDER BY hh_no", [town[:9] + "%"]),
        ("村+未核查", {"village": village, "status": "pending"},
         "SELECT id FROM households WHERE village_code = ? AND verify_status = 'pending' "
         "ORDER BY hh_no", [village]),
        ("有问题", {"has_problems": True}, "SELECT DISTINCT household_id FROM issues WHERE "
         "status != 'closed'", []),
        ("全县已核查", {"status": "verified"}, "SELECT id FROM households WHERE "
         "verify_status = 'verified' ORDER BY hh_no", []),
    ]


def bench_page(ctx, raw: sqlite3.Connection, repeat: int) -> list[dict]:
    from ui.households.page import HouseholdsPage

    def open_page():
        page = HouseholdsPage(ctx)
        page.resize(1200, 700)
        page.show()
        for row in range(30):
            page.model.data(page.model.index(row, 0))
        page.close()
        page.deleteLater()

    def base_open():
        ids = [r[0] for r in raw.execute("SELECT id FROM households ORDER BY hh_no")]
        marks = ",".join("?" * len(ids[:200]))
        raw.execute(f"SELECT * FROM households WHERE id IN ({marks})", ids[:200]).fetchall()

    rows = [_row("打开入户核查页（全县户列表）", median_time(open_page, repeat),
                 median_time(base_open, repeat), raw.execute(
                     "SELECT count(*) FROM households").fetchone()[0])]
    page = HouseholdsPage(ctx)
    page.show()
    for label, fields, sql, sql_args in searches(raw):
        page.search.setText(fields.get("text", ""))
        page.problems.setChecked(fields.get("has_problems", False))
        _set_filters(page, fields)

        def ours():
            page.apply_filter()
            for row in range(min(30, page.model.rowCount())):
                page.model.data(page.model.index(row, 0))

        def base(sql=sql, sql_args=sql_args):
            raw.execute(sql, sql_args).fetchall()

        ours()
        rows.append(_row(f"搜索/筛选：{label}", median_time(ours, repeat),
                         median_time(base, repeat), page.model.rowCount()))
    return rows


def _set_filters(page, fields: dict) -> None:
    regions = page.regions
    regions.township.setCurrentIndex(max(0, regions.township.findData(fields.get("township"))))
    if fields.get("village"):
        regions.select_village(fields["village"])
    page.status.setCurrentIndex(max(0, page.status.findData(fields.get("status"))))


def _row(what: str, ours: float, base: float, n: int) -> dict:
    return {"what": what, "rows": n, "seconds": ours, "baseline_s": base,
            "ratio_vs_baseline": ours / base if base else 0.0}


def bench_core(db, raw: sqlite3.Connection, repeat: int) -> list[dict]:
    from ykt_desktop.forms_pdf.household_form import print_forms
    from ykt_desktop.households import completeness
    from ykt_desktop.households.load import load_household
    from ykt_desktop.households.save import save_household
    from ykt_desktop.households.validate import validate
    from ykt_desktop.progress import run

    hid = next(h for (h,) in raw.execute("SELECT id FROM households WHERE verify_status = "
                                         "'verified' ORDER BY id LIMIT 50")
               if not validate(db, load_household(db, h)))
    record = load_household(db, hid)
    village = raw.execute("SELECT village_code FROM households WHERE id = ?", [hid]).fetchone()[0]
    n_village = raw.execute("SELECT count(*) FROM households WHERE village_code = ?",
                            [village]).fetchone()[0]

    def base_load():
        raw.execute("SELECT * FROM households WHERE id = ?", [hid]).fetchall()
        raw.execute("SELECT * FROM members m JOIN persons p ON p.id = m.person_id LEFT JOIN "
                    "cards c ON c.person_id = p.id WHERE m.household_id = ?", [hid]).fetchall()
        raw.execute("SELECT * FROM payments WHERE household_id = ?", [hid]).fetchall()

    def base_village_progress():
        raw.execute("SELECT count(*), sum(verify_status='verified') FROM households "
                    "WHERE village_code = ?", [village]).fetchall()
        raw.execute("SELECT count(DISTINCT person_id || '-' || item_id) FROM payments "
                    "WHERE village_code = ?", [village]).fetchall()

    pdf = Path(tempfile.mkdtemp()) / "village.pdf"
    members = [m.person_id for m in record.members]

    def base_save():
        with raw:
            raw.execute("UPDATE households SET notes = notes WHERE id = ?", [hid])
            raw.executemany("UPDATE persons SET name = name WHERE id = ?",
                            [(p,) for p in members])
            raw.executemany("UPDATE members SET sort = sort WHERE person_id = ?",
                            [(p,) for p in members])

    return [
        _row("打开一户一表（读一户）", median_time(lambda: load_household(db, hid), repeat),
             median_time(base_load, repeat), len(record.members)),
        _row("保存一户一表（一个事务）", median_time(lambda: save_household(db, record), repeat),
             median_time(base_save, repeat), len(record.members)),
        _row("本村核查进度（按组）", median_time(
            lambda: completeness.area_progress(db, "group", under=village), repeat),
             median_time(base_village_progress, repeat), n_village),
        _row("全县核查进度（按乡镇）", median_time(
            lambda: completeness.area_progress(db, "township"), 1),
             median_time(lambda: raw.execute(
                 "SELECT count(DISTINCT person_id || '-' || item_id) FROM payments").fetchall(),
                 1), raw.execute("SELECT count(*) FROM households").fetchone()[0]),
        _row("打印本村一户一表 PDF", median_time(
            lambda: run(print_forms(db, pdf, village=village)), 1), 0.0, n_village),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    add_convention(parser, db=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.quick:
        args.repeat = 1
    path = prepare(args)
    from PySide6.QtWidgets import QApplication

    from ui.context import AppContext
    from ykt_desktop.storage import open_db

    app = QApplication.instance() or QApplication([])  # noqa: F841 - keeps Qt alive
    db = open_db(path)
    from ykt_desktop.storage import connect

    raw = connect(path)  # stdlib sqlite3 with the app's pragmas (and audit functions)
    rows = bench_page(AppContext(db), raw, args.repeat) + bench_core(db, raw, args.repeat)
    report("households", rows, args.json)


if __name__ == "__main__":
    main()
