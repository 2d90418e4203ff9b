"""Time the demo county generator at county scale against a plain executemany of the same rows.

    python bench/bench_demo.py [--villages 300] [--households-per-village 1000] [--db PATH]

The generator builds the county (Python work + inserts + index build in one transaction). The
baseline inserts exactly the rows the generator wrote, with stdlib ``sqlite3.executemany`` into a
fresh database of the same schema in one transaction, indexes built after, in the same process.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import report, timed, timer  # noqa: E402
from ykt_desktop.demo import writer  # noqa: E402
from ykt_desktop.demo.generator import DemoParams, generate_demo  # noqa: E402
from ykt_desktop.progress import run  # noqa: E402
from ykt_desktop.storage import connect, open_db  # noqa: E402

TABLES = ("households", "persons", "members", "cards", "payments", "statements", "cadre_list",
          "death_list", "verifications")


def build(path: Path, params: DemoParams) -> tuple[float, dict[str, int]]:
    for suffix in ("", "-wal", "-shm", ".truth.json"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    db = open_db(path)
    seconds, result = timed(lambda: run(generate_demo(db, params)))
    db.close()
    return seconds, result.counts


def baseline(source: Path, target: Path) -> tuple[float, int]:
    """executemany of the same rows into an empty copy of the schema; indexes after."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    open_db(target).close()  # same schema, same migrations
    src = sqlite3.connect(str(source))
    dst = connect(target)
    for (name,) in dst.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                               "AND name LIKE 'audit_%' AND tbl_name != 'audit_log'").fetchall():
        dst.execute(f"DROP TRIGGER {name}")  # plain tables: no per-row audit in the baseline
    times: dict[str, float] = {}
    dst.execute("BEGIN")
    for table in ("regions", "subsidy_items"):  # reference data, not timed
        dst.execute(f"DELETE FROM {table}")
        rows_ref = src.execute(f"SELECT * FROM {table}").fetchall()
        marks = ",".join("?" * len(rows_ref[0]))
        dst.executemany(f"INSERT INTO {table} VALUES ({marks})", rows_ref)
    index_sql = [r[0] for r in dst.execute(
        "SELECT sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL AND tbl_name IN "
        f"({','.join('?' * len(writer.BULK_TABLES))})", writer.BULK_TABLES)]
    with timer(times, "insert"):
        for name in [r[0] for r in dst.execute(
                "SELECT name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({','.join('?' * len(writer.BULK_TABLES))})",
                writer.BULK_TABLES)]:
            dst.execute(f"DROP INDEX {name}")
    rows = 0
    for table in TABLES:
        cur = src.execute(f"SELECT * FROM {table}")
        marks = ",".join("?" * len(cur.description))
        while chunk := cur.fetchmany(50_000):
            with timer(times, "insert"):
                dst.executemany(f"INSERT INTO {table} VALUES ({marks})", chunk)
            rows += len(chunk)
    with timer(times, "insert"):
        for sql in index_sql:
            dst.execute(sql)
        dst.execute("COMMIT")
    dst.close()
    src.close()
    return times["insert"], rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--villages", type=int, default=300)
    parser.add_argument("--households-per-village", type=int, default=1000)
    parser.add_argument("--db", default=None, help="where to build (default: a temp folder)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ykt-bench-"))
    path = Path(args.db) if args.db else folder / "county.db"
    params = DemoParams(villages=args.villages, households_per_village=args.households_per_village)
    gen_seconds, counts = build(path, params)
    total = sum(counts[t] for t in TABLES)
    base_seconds, base_rows = baseline(path, folder / "baseline.db")
    assert base_rows == total, (base_rows, total)
    report("demo_generator", [
        {"what": "demo generator", "rows": total, "seconds": gen_seconds,
         "rows_per_s": total / gen_seconds, "ratio_vs_baseline": gen_seconds / base_seconds},
        {"what": "executemany baseline", "rows": base_rows, "seconds": base_seconds,
         "rows_per_s": base_rows / base_seconds, "ratio_vs_baseline": 1.0},
    ])
    print(f"persons {counts['persons']:,}, households {counts['households']:,}, "
          f"payments {counts['payments']:,}; database {path}")


if __name__ == "__main__":
    main()
