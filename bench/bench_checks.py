"""All checks (比对) at county scale: time per rule, progress gaps, cancel latency, precision.

    python bench/bench_checks.py [--db /tmp/big.db] [--work DIR] [--json OUT] [--busy 2]
                                 [--cancels 20] [--quick]

The given database is copied first (it is never written). Measured in one run:
* every rule's seconds and findings, precision and recall against the demo's truth;
* the longest gap between two progress steps of the job (the UI can only show progress and
  notice 取消 at a step);
* cancel latency: a rule run as the UI runs a job (``ui.common.workers.JobThread``), 取消 pressed at
  a random moment of the run (``--cancels`` times: a rule drawn with the weight of its seconds,
  a moment within it); seconds from the press to the thread's answer;
* ``--busy N``: the same with N busy processes started beside it (a loaded office PC);
* baseline of the same work with plain libraries: the three payment-sum rules (超标准, 未足额,
  发放失败未重发) as one sqlite3 GROUP BY over every payment with the comparison in Python.
The load average is recorded with every figure. ``--quick`` builds a small demo on the spot.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ykt_desktop.checks.runner import run_checks  # noqa: E402
from ykt_desktop.checks.score import score_run  # noqa: E402
from ykt_desktop.demo.truth import read_truth, truth_path  # noqa: E402
from ykt_desktop.progress import run  # noqa: E402
from ykt_desktop.storage import open_db  # noqa: E402

PAYMENT_RULES = ("over_standard", "short_paid", "failed_not_resent")
BUSY = "import time\nend = time.time() + 3600\nwhile time.time() < end:\n    pass\n"


def copy(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    src, dst = sqlite3.connect(str(source)), sqlite3.connect(str(target))
    src.backup(dst)
    src.close()
    dst.close()


def baseline(db_file: Path) -> tuple[float, int]:
    conn = sqlite3.connect(str(db_file))
    started = time.perf_counter()
    found = 0
    for _pid, _item, _period, paid, n_paid, n_failed, std, due in conn.execute(
            "SELECT person_id, item_id, period, "
            "total(CASE WHEN status = 'paid' THEN amount_paid END), sum(status = 'paid'), "
            "sum(status = 'failed'), max(standard), max(amount_due) FROM payments "
            "GROUP BY person_id, item_id, period"):
        if n_paid and paid > std + 0.01:
            found += 1
        if 0 < paid < due - 0.01:
            found += 1
        if n_failed and not n_paid:
            found += 1
    conn.close()
    return time.perf_counter() - started, found


def load() -> float:
    return round(os.getloadavg()[0], 2)


def timed_run(db_file: Path) -> dict:
    """One full run: seconds, the longest gap between progress steps (and where), rules."""
    db = open_db(db_file, backup=False, migrate=False)
    steps: list[tuple[float, str]] = []
    load_before, started, cpu = load(), time.perf_counter(), time.process_time()
    children = _children_cpu()
    result = run(run_checks(db), lambda p: steps.append((time.perf_counter(), p.message)))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    cpu += _children_cpu() - children       # the worker processes' CPU
    db.close()
    times = [started] + [t for t, _ in steps]
    gaps = [(times[i + 1] - times[i], steps[i][1]) for i in range(len(steps))]
    gap, where = max(gaps)
    return {"seconds": round(seconds, 2), "cpu_s": round(cpu, 2),
            "max_progress_gap_s": round(gap, 3),
            "gap_before": where, "progress_steps": len(steps),
            "load_avg": [load_before, load()], "result": result}


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cancel_once(db_file: Path, rule: str | None, delay: float) -> dict:
    """``rule`` (None: every rule, in the worker processes as the UI's 全部比对 runs them) run
    as the UI runs a job; 取消 after ``delay`` seconds; how long until the thread answered."""
    from PySide6.QtCore import Qt

    from ui.common.workers import JobThread
    from ykt_desktop.db.handle import handle_for

    thread = JobThread(handle_for(db_file),
                       lambda db: run_checks(db, [rule] if rule else None))
    answer: dict[str, float] = {}
    direct = Qt.ConnectionType.DirectConnection
    thread.cancelled.connect(lambda: answer.setdefault("cancelled", time.perf_counter()), direct)
    thread.failed.connect(lambda _m: answer.setdefault("failed", time.perf_counter()), direct)
    thread.finished_with.connect(lambda _r: answer.setdefault("finished", time.perf_counter()),
                                 direct)
    thread.start()
    time.sleep(delay)
    pressed = time.perf_counter()
    thread.stop()
    thread.wait()
    outcome = next(iter(answer), "none")
    return {"rule": rule or "(all, workers)", "delay_s": round(delay, 2), "outcome": outcome,
            "load_avg": load(),
            "latency_s": round(answer[outcome] - pressed, 4) if outcome in answer else None}


def cancels(db_file: Path, count: int, rule_seconds: dict[str, float],
            rng: random.Random) -> dict:
    """取消 at random moments of the whole run: a rule drawn with the weight of its seconds,
    then a moment within it (each try runs that rule alone, so a try costs one rule, not the
    run up to that moment)."""
    from PySide6.QtCore import QCoreApplication

    _app = QCoreApplication.instance() or QCoreApplication([])
    names, weights = list(rule_seconds), list(rule_seconds.values())
    tries = []
    for n in range(count):
        if n % 4 == 3:      # every fourth: the whole run, rules in the worker processes
            tries.append(cancel_once(db_file, None, rng.uniform(0.0, 20.0)))
            continue
        rule = rng.choices(names, weights)[0]
        tries.append(cancel_once(db_file, rule, rng.uniform(0.0, rule_seconds[rule])))
    answered = [t["latency_s"] for t in tries if t["outcome"] == "cancelled"]
    return {"cancels": len(tries), "cancelled": len(answered),
            "other_outcomes": [t for t in tries if t["outcome"] != "cancelled"],
            "max_latency_s": max(answered, default=None),
            "median_latency_s": statistics.median(answered) if answered else None,
            "tries": tries}


def start_busy(n: int) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-c", BUSY]) for _ in range(n)]


def stop_busy(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        proc.terminate()
        proc.wait()


def rule_rows(result, truth_file: Path) -> list[dict]:
    scores = ({s.rule: s for s in score_run(result, read_truth(truth_file))}
              if truth_file.exists() else {})
    rows = []
    for r in result.results:
        s = scores.get(r.rule)
        rows.append({"rule": r.rule, "found": r.found, "seconds": r.seconds,
                     "precision": round(s.precision, 4) if s else None,
                     "recall": round(s.recall, 4) if s else None})
    return rows


def measure(target: Path, n_cancels: int, rng: random.Random) -> dict:
    first = timed_run(target)
    print(f"  all rules {first['seconds']} s ({first['cpu_s']} s CPU), longest progress gap "
          f"{first['max_progress_gap_s']} s (before {first['gap_before']}), "
          f"load {first['load_avg']}", flush=True)
    out = {k: v for k, v in first.items() if k != "result"}
    if n_cancels:
        seconds = {r.rule: r.seconds for r in first["result"].results}
        out["cancel"] = cancels(target, n_cancels, seconds, rng)
        print(f"  cancel: max {out['cancel']['max_latency_s']} s over "
              f"{out['cancel']['cancelled']} cancels", flush=True)
    return out | {"result": first["result"]}


def quick_demo(work: Path) -> Path:
    from ykt_desktop.demo.generator import DemoParams, generate_demo

    path = work / "quick-demo.db"
    for suffix in ("", "-wal", "-shm", ".truth.json"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = open_db(path)
    run(generate_demo(db, DemoParams(villages=4, households_per_village=40)))
    db.close()
    return path


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/big.db", help="the county demo database")
    parser.add_argument("--work", help="folder for the copy (default: a temp folder)")
    parser.add_argument("--json", default=str(Path(__file__).parent / "out" / "checks.json"))
    parser.add_argument("--busy", type=int, default=0, help="also measure beside N busy processes")
    parser.add_argument("--cancels", type=int, default=20, help="cancels per condition")
    parser.add_argument("--quick", action="store_true", help="a small demo (smoke test)")
    return parser.parse_args()


def main() -> int:
    args = parse()
    work = Path(args.work or tempfile.mkdtemp(prefix="ykt-bench-checks-"))
    work.mkdir(parents=True, exist_ok=True)
    source = quick_demo(work) if args.quick else Path(args.db)
    target = work / "county.db"
    copy(source, target)
    rng = random.Random(15)
    report: dict = {"bench": "checks", "quick": args.quick}
    print("quiet (no busy processes added):", flush=True)
    quiet = measure(target, args.cancels, rng)
    result = quiet.pop("result")
    report["quiet"] = quiet
    if args.busy:
        procs = start_busy(args.busy)
        try:
            print(f"beside {args.busy} busy processes:", flush=True)
            report[f"busy_{args.busy}"] = measure(target, args.cancels, rng)
            report[f"busy_{args.busy}"].pop("result")
        finally:
            stop_busy(procs)
    report["rules"] = rule_rows(result, truth_path(source))
    db = open_db(target, backup=False, migrate=False)
    report["persons"] = db.execute("SELECT count(*) FROM persons").fetchone()[0]
    report["payments"] = db.execute("SELECT count(*) FROM payments").fetchone()[0]
    db.close()
    ours = sum(r.seconds for r in result.results if r.rule in PAYMENT_RULES)
    found = sum(r.found for r in result.results if r.rule in PAYMENT_RULES)
    base, base_found = baseline(target)
    report["baseline"] = {"what": "payment-sum rules as one plain GROUP BY + Python",
                          "seconds": round(base, 2), "found": base_found, "load_avg": load(),
                          "ours_seconds": round(ours, 2), "ours_found": found,
                          "ratio": round(ours / base, 2) if base else None}
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "rules"}, ensure_ascii=False,
                     indent=1)[:3000])
    bad = [r["rule"] for r in report["rules"] if r["recall"] is not None
           and (r["precision"] < 1 or r["recall"] < 1)]
    return 0 if found == base_found and not bad else 1


if __name__ == "__main__":
    sys.exit(main())
