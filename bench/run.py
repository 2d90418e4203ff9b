"""Run every benchmark: ``python bench/run.py [--db county.db] [--quick] [--busy 2]``.

The convention every ``bench/bench_<name>.py`` follows (so that this runner finds it):

* ``--db PATH``: the county-scale demo database (947,803 persons) to measure on, never written
  (copy it first). A script that builds its own data may leave the option out.
* ``--json OUT``: write the results there as JSON, holding the plain-library baseline timed in
  the same run (a key or row naming ``baseline``) and the load average (a key ``load...``).
* ``--quick``: the same measurements on small data, in seconds (a smoke test).
* exit status 0 when the measurement ran and its own checks passed (results equal to the
  baseline's, precision 100 %, ...), nonzero otherwise. Timed targets are reported, not asserted.

Without ``--db`` the county demo is first built by ``bench_demo.py`` (itself timed against its
baseline). ``--busy N`` runs everything beside N busy processes (the machine deliberately
loaded). Each script's exit status, seconds, load average before and after, and whether its
JSON has a baseline and a load average go to ``bench/out/run.json``; the exit status is 0 only
when every script passed and wrote such a JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUILDER = "bench_demo.py"
BUSY = "import time\nend = time.time() + 86400\nwhile time.time() < end:\n    pass\n"


def discover(folder: Path, only: set[str], skip: set[str]) -> list[Path]:
    """``bench_*.py`` in ``folder`` (the demo builder apart), filtered by name."""
    out = []
    for script in sorted(folder.glob("bench_*.py")):
        name = script.stem.removeprefix("bench_")
        if script.name != BUILDER and (not only or name in only) and name not in skip:
            out.append(script)
    return out


def options(script: Path) -> set[str]:
    """The convention's options the script declares (read from its source; ``add_convention``
    of bench/common.py declares all three)."""
    text = script.read_text(encoding="utf-8")
    if "add_convention(parser" in text:
        return {"--db", "--json", "--quick"}
    return {o for o in ("--db", "--json", "--quick") if f'"{o}"' in text}


def json_has(path: Path, word: str) -> bool:
    try:
        return word in path.read_text(encoding="utf-8").lower()
    except OSError:
        return False


def run_one(script: Path, db: Path | None, out: Path, quick: bool, timeout: float) -> dict:
    name = script.stem.removeprefix("bench_")
    declared = options(script)
    target = out / f"{name}.json"
    entry: dict = {"bench": name, "options": sorted(declared)}
    missing = {"--json", "--quick"} - declared
    if missing:
        return entry | {"ok": False, "error": f"does not follow the convention: no {missing}"}
    command = [sys.executable, str(script), "--json", str(target)]
    if db is not None and "--db" in declared:
        command += ["--db", str(db)]
    if quick:
        command.append("--quick")
    target.unlink(missing_ok=True)
    print(f"\n### {script.name}: {' '.join(command[2:])}", flush=True)
    load, started = os.getloadavg()[0], time.perf_counter()
    try:
        code = subprocess.run(command, timeout=timeout).returncode
    except subprocess.TimeoutExpired:
        code = "timeout"
    entry |= {"exit": code, "seconds": round(time.perf_counter() - started, 1),
              "load_avg": [round(load, 2), round(os.getloadavg()[0], 2)], "json": str(target),
              "has_baseline": json_has(target, "baseline"), "has_load": json_has(target, "load")}
    entry["ok"] = code == 0 and entry["has_baseline"] and entry["has_load"]
    return entry


def build_demo(folder: Path, args: argparse.Namespace) -> Path:
    db = folder / "county.db"
    command = [sys.executable, str(HERE / BUILDER), "--db", str(db),
               "--villages", str(args.villages),
               "--households-per-village", str(args.households_per_village)]
    print(f"### {BUILDER}: building the county demo", flush=True)
    subprocess.run(command, check=True)
    return db


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Run every bench/bench_*.py")
    parser.add_argument("--db", help="the county demo (default: build one with bench_demo.py)")
    parser.add_argument("--quick", action="store_true", help="every bench's smoke test")
    parser.add_argument("--only", default="", help="comma-separated names, e.g. checks,xlsx")
    parser.add_argument("--skip", default="", help="comma-separated names to leave out")
    parser.add_argument("--busy", type=int, default=0, help="run beside N busy processes")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per bench")
    parser.add_argument("--out", default=str(HERE / "out"), help="folder for the JSON files")
    parser.add_argument("--bench-dir", default=str(HERE), help=argparse.SUPPRESS)
    parser.add_argument("--villages", type=int, default=300)
    parser.add_argument("--households-per-village", type=int, default=1000)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    names = [{n.strip() for n in text.split(",") if n.strip()} for text in (args.only, args.skip)]
    scripts = discover(Path(args.bench_dir), *names)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    busy = [subprocess.Popen([sys.executable, "-c", BUSY]) for _ in range(args.busy)]
    try:
        db = Path(args.db) if args.db else None
        if db is None and not args.quick:   # --quick: each bench builds a small demo
            db = build_demo(Path(tempfile.mkdtemp(prefix="ykt-bench-")), args)
        results = [run_one(s, db, out, args.quick, args.timeout) for s in scripts]
    finally:
        for proc in busy:
            proc.terminate()
            proc.wait()
    summary = {"quick": args.quick, "busy_processes": args.busy, "db": str(db or ""),
               "benches": results, "ok": all(r["ok"] for r in results)}
    (out / "run.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1),
                                  encoding="utf-8")
    print("\n== bench/run.py ==")
    for r in results:
        print(f"{'ok  ' if r['ok'] else 'FAIL'} {r['bench']:14s} exit {r.get('exit', '-')}, "
              f"{r.get('seconds', '-')} s, load {r.get('load_avg', '-')} {r.get('error', '')}")
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
