"""Submissions at county scale: township packages verified and imported into the county.

    python bench/bench_exchange.py [--source /tmp/big.db] [--townships 20]

Copies the county demo (/tmp/big.db stays untouched), enrols every township under a new county
root, writes each township's signed package from the copy (as the township would send it), then
imports them into an empty county database: the first township alone (verify: signature,
chain, manifest hashes; preview; apply in one transaction), then the other townships as one
batch (``import-package A B C``: every file verified, then applied together in one transaction,
indexes the apply step does not use rebuilt once at the end).
The baseline is a plain stdlib ``executemany`` of the same rows (SELECT * of the township's
rows, ids unchanged) into an empty database of the same schema, in the same run.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import report, timed  # noqa: E402
from ykt_desktop.exchange.batch import import_batch  # noqa: E402
from ykt_desktop.exchange.chain_demo import enrol_pair  # noqa: E402
from ykt_desktop.exchange.importer import import_package  # noqa: E402
from ykt_desktop.exchange.writer import write_package  # noqa: E402
from ykt_desktop.pki import enrol  # noqa: E402
from ykt_desktop.progress import run  # noqa: E402
from ykt_desktop.regions import code_prefix, regions_at  # noqa: E402
from ykt_desktop.storage import connect, open_db  # noqa: E402
from ykt_desktop.unit import init_unit, require_unit  # noqa: E402
from ykt_desktop.unit_keys import ensure_unit_key  # noqa: E402

BASE_TABLES = {
    "persons": "SELECT DISTINCT p.* FROM persons p JOIN members m ON m.person_id = p.id "
               "JOIN households h ON h.id = m.household_id WHERE h.village_code LIKE :p",
    "households": "SELECT * FROM households WHERE village_code LIKE :p",
    "members": "SELECT m.* FROM members m JOIN households h ON h.id = m.household_id "
               "WHERE h.village_code LIKE :p",
    "cards": "SELECT DISTINCT c.* FROM cards c JOIN members m ON m.person_id = c.person_id "
             "JOIN households h ON h.id = m.household_id WHERE h.village_code LIKE :p",
    "payments": "SELECT * FROM payments WHERE village_code LIKE :p",
    "statements": "SELECT s.* FROM statements s JOIN households h ON h.id = s.household_id "
                  "WHERE h.village_code LIKE :p",
    "verifications": "SELECT v.* FROM verifications v JOIN households h ON h.id = v.household_id "
                     "WHERE h.village_code LIKE :p",
}


def baseline(source: Path, codes: list[str], work: Path) -> tuple[float, int]:
    """executemany of the same rows into an empty schema (no remapping, no checks)."""
    target = work / "baseline.db"
    open_db(target, backup=False).close()  # same schema, same migrations
    dst = connect(target)
    dst.execute("PRAGMA foreign_keys = OFF")
    for (name,) in dst.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        dst.execute(f"DROP TRIGGER {name}")     # plain inserts: no audit entries
    src = sqlite3.connect(str(source))
    rows_total, seconds = 0, 0.0
    for code in codes:
        batches = {}
        for table, sql in BASE_TABLES.items():
            batches[table] = src.execute(sql, {"p": code_prefix(code) + "%"}).fetchall()

        def insert(batches=batches) -> int:
            n = 0
            dst.execute("BEGIN")
            for table, rows in batches.items():
                if rows:
                    marks = ",".join("?" * len(rows[0]))
                    dst.executemany(f"INSERT OR IGNORE INTO {table} VALUES ({marks})", rows)
                    n += len(rows)
            dst.execute("COMMIT")
            return n

        took, n = timed(insert)
        seconds += took
        rows_total += n
    src.close()
    dst.close()
    return seconds, rows_total


def make_packages(source_path: Path, work: Path, townships: int) -> tuple[Path, list, list]:
    source = open_db(source_path, backup=False)
    unit = require_unit(source)
    county_path = work / "county.db"
    county = open_db(county_path)
    init_unit(county, level="county", code=unit.code, name=unit.name)
    enrol.init_root(county)
    packages, export_times = [], []
    for town in regions_at(source, "township")[:townships]:
        tdb = open_db(work / f"{town.code}.db")
        init_unit(tdb, level="township", code=town.code, name=town.name)
        enrol_pair(county, tdb)
        out = work / f"{town.code}.ykt"
        info = {"code": town.code, "level": "township", "name": town.name}
        took, _ = timed(lambda tdb=tdb, out=out, info=info, town=town: run(write_package(
            source, out, scope_code=town.code, key=ensure_unit_key(tdb), period="2025-12",
            unit=info)))
        export_times.append(took)
        packages.append(out)
        tdb.close()
    county.close()
    source.close()
    return county_path, packages, export_times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", default="/tmp/big.db")
    parser.add_argument("--townships", type=int, default=20)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-exchange-"))
    copy = work / "source.db"
    shutil.copyfile(args.source, copy)
    county_path, packages, export_times = make_packages(copy, work, args.townships)
    county = open_db(county_path)
    print(f"exported {len(packages)} packages in {sum(export_times):.1f} s", flush=True)
    took, first = timed(lambda: run(import_package(county, packages[0])))
    first_rows = sum(first.counts.values())
    print(f"{packages[0].name}: {took:.2f} s, {first_rows:,} rows", flush=True)
    batch_seconds, results = timed(lambda: run(import_batch(county, packages[1:])))
    refused = [r for r in results if isinstance(r, Exception)]
    assert not refused, refused
    batch_rows = sum(sum(r.counts.values()) for r in results)
    print(f"batch of {len(packages) - 1}: {batch_seconds:.2f} s, {batch_rows:,} rows", flush=True)
    persons = county.execute("SELECT count(*) FROM persons").fetchone()[0]
    county.close()
    codes = [p.stem for p in packages]
    base_seconds, base_rows = baseline(copy, codes, work)
    total_rows = first_rows + batch_rows
    ours = took + batch_seconds
    rows = [
        {"case": "one township (verify+preview+import)", "persons": first.counts["persons"],
         "rows": first_rows, "seconds": took, "rows_per_s": first_rows / took},
        {"case": f"other {len(packages) - 1} townships, one batch", "persons": 0,
         "rows": batch_rows, "seconds": batch_seconds, "rows_per_s": batch_rows / batch_seconds},
        {"case": f"county: {len(packages)} townships in all", "persons": persons,
         "rows": total_rows, "seconds": ours, "rows_per_s": total_rows / ours},
        {"case": "baseline executemany (same rows)", "persons": persons, "rows": base_rows,
         "seconds": base_seconds, "rows_per_s": base_rows / base_seconds},
        {"case": "ratio ours / baseline", "persons": 0, "rows": 0,
         "seconds": ours / base_seconds, "rows_per_s": 0.0},
        {"case": "export (write + sign) all packages", "persons": persons, "rows": 0,
         "seconds": sum(export_times), "rows_per_s": 0.0},
    ]
    report("exchange", rows)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
