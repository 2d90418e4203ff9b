"""Helpers shared by the benchmark scripts: timing, reporting, the county-scale database."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

OUT = ROOT / "bench" / "out"


@contextmanager
def timer(result: dict[str, float], key: str):
    started = time.perf_counter()
    yield
    result[key] = result.get(key, 0.0) + time.perf_counter() - started


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def add_convention(parser: argparse.ArgumentParser, *, db: str | None = "/tmp/big.db") -> None:
    """The options bench/run.py gives every bench: --db, --json OUT, --quick."""
    parser.add_argument("--db", help=f"the county demo, never written (default {db}; with "
                                     "--quick a small demo built for the run)")
    parser.set_defaults(db_default=db)
    parser.add_argument("--json", help="write the results there (default bench/out/NAME.json)")
    parser.add_argument("--quick", action="store_true", help="small data, seconds: smoke test")


def quick_demo(folder: Path | None = None, *, villages: int = 4, households: int = 40) -> Path:
    """A small demo county for ``--quick`` (built in seconds, in ``folder`` or a temp folder)."""
    from ykt_desktop.demo.generator import DemoParams, generate_demo
    from ykt_desktop.progress import run
    from ykt_desktop.storage import open_db

    folder = folder or Path(tempfile.mkdtemp(prefix="ykt-bench-quick-"))
    path = folder / "quick-demo.db"
    for suffix in ("", "-wal", "-shm", ".truth.json"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = open_db(path, backup=False)
    run(generate_demo(db, DemoParams(villages=villages, households_per_village=households)))
    db.close()
    return path


def quick_or_given(args: argparse.Namespace) -> Path:
    """The database to measure on: ``--db``; else with ``--quick`` a small demo built now;
    else the script's default."""
    if args.db:
        return Path(args.db)
    if args.quick:
        return quick_demo()
    return Path(args.db_default)


def migrated_copy(source: Path, work: Path) -> Path:
    """A copy of ``source`` in ``work`` with every migration applied (made once, reused while
    the source is the same file): the one-time migration of an older demo (building an index
    over 947,803 persons, a before-migration backup from the command line) is not part of the
    job a bench times."""
    work.mkdir(parents=True, exist_ok=True)
    target, stamp = work / "county.db", work / "source.json"
    mark = {"source": str(source), "size": source.stat().st_size,
            "mtime": source.stat().st_mtime}
    if not target.exists() or not stamp.exists() or json.loads(stamp.read_text()) != mark:
        for old in work.iterdir():
            shutil.rmtree(old) if old.is_dir() else old.unlink()
        shutil.copyfile(source, target)
        truth = Path(f"{source}.truth.json")
        if truth.exists():
            shutil.copyfile(truth, f"{target}.truth.json")
        from ykt_desktop.storage import open_db

        open_db(target, backup=False).close()
        stamp.write_text(json.dumps(mark))
    return target


def report(name: str, rows: list[dict[str, Any]], path: str | Path | None = None) -> None:
    """Print a table and save it as JSON in ``path`` (default bench/out/<name>.json); every
    row gets the load average of the moment (bench/run.py's convention)."""
    load = [round(x, 2) for x in os.getloadavg()]
    for row in rows:
        if not any(key.startswith("load") for key in row):
            row["loadavg"] = load
    print(f"\n== {name} ({platform.python_version()}, {platform.machine()}) ==")
    if rows:
        keys = list(rows[0])
        print(" | ".join(f"{k:>16}" for k in keys))
        for row in rows:
            print(" | ".join(f"{_fmt(row[k]):>16}" for k in keys))
    target = Path(path) if path else OUT / f"{name}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,d}"
    return str(value)
