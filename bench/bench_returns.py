"""Benchmark: fill the 铜川 排查情况统计表 (the heaviest shipped return: 21 columns, 14 from
payments) for a whole county, against the plain-library baseline of the same numbers — one
hand-written sqlite3 GROUP BY over payments per column family, no engine.

Usage: python bench/bench_returns.py [--db COUNTY.db] [--period 2025] [--json OUT] [--quick]
(The database is copied first: the engine writes temp tables.)
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import add_convention, quick_or_given, report  # noqa: E402
from ykt_desktop.returns.engine import fill  # noqa: E402
from ykt_desktop.returns.figures import fen_to_unit  # noqa: E402
from ykt_desktop.returns.template import get_template  # noqa: E402
from ykt_desktop.storage import open_db  # noqa: E402

BASELINE = """
SELECT p.item_id, p.village_code,
       COUNT(DISTINCT CASE WHEN s.basis = 'household' THEN 'h' || p.household_id
                      ELSE 'p' || p.person_id END),
       SUM(p.amount_due), SUM(CASE WHEN p.status = 'paid' THEN p.amount_paid END),
       COUNT(DISTINCT CASE WHEN COALESCE(h.verify_status, 'pending') <> 'pending' THEN
             CASE WHEN s.basis = 'household' THEN 'h' || p.household_id
             ELSE 'p' || p.person_id END END)
FROM payments p JOIN subsidy_items s ON s.id = p.item_id
LEFT JOIN households h ON h.id = p.household_id
WHERE p.village_code LIKE ? AND p.period LIKE ? GROUP BY 1, p.village_code
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    add_convention(parser)
    parser.add_argument("--period", default="2025")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "county.db")
        src, dst = sqlite3.connect(str(quick_or_given(args))), sqlite3.connect(path)
        src.backup(dst)
        src.close()
        dst.close()
        row = measure(path, args.period)
    report("returns", [{**row, "quick": args.quick}], args.json)
    return 0


def measure(path: str, period: str) -> dict:
    raw = sqlite3.connect(path)
    county = raw.execute("SELECT code FROM regions WHERE level = 'county'").fetchone()[0]
    payments = raw.execute("SELECT COUNT(*) FROM payments WHERE period LIKE ?",
                           [period + "%"]).fetchone()[0]
    started = time.perf_counter()
    base = raw.execute(BASELINE, [county[:6] + "%", period + "%"]).fetchall()
    baseline = time.perf_counter() - started
    raw.close()

    db = open_db(path)
    started = time.perf_counter()
    filled = fill(db, get_template("tongchuan_paicha_tongji"), county, period, use_draft=False)
    engine = time.perf_counter() - started
    by_item = {r.source.group_key: r.cells for r in filled.data_rows()}
    expected: dict = {}           # each village rounded 四舍五入, then added (docs/RETURNS.md)
    for item_id, _village, c1, c2, c3, c8 in base:
        e = expected.setdefault(item_id, [0, Decimal(0), Decimal(0), 0])
        e[0] += c1
        e[1] += fen_to_unit(round((c2 or 0) * 100), "万元")
        e[2] += fen_to_unit(round((c3 or 0) * 100), "万元")
        e[3] += c8
    for item_id, (c1, c2, c3, c8) in expected.items():  # same numbers as the baseline
        cells = by_item[item_id]
        assert (cells["c1"].value, cells["c2"].value, cells["c3"].value,
                cells["c8"].value) == (c1, c2, c3, c8)
    print(f"payments in {period}: {payments:,}")
    print(f"baseline (4 columns, one hand-written query): {baseline:.2f}s "
          f"= {payments / baseline:,.0f} payments/s")
    print(f"engine   (all 21 columns + 5 rules' inputs):   {engine:.2f}s "
          f"= {payments / engine:,.0f} payments/s")
    print(f"ratio engine / baseline: {engine / baseline:.2f}")
    db.close()
    return {"what": "铜川 排查情况统计表, whole county", "payments": payments,
            "seconds": engine, "baseline_s": baseline, "ratio_vs_baseline": engine / baseline,
            "same_numbers": True}


if __name__ == "__main__":
    raise SystemExit(main())
