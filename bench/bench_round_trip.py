"""A whole county's round trip, simulated (issue 15, item 6).

    python bench/bench_round_trip.py [--db /tmp/big.db] [--work DIR] [--json OUT] [--quick]

From the county demo (copied first; the source is never written): one database per village
(300 at county scale) sliced from the demo and enrolled by its township, each township enrolled
by the county root (:func:`ykt_desktop.exchange.chain_demo.build_chain`). Then, with the
project's own functions (the ones the UI and the CLI call):

1. every village registers two issues (the ledger), edits two households (the 一户一表 form's
   load and save) and exports its signed package, encrypted to its township;
2. every township imports its villages' packages in one batch (each verified: signature,
   manifest hashes, the sender's audit chain), checks that its returns equal the sum of its
   villages' (aggregate-check, three templates) and exports its own package to the county;
3. the county imports all townships in one batch and checks the same sums over its townships.

Asserted: every package imported, no audit-chain warning at any level (every audit head
verified at the level above), aggregate-check equal at every level, and the county holding
exactly the villages' households, payments, amounts and issues. Every step's wall and CPU
seconds (CPU: the same whatever else the machine runs), the total and the load average go to
the JSON. The baseline of the same run is a plain ``sqlite3`` backup
of the source (every row read and written once): a measure of the machine's speed at the time.
``--quick`` runs the same on a 6-village demo built on the spot (a smoke test).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import sqlite_utils

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ykt_desktop.exchange.aggregate import check_sum_of_children  # noqa: E402
from ykt_desktop.exchange.batch import import_batch  # noqa: E402
from ykt_desktop.exchange.chain_demo import Chain, enrol_pair  # noqa: E402
from ykt_desktop.exchange.split import slice_unit  # noqa: E402
from ykt_desktop.exchange.writer import export_package  # noqa: E402
from ykt_desktop.households.load import load_household  # noqa: E402
from ykt_desktop.households.save import save_household  # noqa: E402
from ykt_desktop.households.validate import HouseholdError  # noqa: E402
from ykt_desktop.ledger.issues import NewIssue, create_issue, number_legacy_issues  # noqa: E402
from ykt_desktop.pki import enrol  # noqa: E402
from ykt_desktop.progress import run  # noqa: E402
from ykt_desktop.regions import regions_at  # noqa: E402
from ykt_desktop.returns.template import get_template  # noqa: E402
from ykt_desktop.storage import open_db  # noqa: E402
from ykt_desktop.unit import require_unit  # noqa: E402
from ykt_desktop.unit_setup import init_unit  # noqa: E402

PERIOD = "2025-12"
YEAR = "2025"
TEMPLATES = ("tongchuan_paicha_tongji", "tianmen_wenti_tongji", "tianmen_wenti_huizong")
TOTALS = ("SELECT count(*) FROM households", "SELECT count(*) FROM payments",
          "SELECT round(sum(amount_paid), 2) FROM payments", "SELECT count(*) FROM issues",
          "SELECT count(*) FROM issue_events")


class Steps:
    """Wall seconds and CPU seconds per named step (summed when a step repeats), with counts.
    CPU seconds do not depend on what else the machine runs; wall seconds do."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.counts: dict[str, int] = {}

    def add(self, name: str, seconds: float, cpu: float, runs: int = 1) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds
        self.cpu[name] = self.cpu.get(name, 0.0) + cpu
        self.counts[name] = self.counts.get(name, 0) + runs

    def time(self, name: str, fn: Callable[[], Any]) -> Any:
        seconds, cpu, value = measured(fn)
        self.add(name, seconds, cpu)
        return value

    def parallel(self, name: str, futures: list[Future]) -> list[Any]:
        """Wall seconds until every future (a :func:`measured` call) is done; the workers' own
        wall and CPU seconds are summed apart. Returns their values."""
        started = time.perf_counter()
        results = [f.result() for f in futures]
        self.add(name, time.perf_counter() - started, sum(r[1] for r in results), len(results))
        self.seconds[f"{name} (sum over workers)"] = sum(r[0] for r in results)
        return [r[2] for r in results]


def measured(fn: Callable[..., Any], *args: Any) -> tuple[float, float, Any]:
    """(wall seconds, CPU seconds of this process, value) of ``fn(*args)``."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn(*args)
    return time.perf_counter() - wall, time.process_time() - cpu, value


def copy_db(source: Path, target: Path) -> float:
    """sqlite3's online backup of ``source`` into ``target``; returns seconds."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    src, dst = sqlite3.connect(str(source)), sqlite3.connect(str(target))
    src.backup(dst)
    src.close()
    dst.close()
    return time.perf_counter() - started


def village_work(path: Path, code: str, out: Path) -> Path:
    """Two issues, two households edited and saved through the form, the package exported."""
    db = open_db(path, backup=False)
    try:
        category = db.execute("SELECT code FROM issue_categories ORDER BY sort LIMIT 1"
                              ).fetchone()[0]
        for n, hid in enumerate(edit_households(db, 2)):
            create_issue(db, NewIssue(category=category, description=f"入户发现问题{n + 1}",
                                      village_code=code, household_id=hid, amount=50.0 + n))
        run(export_package(db, out, period=PERIOD))
    finally:
        db.close()
    return out


def edit_households(db: sqlite_utils.Database, wanted: int) -> list[int]:
    """Correct the phone of the first ``wanted`` households whose form saves as it is (the
    demo injects bad IDs, which the form refuses until someone corrects them)."""
    done: list[int] = []
    for (hid,) in db.execute("SELECT id FROM households ORDER BY id LIMIT 50").fetchall():
        record = load_household(db, hid)
        record.phone = f"1390000{len(done):04d}"
        record.notes = "核查后更正联系电话"
        try:
            save_household(db, record, by_user="bench")
        except HouseholdError:
            continue
        done.append(hid)
        if len(done) == wanted:
            break
    return done


def import_all(path: Path, packages: list[Path]) -> list[str]:
    """Import ``packages`` in one batch; returns every refusal and audit-chain warning."""
    db = open_db(path, backup=False)
    try:
        results = run(import_batch(db, packages))
    finally:
        db.close()
    problems = []
    for package, result in zip(packages, results, strict=True):
        if isinstance(result, Exception) or result.outcome != "imported":
            problems.append(f"{package.name}: {result}")
        else:
            problems += [f"{package.name}: {w}" for w in result.warnings]
    return problems


def aggregate(path: Path) -> list[str]:
    """aggregate-check of every template: this unit's returns = the sum of the units below."""
    db = open_db(path, backup=False)
    try:
        return [f"{path.stem} {key}: {m.describe()}" for key in TEMPLATES
                for m in run(check_sum_of_children(db, get_template(key), YEAR))]
    finally:
        db.close()


def export_unit(path: Path, out: Path) -> Path:
    db = open_db(path, backup=False)
    try:
        run(export_package(db, out, period=PERIOD))
    finally:
        db.close()
    return out


def totals(path: Path) -> list[float]:
    db = open_db(path, backup=False)
    try:
        return [db.execute(sql).fetchone()[0] or 0 for sql in TOTALS]
    finally:
        db.close()


def make_units(source: Path, units: Path, townships: int) -> Chain:
    """The county (root) and its townships (enrolled), serially; villages come later."""
    db = open_db(source, backup=False)
    number_legacy_issues(db)    # what every slice would do first: once, before the workers
    unit = require_unit(db)
    chain = Chain(units / "county.db")
    county = open_db(chain.county)
    init_unit(county, level="county", code=unit.code, name=unit.name)
    enrol.init_root(county)
    towns = regions_at(db, "township")[:townships or None]
    for town in towns:
        path = units / f"{town.code}.db"
        tdb = open_db(path)
        init_unit(tdb, level="township", code=town.code, name=town.name)
        enrol_pair(county, tdb)
        tdb.close()
        chain.townships[town.code] = path
        for village in regions_at(db, "village", under=town.code):
            chain.villages[village.code] = units / f"{village.code}.db"
            chain.parent[village.code] = town.code
    county.close()
    db.close()
    return chain


def slice_township(source: Path, town: Path, villages: dict[str, Path]) -> None:
    """Worker: each village of one township sliced from the demo, enrolled by the township."""
    db, tdb = open_db(source, backup=False, migrate=False), open_db(town, backup=False)
    try:
        for code, path in villages.items():
            run(slice_unit(db, code, path))
            vdb = open_db(path, backup=False)
            enrol_pair(tdb, vdb)
            vdb.close()
    finally:
        db.close()
        tdb.close()


def villages_of_township(villages: dict[str, Path], out: Path) -> list[Path]:
    """Worker: step 1 for one township's villages (each village is its own PC)."""
    return [village_work(path, code, out / f"{code}.ykt") for code, path in villages.items()]


def township_work(path: Path, packages: list[Path], out: Path) -> dict:
    """Worker: step 2 for one township: import its villages, aggregate-check, export."""
    steps = Steps()
    problems = steps.time("townships: verify and import villages",
                          lambda: import_all(path, packages))
    print(f"  {path.stem} imported ({time.strftime('%H:%M:%S')})", flush=True)
    problems += steps.time("townships: aggregate-check", lambda: aggregate(path))
    package = steps.time("townships: export", lambda: export_unit(path, out))
    return {"steps": steps, "problems": problems, "package": package}


def by_township(chain: Chain) -> dict[str, dict[str, Path]]:
    groups: dict[str, dict[str, Path]] = {code: {} for code in chain.townships}
    for code, path in chain.villages.items():
        groups[chain.parent[code]][code] = path
    return groups


def county_in(chain: Chain, packages: list[Path], steps: Steps, problems: list[str]) -> None:
    """Step 3: the county imports every township and checks the sums and the totals."""
    problems += steps.time("county: verify and import townships",
                           lambda: import_all(chain.county, packages))
    problems += steps.time("county: aggregate-check", lambda: aggregate(chain.county))
    expected = [0.0] * len(TOTALS)
    for path in chain.villages.values():
        expected = [a + b for a, b in zip(expected, totals(path), strict=True)]
    got = totals(chain.county)
    for sql, want, have in zip(TOTALS, expected, got, strict=True):
        if abs(want - have) > 0.005:
            problems.append(f"county {sql}: {have} != villages {want}")


def source_db(args: argparse.Namespace, work: Path) -> Path:
    if not args.quick:
        return Path(args.db)
    from ykt_desktop.demo.generator import DemoParams, generate_demo

    path = work / "quick-demo.db"
    db = open_db(path)
    run(generate_demo(db, DemoParams(villages=6, households_per_village=20, townships=2)))
    db.close()
    return path


def round_trip(source: Path, work: Path, steps: Steps, townships: int, jobs: int
               ) -> tuple[Chain, list[str]]:
    copy, units, out = work / "source.db", work / "units", work / "packages"
    units.mkdir(exist_ok=True)
    out.mkdir(exist_ok=True)
    steps.time("copy the county demo", lambda: copy_db(source, copy))
    chain = steps.time("county root, townships enrolled", lambda: make_units(copy, units,
                                                                            townships))
    groups = by_township(chain)
    print(f"  {len(chain.villages)} villages, {len(chain.townships)} townships", flush=True)
    problems: list[str] = []
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        steps.parallel("villages sliced from the demo, enrolled", [pool.submit(
            measured, slice_township, copy, chain.townships[t], groups[t]) for t in groups])
        print(f"  villages sliced ({time.strftime('%H:%M:%S')})", flush=True)
        sent = steps.parallel("villages: issues, edits, export", [pool.submit(
            measured, villages_of_township, groups[t], out) for t in groups])
        print(f"  villages exported ({time.strftime('%H:%M:%S')})", flush=True)
        towns = steps.parallel("townships: import, aggregate-check, export", [pool.submit(
            measured, township_work, chain.townships[t], packages, out / f"{t}.ykt")
            for t, packages in zip(groups, sent, strict=True)])
    for town in towns:
        problems += town["problems"]
        for name, seconds in town["steps"].seconds.items():
            steps.add(name, seconds, town["steps"].cpu[name])
    county_in(chain, [t["package"] for t in towns], steps, problems)
    return chain, problems


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/big.db", help="the county demo database")
    parser.add_argument("--work", help="folder for the unit databases (default: a temp folder)")
    parser.add_argument("--json", default=str(Path(__file__).parent / "out" / "round_trip.json"))
    parser.add_argument("--quick", action="store_true", help="a 6-village demo (smoke test)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2,
                        help="worker processes (units work side by side, as on their own PCs)")
    parser.add_argument("--townships", type=int, default=0,
                        help="only the first N townships (a partial run, for profiling)")
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="ykt-round-trip-"))
    work.mkdir(parents=True, exist_ok=True)
    load_start, started = os.getloadavg(), time.perf_counter()
    steps = Steps()
    source = source_db(args, work)
    baseline = copy_db(source, work / "baseline-copy.db")
    (work / "baseline-copy.db").unlink()
    chain, problems = round_trip(source, work, steps, args.townships, args.jobs)
    total = time.perf_counter() - started
    used = os.times()       # this process and its finished workers (the pool has shut down)
    result = {"bench": "round_trip", "quick": args.quick, "villages": len(chain.villages),
              "townships": len(chain.townships), "total_s": round(total, 1),
              "cpu_s": round(used.user + used.system + used.children_user
                             + used.children_system, 1),
              "steps": {k: {"seconds": round(v, 2), "runs": steps.counts.get(k, 0)}
                        | ({"cpu_s": round(steps.cpu[k], 2)} if k in steps.cpu else {})
                        for k, v in steps.seconds.items()},
              "baseline": {"what": "sqlite3 backup of the county demo", "seconds":
                           round(baseline, 2)},
              "ratio": round(total / baseline, 1), "target_s": 1800,
              "load_avg_start": load_start, "load_avg_end": os.getloadavg(),
              "problems": problems[:50], "ok": not problems}
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
