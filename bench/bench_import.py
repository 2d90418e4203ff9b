"""Roster import at county scale (issue 15): a 1,000,000-row platform roster (.xlsx) into a copy
of the county demo, against the plain baseline of the same run.

    python bench/bench_import.py [--db county.db] [--rows 1000000] [--work DIR] [--runs 1]

The database is first migrated once (a copy, ``bench.common.migrated_copy``): an older demo's
pending migrations are not part of the import. Each case runs as its own process under GNU
``/usr/bin/time`` (wall time, peak RSS) on a fresh copy of that (never the source):

- ``baseline``: python-calamine read -> ``executemany`` into the same ``payments`` table (its
  indexes and constraints; the app's audit triggers dropped, a plain connection has no audit
  functions), with the least mapping the table needs (person and item ids from two dicts,
  status words to codes); the ratio's denominator;
- ``bare``: python-calamine read -> ``executemany`` of the raw cells into a bare table (the
  issue's first baseline), shown for comparison;
- ``cli``: ``python -m ykt_desktop import-roster`` as a whole process;
- ``job``: the UI's jobs in one process: the dialog's read and preview, 检查 (check_file) and
  导入 (import_file with the kept check), as ``ui.common.workers.run_job`` drives them;
- ``oneshot``: ``import_file`` alone (read, check and write in one job).

Results: printed, and bench/out/import.json (seconds, ratio to the baseline of the same run,
peak RSS, load average before and after). Timed targets: ratio <= 1.3, peak <= 1.2 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, migrated_copy, report
from roster_xlsx import roster_rows, write_xlsx

TARGET_RATIO, TARGET_MB = 1.3, 1200
CASES = ("baseline", "bare", "cli", "job", "oneshot")
STATUS = {"成功": "paid", "失败": "failed", "退票": "refunded"}


PHASES: dict[str, float] = {}     # first progress message of each kind, seconds from start


def child(case: str, xlsx: Path, db: Path) -> dict:
    """One case, timed inside the process (printed as JSON on the last line)."""
    started = PHASES["start"] = time.perf_counter()
    rows = {"baseline": _baseline, "bare": _bare, "job": _job, "oneshot": _oneshot}[case](
        xlsx, db)
    phases = {k: round(v - started, 1) for k, v in PHASES.items() if k != "start"}
    return {"seconds": time.perf_counter() - started, "rows": rows, "phases": phases}


def _phase(step) -> None:
    key = re.sub(r"[\d,]+", "N", step.message)[:12]
    PHASES.setdefault(key, time.perf_counter())


def _sheet_rows(xlsx: Path):
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(xlsx))
    sheet = book.get_sheet_by_name(book.sheet_names[0])
    return (r for i, r in enumerate(sheet.iter_rows()) if i >= 3)


def _baseline(xlsx: Path, db: Path) -> int:
    conn = sqlite3.connect(str(db))
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                "AND tbl_name = 'payments'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    people = dict(conn.execute("SELECT id_number, id FROM persons"))
    items = dict(conn.execute("SELECT name, id FROM subsidy_items"))
    before = conn.execute("SELECT count(*) FROM payments").fetchone()[0]
    with conn:
        conn.executemany(
            "INSERT INTO payments (person_id, item_id, period, amount_paid, paid_date, "
            "card_number, bank, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            ((people.get(r[0]), items[r[2]], r[3], float(r[4]), r[5], r[6], r[7], STATUS[r[8]])
             for r in _sheet_rows(xlsx)))
    return conn.execute("SELECT count(*) FROM payments").fetchone()[0] - before


def _bare(xlsx: Path, db: Path) -> int:
    conn = sqlite3.connect(str(db))
    conn.execute("CREATE TABLE bench_rows (a, b, c, d, e, f, g, h, i)")
    with conn:
        conn.executemany("INSERT INTO bench_rows VALUES (?,?,?,?,?,?,?,?,?)", _sheet_rows(xlsx))
    return conn.execute("SELECT count(*) FROM bench_rows").fetchone()[0]


def _job(xlsx: Path, db_file: Path) -> int:
    from ykt_desktop.imports.run import check_file, import_file
    from ykt_desktop.intake.list_file import open_list
    from ykt_desktop.progress import run
    from ykt_desktop.storage import open_db

    db = open_db(db_file, backup=False)
    opened = open_list(db, "roster", xlsx)      # the dialog's preview (on the GUI thread)
    PHASES["read"] = time.perf_counter()
    checked = run(check_file(db, "roster", xlsx, opened.preview.mapping, opened=opened), _phase)
    PHASES["checked"] = time.perf_counter()
    result = run(import_file(db, "roster", xlsx, opened.preview.mapping, checked=checked),
                 _phase)
    return result.rows


def _oneshot(xlsx: Path, db_file: Path) -> int:
    from ykt_desktop.imports.run import import_file
    from ykt_desktop.progress import run
    from ykt_desktop.storage import open_db

    return run(import_file(open_db(db_file, backup=False), "roster", xlsx), _phase).rows


def measure(case: str, xlsx: Path, source: Path, work: Path) -> dict:
    """``case`` in its own process on a fresh copy of ``source``: wall, peak RSS, load."""
    folder = work / f"run-{case}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    db = folder / "county.db"
    shutil.copyfile(source, db)
    if case == "cli":
        cmd = [sys.executable, "-m", "ykt_desktop", "import-roster", str(xlsx), "--db", str(db)]
    else:
        cmd = [sys.executable, __file__, "--child", case, "--xlsx", str(xlsx), "--db", str(db)]
    load = os.getloadavg()[0]
    proc = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True,
                          cwd=ROOT)
    row = {"case": case, "exit": proc.returncode, **_time_v(proc.stderr),
           "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2)}
    if case != "cli" and proc.returncode == 0:
        inner = json.loads(proc.stdout.strip().splitlines()[-1])
        row.update(rows=inner["rows"], seconds=round(inner["seconds"], 2))
        if inner["phases"]:
            print(case, inner["phases"])
    elif proc.returncode == 0:
        row["rows"] = int(re.search(r"已导入发放名册([\d,]+)行", proc.stdout)[1].replace(",", ""))
        row["seconds"] = row["wall_s"]
    else:
        print(proc.stdout[-2000:], proc.stderr[-3000:], file=sys.stderr)
    shutil.rmtree(folder, ignore_errors=True)
    return row


def _time_v(err: str) -> dict:
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", err)
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1)) / 1024
    cpu = sum(float(re.search(rf"{kind} time \(seconds\): ([\d.]+)", err).group(1))
              for kind in ("User", "System"))    # does not depend on the machine's load
    return {"wall_s": round(seconds, 2), "cpu_s": round(cpu, 2), "peak_mb": round(peak)}


def make_roster(db: Path, rows: int, work: Path) -> Path:
    xlsx = work / f"roster_{rows}.xlsx"
    if not xlsx.exists():
        started = time.perf_counter()
        temp = xlsx.with_suffix(".tmp")
        n = write_xlsx(temp, roster_rows(db, rows), "2026年惠民惠农补贴发放名册")
        temp.rename(xlsx)
        print(f"wrote {xlsx} ({n:,} rows, {xlsx.stat().st_size / 1e6:.0f} MB) "
              f"in {time.perf_counter() - started:.1f}s")
    return xlsx


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/var/tmp/ykt-intake/county.db")
    parser.add_argument("--json", help="write the results there (default bench/out/import.json)")
    parser.add_argument("--quick", action="store_true", help="2,000 rows of a small demo")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--work", default="/var/tmp/ykt-intake")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--child", choices=CASES)
    parser.add_argument("--xlsx")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, Path(args.xlsx), Path(args.db))))
        return 0
    if args.quick:
        from common import quick_demo

        args.work = tempfile.mkdtemp(prefix="ykt-bench-import-quick-")
        args.rows = 2000
        if not Path(args.db).exists():
            args.db = str(quick_demo(Path(args.work)))
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    source = migrated_copy(Path(args.db), work / "migrated")   # every case starts from it
    xlsx = make_roster(source, args.rows, work)
    rows = [measure(case, xlsx, source, work) for _ in range(args.runs)
            for case in args.cases.split(",")]
    return judge(rows, args.json)


def judge(rows: list[dict], path: str | None = None) -> int:
    """Ratio of each case to the baseline of the same run and whether the targets are met
    (reported, not asserted); exit 1 when a case failed or imported another row count."""
    failed = False
    per_run = len([r for r in rows if r["case"] == "baseline"]) or 1
    size = len(rows) // per_run
    for start in range(0, len(rows), size):
        run_rows = rows[start:start + size]
        base = next((r for r in run_rows if r["case"] == "baseline"), None)
        for row in run_rows:
            if base and row.get("seconds") and base.get("seconds"):
                row["ratio"] = round(row["seconds"] / base["seconds"], 2)
            if row["case"] in ("cli", "job", "oneshot"):
                row["target_met"] = row["exit"] == 0 and row.get("ratio", 99) <= TARGET_RATIO \
                    and row["peak_mb"] <= TARGET_MB
            wrong = base is not None and row["case"] != "bare" and \
                row.get("rows") != base.get("rows")
            failed = failed or row["exit"] != 0 or wrong
    for row in rows:
        row.setdefault("ratio", None)
        row.setdefault("target_met", None)
    report("import", rows, path)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    raise SystemExit(main())
