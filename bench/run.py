"""Run every benchmark: ``python bench/run.py [--villages 300 --households-per-village 1000]``.

First builds the county-scale demo (timed, with its executemany baseline), then runs each other
``bench/bench_*.py`` script on that database (``--db`` or ``--source``, whichever it takes).
Results: printed, and JSON files in bench/out/.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--villages", type=int, default=300)
    parser.add_argument("--households-per-village", type=int, default=1000)
    parser.add_argument("--only", default="", help="comma-separated names, e.g. demo,checks")
    args = parser.parse_args()
    only = {n.strip() for n in args.only.split(",") if n.strip()}
    db = Path(tempfile.mkdtemp(prefix="ykt-bench-")) / "county.db"
    scale = ["--villages", str(args.villages),
             "--households-per-village", str(args.households_per_village)]
    failures = 0
    subprocess.run([sys.executable, str(HERE / "bench_demo.py"), "--db", str(db), *scale],
                   check=True)
    for script in sorted(HERE.glob("bench_*.py")):
        name = script.stem.removeprefix("bench_")
        if script.name == "bench_demo.py" or (only and name not in only):
            continue
        print(f"\n### {script.name}", flush=True)
        text = script.read_text(encoding="utf-8")
        option = next((o for o in ("--db", "--source") if f'"{o}"' in text), None)
        extra = [option, str(db)] if option else []
        failures += subprocess.run([sys.executable, str(script), *extra]).returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
