"""A whole county's round trip, simulated (issue 15, item 6).

    python bench/bench_round_trip.py [--source /tmp/big.db] [--work DIR] [--json OUT] [--quick]

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
exactly the villages' households, payments, amounts and issues. Every step's time, the total
and the load average go to the JSON. The baseline of the same run is a plain ``sqlite3`` backup
of the source (every row read and written once): a measure of the machine's speed at the time.
``--quick`` runs the same on a 6-village demo built on the spot (a smoke test).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlite_utils

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ykt_desktop.exchange.aggregate import check_sum_of_children  # noqa: E402
from ykt_desktop.exchange.batch import import_batch  # noqa: E402
from ykt_desktop.exchange.chain_demo import Chain, build_chain  # noqa: E402
from ykt_desktop.exchange.writer import export_package  # noqa: E402
from ykt_desktop.households.load import load_household  # noqa: E402
from ykt_desktop.households.save import save_household  # noqa: E402
from ykt_desktop.households.validate import HouseholdError  # noqa: E402
from ykt_desktop.ledger import NewIssue, create_issue  # noqa: E402
from ykt_desktop.progress import run  # noqa: E402
from ykt_desktop.returns.template import get_template  # noqa: E402
from ykt_desktop.storage import open_db  # noqa: E402

PERIOD = "2025-12"
YEAR = "2025"
TEMPLATES = ("tongchuan_paicha_tongji", "tianmen_wenti_tongji", "tianmen_wenti_huizong")
TOTALS = ("SELECT count(*) FROM households", "SELECT count(*) FROM payments",
          "SELECT round(sum(amount_paid), 2) FROM payments", "SELECT count(*) FROM issues",
          "SELECT count(*) FROM issue_events")


class Steps:
    """Wall seconds per named step (summed when a step repeats), with counts."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.counts: dict[str, int] = {}

    def time(self, name: str, fn: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        value = fn()
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
        self.counts[name] = self.counts.get(name, 0) + 1
        return value


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


def villages_up(chain: Chain, out: Path, steps: Steps) -> dict[str, list[Path]]:
    """Step 1: every village's work and package, grouped by township."""
    by_town: dict[str, list[Path]] = {}
    for n, (code, path) in enumerate(chain.villages.items()):
        package = steps.time("villages: issues, edits, export", lambda c=code, p=path:
                             village_work(p, c, out / f"{c}.ykt"))
        by_town.setdefault(chain.parent[code], []).append(package)
        if n % 50 == 49:
            print(f"  {n + 1} villages exported", flush=True)
    return by_town


def townships_up(chain: Chain, by_town: dict[str, list[Path]], out: Path, steps: Steps,
                 problems: list[str]) -> list[Path]:
    """Step 2: every township imports, checks its sums and exports."""
    packages = []
    for code, path in chain.townships.items():
        problems += steps.time("townships: verify and import villages",
                               lambda p=path, c=code: import_all(p, by_town[c]))
        problems += steps.time("townships: aggregate-check", lambda p=path: aggregate(p))
        packages.append(steps.time("townships: export", lambda p=path, c=code:
                                   export_unit(p, out / f"{c}.ykt")))
    return packages


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
        return Path(args.source)
    from ykt_desktop.demo.generator import DemoParams, generate_demo

    path = work / "quick-demo.db"
    db = open_db(path)
    run(generate_demo(db, DemoParams(villages=6, households_per_village=20, townships=2)))
    db.close()
    return path


def round_trip(source: Path, work: Path, steps: Steps) -> tuple[Chain, list[str]]:
    copy = work / "source.db"
    steps.time("copy the county demo", lambda: copy_db(source, copy))
    db = open_db(copy, backup=False)
    chain = steps.time("slice villages, enrol units", lambda: run(build_chain(db, work / "units")))
    db.close()
    print(f"  {len(chain.villages)} villages, {len(chain.townships)} townships", flush=True)
    out = work / "packages"
    out.mkdir(exist_ok=True)
    problems: list[str] = []
    by_town = villages_up(chain, out, steps)
    town_packages = townships_up(chain, by_town, out, steps, problems)
    county_in(chain, town_packages, steps, problems)
    return chain, problems


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", default="/tmp/big.db", help="the county demo database")
    parser.add_argument("--work", help="folder for the unit databases (default: a temp folder)")
    parser.add_argument("--json", default=str(Path(__file__).parent / "out" / "round_trip.json"))
    parser.add_argument("--quick", action="store_true", help="a 6-village demo (smoke test)")
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="ykt-round-trip-"))
    work.mkdir(parents=True, exist_ok=True)
    load_start, started = os.getloadavg(), time.perf_counter()
    steps = Steps()
    source = source_db(args, work)
    baseline = copy_db(source, work / "baseline-copy.db")
    (work / "baseline-copy.db").unlink()
    chain, problems = round_trip(source, work, steps)
    total = time.perf_counter() - started
    result = {"bench": "round_trip", "quick": args.quick, "villages": len(chain.villages),
              "townships": len(chain.townships), "total_s": round(total, 1),
              "steps": {k: {"seconds": round(v, 2), "runs": steps.counts[k]}
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
