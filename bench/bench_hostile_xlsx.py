"""Hostile workbooks refused quickly and in little memory (issue 14): the issue's two files.

Makes the 1.9 GB-cell workbook (about 13 MB) and the 300 MB-cell one (about 2 MB) with
tests/make_giant_cell_xlsx.py, and a sharedStrings bomb
(100 KB string x 3 M cells), the outside review's many medium cells and a sheet at an odd
member, and imports each through the command line under GNU
``/usr/bin/time -v``; reports the wall time and peak memory of the refusal. Target: < 10 s and
< 300 MB each. ``python bench/bench_hostile_xlsx.py``
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, report

sys.path.insert(0, str(ROOT / "tests"))
from make_giant_cell_xlsx import make, medium_cells, shared_string_bomb  # noqa: E402

CASES = {"1.9 GB cell": 1900, "300 MB cell": 300}


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


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "c.db"
        subprocess.run([sys.executable, "-m", "ykt_desktop", "init", "--db", str(db), "--level",
                        "county", "--code", "420999000000", "--name", "演示县"], cwd=ROOT,
                       check=True, capture_output=True)
        for label, mb in CASES.items():
            xlsx = make(Path(folder) / f"cell{mb}.xlsx", mb)
            row = {"case": label, "file_mb": round(xlsx.stat().st_size / 2**20, 1)}
            row.update(refuse(xlsx, db))
            rows.append(row)
        # review of issue 14: one 100 KB shared string referenced by 3,000,000 cells
        bomb = shared_string_bomb(Path(folder) / "bomb.xlsx", text_kb=100, cells=3_000_000)
        row = {"case": "sharedStrings bomb", "file_mb": round(bomb.stat().st_size / 2**20, 1)}
        row.update(refuse(bomb, db))
        rows.append(row)
        # outside review of issue 14: 5,000 cells of 192 KB (937 MB of text), 30,000 of 31 KB,
        # and 2,000 of 192 KB in a sheet at xl/custom/evil.xml named "Custom/Evil.XML"
        for label, xlsx in (
                ("5,000 cells x 192 KB", medium_cells(Path(folder) / "m192.xlsx")),
                ("30,000 cells x 31 KB", medium_cells(Path(folder) / "m31.xlsx", cells=30_000,
                                                      cell_kb=31)),
                ("sheet at an odd member", medium_cells(
                    Path(folder) / "odd.xlsx", cells=2000, sheet_target="Custom/Evil.XML",
                    sheet_member="xl/custom/evil.xml"))):
            row = {"case": label, "file_mb": round(xlsx.stat().st_size / 2**20, 1)}
            row.update(refuse(xlsx, db))
            rows.append(row)
    report("hostile_xlsx", rows)


if __name__ == "__main__":
    main()
