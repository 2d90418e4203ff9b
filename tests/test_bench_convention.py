"""Every bench/bench_*.py takes bench/run.py's three options (--db, --json OUT, --quick), so
``python bench/run.py --quick`` can run them all (issue 15). ``run.py --quick`` itself takes
minutes on a loaded 2-core machine: the options are checked through each script's --help."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import contextlib, io, json, runpy, sys
out = {}
for script in sys.argv[1:]:
    sys.argv = [script, "--help"]
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        try:
            runpy.run_path(script, run_name="__main__")
        except SystemExit:
            pass
    out[script] = text.getvalue()
print(json.dumps(out))
"""


def test_every_bench_takes_db_json_and_quick() -> None:
    scripts = sorted(str(p) for p in (ROOT / "bench").glob("bench_*.py")
                     if p.name != "bench_demo.py")
    assert len(scripts) >= 11
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", PROBE, *scripts], cwd=ROOT / "bench",
                            env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    helps = json.loads(result.stdout.strip().splitlines()[-1])
    missing = {Path(s).name: [o for o in ("--db", "--json", "--quick") if o not in text]
               for s, text in helps.items()}
    assert {name: gaps for name, gaps in missing.items() if gaps} == {}
