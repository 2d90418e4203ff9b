"""Submissions at county scale: township packages verified and imported into the county.

    python bench/bench_exchange.py [--source /tmp/big.db] [--townships 20] [--town-villages 30]
                                   [--work DIR]

Copies the county demo (the source stays untouched), enrols every township under a new county
root, writes each township's signed package from the copy (as the township would send it), then
imports them into an empty county database: the first township alone (verify: signature,
chain, manifest hashes; preview; apply in one transaction), then the other townships as one
batch (``import-package A B C``: every file verified, then applied together in one transaction).

A township of ``--town-villages`` villages (about 100,000 persons for 30) is generated as its own
demo, packaged and imported twice: into an empty county, and into the full county as a newer
submission of 城关镇 that replaces everything the county held of it.

Two baselines of the same rows in the same run (SELECT * of each township's rows, ids unchanged,
one transaction per township, stdlib ``executemany``):
* same schema: our tables with their indexes and CHECK constraints (foreign keys off, as the
  sqlite3 default; audit triggers dropped, since plain inserts write no audit entries);
* bare tables: the same columns without any constraint or index.
Seconds are wall-clock; ``cpu_s`` is this process's CPU time (the machine is shared: the load
average is printed with the results). ``--work DIR`` keeps the packages for another run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import sqlite_utils

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import add_convention, quick_or_given, report  # noqa: E402
from ykt_desktop.demo.generator import DemoParams, generate_demo  # noqa: E402
from ykt_desktop.exchange.batch import import_batch  # noqa: E402
from ykt_desktop.exchange.chain_demo import enrol_pair  # noqa: E402
from ykt_desktop.exchange.importer import import_package  # noqa: E402
from ykt_desktop.exchange.writer import write_package  # noqa: E402
from ykt_desktop.pki import enrol  # noqa: E402
from ykt_desktop.progress import run  # noqa: E402
from ykt_desktop.regions import code_prefix, regions_at  # noqa: E402
from ykt_desktop.storage import connect, open_db  # noqa: E402
from ykt_desktop.unit import require_unit  # noqa: E402
from ykt_desktop.unit_keys import ensure_unit_key  # noqa: E402
from ykt_desktop.unit_setup import init_unit

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


class Clock:
    """Wall and CPU seconds of a block."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def row(case: str, persons: int, rows: int, clock: Clock) -> dict:
    return {"case": case, "persons": persons, "rows": rows, "seconds": clock.wall,
            "cpu_s": clock.cpu, "rows_per_s": rows / clock.wall if clock.wall else 0.0}


def remove(target: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    return target


def fresh_copy(template: Path, target: Path) -> Path:
    shutil.copyfile(template, remove(target))
    return target


def baseline_target(work: Path, bare: bool) -> sqlite3.Connection:
    """An empty database of our schema (``bare``: the same columns, no constraints)."""
    schema = work / "baseline-schema.db"
    if not schema.exists():
        open_db(schema, backup=False).close()
    if not bare:
        dst = connect(fresh_copy(schema, work / "baseline.db"))
        dst.execute("PRAGMA foreign_keys = OFF")
        for (name,) in dst.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"
                                   ).fetchall():
            dst.execute(f"DROP TRIGGER {name}")   # plain inserts: no audit entries
        return dst
    dst = connect(remove(work / "baseline-bare.db"))
    dst.execute("ATTACH DATABASE ? AS s", [str(schema)])
    for table in BASE_TABLES:
        dst.execute(f"CREATE TABLE main.{table} AS SELECT * FROM s.{table} WHERE 0")
    dst.commit()
    dst.execute("DETACH DATABASE s")
    return dst


def baseline(source: Path, codes: list[str], work: Path, *, bare: bool) -> tuple[Clock, int]:
    """executemany of the same rows into an empty database (no remapping, no checks)."""
    dst = baseline_target(work, bare)
    src = sqlite3.connect(str(source))
    total, rows_total = Clock(), 0
    total.wall = total.cpu = 0.0
    verb = "INSERT" if bare else "INSERT OR IGNORE"
    for code in codes:
        batches = {t: src.execute(sql, {"p": code_prefix(code) + "%"}).fetchall()
                   for t, sql in BASE_TABLES.items()}
        with Clock() as clock:
            dst.execute("BEGIN")
            for table, rows in batches.items():
                if rows:
                    marks = ",".join("?" * len(rows[0]))
                    dst.executemany(f"{verb} INTO {table} VALUES ({marks})", rows)
                    rows_total += len(rows)
            dst.execute("COMMIT")
        total.wall += clock.wall
        total.cpu += clock.cpu
    src.close()
    dst.close()
    return total, rows_total


def new_county(work: Path, code: str, name: str) -> sqlite_utils.Database:
    county = open_db(work / "county.db")
    init_unit(county, level="county", code=code, name=name)
    enrol.init_root(county)
    return county


def package_of(source, county, work: Path, town) -> Path:
    """Enrol the township ``town`` with the county and write its signed package."""
    tdb = open_db(remove(work / f"{town.code}.db"))
    init_unit(tdb, level="township", code=town.code, name=town.name)
    enrol_pair(county, tdb)
    out = work / f"{town.code}.ykt"
    info = {"code": town.code, "level": "township", "name": town.name}
    run(write_package(source, out, scope_code=town.code, key=ensure_unit_key(tdb),
                      period="2025-12", unit=info))
    tdb.close()
    return out


def make_packages(source_path: Path, work: Path, townships: int) -> tuple[Path, list[Path]]:
    """The county template (root, enrolled townships) and one package per township; reused
    when ``work`` already holds them."""
    done = sorted(work.glob("4*.ykt"))
    if (work / "county.db").exists() and len(done) >= townships:
        return work / "county.db", done[:townships]
    source = open_db(source_path, backup=False)
    unit = require_unit(source)
    county = new_county(work, unit.code, unit.name)
    with Clock() as clock:
        packages = [package_of(source, county, work, town)
                    for town in regions_at(source, "township")[:townships]]
    print(f"exported {len(packages)} packages in {clock.wall:.1f} s", flush=True)
    county.close()
    source.close()
    return work / "county.db", packages


def import_county(template: Path, packages: list[Path], work: Path) -> tuple[list[dict], Path]:
    county_path = fresh_copy(template, work / "county-run.db")
    county = open_db(county_path, backup=False)
    with Clock() as first_clock:
        first = run(import_package(county, packages[0]))
    first_rows = sum(first.counts.values())
    print(f"{packages[0].name}: {first_clock.wall:.2f} s, {first_rows:,} rows", flush=True)
    with Clock() as batch_clock:
        results = run(import_batch(county, packages[1:]))
    refused = [r for r in results if isinstance(r, Exception)]
    assert not refused, refused
    batch_rows = sum(sum(r.counts.values()) for r in results)
    print(f"batch of {len(packages) - 1}: {batch_clock.wall:.2f} s, {batch_rows:,} rows",
          flush=True)
    persons = county.execute("SELECT count(*) FROM persons").fetchone()[0]
    county.close()
    both = Clock()
    both.wall, both.cpu = first_clock.wall + batch_clock.wall, first_clock.cpu + batch_clock.cpu
    return [row("one township (verify+preview+import)", first.counts["persons"], first_rows,
                first_clock),
            row(f"other {len(packages) - 1} townships, one batch", 0, batch_rows, batch_clock),
            row(f"county: {len(packages)} townships in all", persons, first_rows + batch_rows,
                both)], county_path


def township_package(work: Path, villages: int, county_template: Path) -> tuple[Path, Path]:
    """A generated township of ``villages`` villages, enrolled under the county's root."""
    folder = work / f"town{villages}"
    folder.mkdir(exist_ok=True)
    source_path = folder / "demo.db"
    if not source_path.exists():
        demo = open_db(source_path)
        run(generate_demo(demo, DemoParams(villages=villages, households_per_village=1000,
                                           townships=1, seed=11)))
        demo.close()
    template = fresh_copy(county_template, folder / "county.db")
    source = open_db(source_path, backup=False)
    county = open_db(template)
    town = regions_at(source, "township")[0]
    package = package_of(source, county, folder, town)
    county.close()
    source.close()
    return template, package


def import_township(work: Path, villages: int, template: Path, full_county: Path) -> list[dict]:
    county_template, package = township_package(work, villages, template)
    rows = []
    for label, target in (("into an empty county", county_template),
                          ("replacing 城关镇 in the full county", full_county)):
        db = open_db(target, backup=False)
        with Clock() as clock:
            result = run(import_package(db, package, backup=False))   # backup: not counted
        db.close()
        n = sum(result.counts.values())
        rows.append(row(f"township of {villages} villages {label}", result.counts["persons"], n,
                        clock))
        print(f"{rows[-1]['case']}: {clock.wall:.2f} s, {n:,} rows", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    add_convention(parser)
    parser.add_argument("--source", help=argparse.SUPPRESS)     # the old name of --db
    parser.add_argument("--townships", type=int, default=20)
    parser.add_argument("--town-villages", type=int, default=30, help="0: skip that case")
    parser.add_argument("--work", help="keep packages here (and reuse them next time)")
    args = parser.parse_args()
    args.db = args.source or args.db
    if args.quick:          # two townships of a small demo, a township of 2 villages
        args.townships, args.town_villages, args.work = 2, 1, None
    work = Path(args.work or tempfile.mkdtemp(prefix="bench-exchange-"))
    work.mkdir(parents=True, exist_ok=True)
    copy = work / "source.db"
    if not copy.exists():
        shutil.copyfile(quick_or_given(args), copy)
    load = os.getloadavg()[0]
    template, packages = make_packages(copy, work, args.townships)
    rows, full_county = import_county(template, packages, work)
    if args.town_villages:
        rows += import_township(work, args.town_villages, template, full_county)
    ours = rows[2]
    codes = [p.stem for p in packages]
    for bare, label in ((False, "same schema"), (True, "bare tables")):
        clock, n = baseline(copy, codes, work, bare=bare)
        rows.append(row(f"baseline executemany, {label}", ours["persons"], n, clock))
        rows.append({"case": f"ratio county / baseline {label}", "persons": 0, "rows": 0,
                     "seconds": ours["seconds"] / clock.wall, "cpu_s": ours["cpu_s"] / clock.cpu,
                     "rows_per_s": 0.0})
    rows.append({"case": "load average (1 min) start / end", "persons": 0, "rows": 0,
                 "seconds": load, "cpu_s": os.getloadavg()[0], "rows_per_s": 0.0})
    report("exchange", rows, args.json)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
