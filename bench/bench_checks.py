"""All checks (比对) at county scale, per rule, with precision / recall against the demo's truth.

Baseline of the same work with plain libraries: the three payment-sum rules (超标准, 未足额,
发放失败未重发) written the straightforward way, one sqlite3 GROUP BY over every payment with
the comparison in Python, against our rules that aggregate only the groups of several rows.

    python bench/bench_checks.py [--db /tmp/big.db] [--work /tmp/bench_checks]

The given database is copied first (it is never written).
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from pathlib import Path

from common import report, timed

from ykt_desktop.checks.runner import run_checks
from ykt_desktop.checks.score import score_run
from ykt_desktop.demo.truth import read_truth, truth_path
from ykt_desktop.progress import run
from ykt_desktop.storage import open_db

PAYMENT_RULES = ("over_standard", "short_paid", "failed_not_resent")


def copy(source: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/big.db")
    parser.add_argument("--work", default="/tmp/bench_checks")
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    target = work / "county.db"
    copy(Path(args.db), target)
    db = open_db(target, backup=False)
    persons = db.execute("SELECT count(*) FROM persons").fetchone()[0]
    payments = db.execute("SELECT count(*) FROM payments").fetchone()[0]
    seconds, result = timed(lambda: run(run_checks(db)))
    again, second = timed(lambda: run(run_checks(db)))
    truth_file = truth_path(args.db)
    scores = ({s.rule: s for s in score_run(result, read_truth(truth_file))}
              if truth_file.exists() else {})
    rows = []
    for r in result.results:
        s = scores.get(r.rule)
        rows.append({"rule": r.rule, "found": r.found, "seconds": r.seconds,
                     "precision": f"{s.precision:.1%}" if s else "-",
                     "recall": f"{s.recall:.1%}" if s else "-"})
    report("checks", rows)
    ours = sum(r.seconds for r in result.results if r.rule in PAYMENT_RULES)
    found = sum(r.found for r in result.results if r.rule in PAYMENT_RULES)
    db.close()
    base, base_found = baseline(target)
    print(f"\n{persons:,} persons, {payments:,} payments")
    print(f"all {len(result.results)} rules: {seconds:.1f}s "
          f"({payments / seconds:,.0f} payments/s); re-run {again:.1f}s, "
          f"new findings on re-run: {sum(r.new for r in second.results)}")
    print(f"payment-sum rules: ours {ours:.2f}s ({found:,} found) vs plain GROUP BY "
          f"{base:.2f}s ({base_found:,} found): ratio {base / ours:.1f}x faster")
    return 0 if found == base_found else 1


if __name__ == "__main__":
    raise SystemExit(main())
