"""Hostile workbooks refused quickly and in little memory (issue 14): the issue's two files.

Makes the 1.9 GB-cell workbook (about 13 MB) and the 300 MB-cell one (about 2 MB) with
tests/make_giant_cell_xlsx.py, and a sharedStrings bomb
(100 KB string x 3 M cells), the outside review's many medium cells and a sheet at an odd
member, and imports each through the command line under GNU
``/usr/bin/time -v``; reports the wall time and peak memory of the refusal. Target: < 10 s and
< 300 MB each. Baseline of the same run: plain ``zipfile`` reading each file's central directory
(the declared sizes, all a plain library can look at before it starts reading).

    python bench/bench_hostile_xlsx.py [--json OUT] [--quick]

``--db`` is accepted (bench/run.py's convention) and not used: the files are imported into an
empty county made for the run. ``--quick`` makes the same kinds of file, smaller.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from common import ROOT, add_convention, report

sys.path.insert(0, str(ROOT / "tests"))
from make_giant_cell_xlsx import make, medium_cells, shared_string_bomb  # noqa: E402

CASES = {"1.9 GB cell": 1900, "300 MB cell": 300}
QUICK_CASES = {"64 MB cell": 64, "32 MB cell": 32}
SIZES = {False: {"bomb_cells": 3_000_000, "m192": 5000, "m31": 30_000, "odd": 2000},
         True: {"bomb_cells": 300_000, "m192": 500, "m31": 3000, "odd": 200}}


def baseline(xlsx: Path) -> float:
    """Plain zipfile: the central directory and every member's declared size."""
    started = time.perf_counter()
    with zipfile.ZipFile(xlsx) as archive:
        sum(info.file_size for info in archive.infolist())
    return round(time.perf_counter() - started, 4)


def refuse(xlsx: Path, db: Path) -> dict:
    cmd = ["/usr/bin/time", "-v", sys.executable, "-m", "ykt_desktop", "import-roster",
           str(xlsx), "--db", str(db)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=600)
    err = proc.stderr
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", err)
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1)) / 1024
    refused = "错误：" in err and "Traceback" not in err
    return {"wall_s": round(seconds, 2), "peak_mb": round(peak, 1), "refused": refused,
            "exit": proc.returncode}


def case(label: str, xlsx: Path, db: Path) -> dict:
    row = {"case": label, "file_mb": round(xlsx.stat().st_size / 2**20, 1)}
    row.update(refuse(xlsx, db))
    row["baseline_zipfile_s"] = baseline(xlsx)
    return row


def main() -> int:
    parser = argparse.ArgumentParser()
    add_convention(parser, db=None)
    args = parser.parse_args()
    sizes = SIZES[args.quick]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "c.db"
        subprocess.run([sys.executable, "-m", "ykt_desktop", "init", "--db", str(db), "--level",
                        "county", "--code", "420999000000", "--name", "演示县"], cwd=ROOT,
                       check=True, capture_output=True)
        for label, mb in (QUICK_CASES if args.quick else CASES).items():
            rows.append(case(label, make(Path(folder) / f"cell{mb}.xlsx", mb), db))
        # review of issue 14: one 100 KB shared string referenced by 3,000,000 cells
        bomb = shared_string_bomb(Path(folder) / "bomb.xlsx", text_kb=100,
                                  cells=sizes["bomb_cells"])
        rows.append(case("sharedStrings bomb", bomb, db))
        # outside review of issue 14: 5,000 cells of 192 KB (937 MB of text), 30,000 of 31 KB,
        # and 2,000 of 192 KB in a sheet at xl/custom/evil.xml named "Custom/Evil.XML"
        for label, xlsx in (
                (f"{sizes['m192']:,} cells x 192 KB",
                 medium_cells(Path(folder) / "m192.xlsx", cells=sizes["m192"])),
                (f"{sizes['m31']:,} cells x 31 KB",
                 medium_cells(Path(folder) / "m31.xlsx", cells=sizes["m31"], cell_kb=31)),
                ("sheet at an odd member", medium_cells(
                    Path(folder) / "odd.xlsx", cells=sizes["odd"],
                    sheet_target="Custom/Evil.XML", sheet_member="xl/custom/evil.xml"))):
            rows.append(case(label, xlsx, db))
    report("hostile_xlsx", rows, args.json)
    return 0 if all(r["refused"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
