"""bench/run.py finds every bench_*.py by the convention (--json, --quick, optional --db) and
exits nonzero when one fails or writes no baseline and load average (issue 15)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

_SPEC = importlib.util.spec_from_file_location(
    "bench_run_script", Path(__file__).resolve().parent.parent / "bench" / "run.py")
bench_run = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bench_run)

GOOD = '''import argparse, json, os, sys
p = argparse.ArgumentParser()
p.add_argument("--json"); p.add_argument("--quick", action="store_true"); p.add_argument("--db")
a = p.parse_args()
open(a.json, "w").write(json.dumps({"baseline": 1.0, "load_avg": os.getloadavg()[0],
                                    "quick": a.quick, "db": a.db}))
'''
FAILING = GOOD + "sys.exit(1)\n"
NO_BASELINE = GOOD.replace('"baseline"', '"seconds"')
LEGACY = "print('no options')\n"


def _benches(folder: Path) -> Path:
    folder.mkdir()
    for name, text in (("good", GOOD), ("failing", FAILING), ("nobase", NO_BASELINE),
                       ("legacy", LEGACY)):
        (folder / f"bench_{name}.py").write_text(text, encoding="utf-8")
    (folder / "bench_demo.py").write_text("raise SystemExit(3)\n", encoding="utf-8")
    (folder / "helper.py").write_text("raise SystemExit(4)\n", encoding="utf-8")
    return folder


def test_discovery_and_exit_status(tmp_path):
    folder, out = _benches(tmp_path / "bench"), tmp_path / "out"
    common = ["--quick", "--bench-dir", str(folder), "--out", str(out)]
    assert bench_run.main(common) == 1
    summary = json.loads((out / "run.json").read_text(encoding="utf-8"))
    verdict = {b["bench"]: b["ok"] for b in summary["benches"]}
    assert verdict == {"failing": False, "good": True, "legacy": False, "nobase": False}
    good = json.loads((out / "good.json").read_text(encoding="utf-8"))
    assert good["quick"] is True and good["db"] is None
    assert bench_run.main([*common, "--only", "good"]) == 0
    assert bench_run.main([*common[1:], "--only", "good", "--db", "x.db"]) == 0
    assert json.loads((out / "good.json").read_text(encoding="utf-8"))["db"] == "x.db"
