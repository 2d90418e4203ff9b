"""The GUI soak (bench/soak_gui.py) for 60 seconds in its own process, offscreen: no crash, no
unexpected exception in crash.log, no Qt thread warning, RSS growth under 200 MB."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_one_minute_soak_of_the_main_window(tmp_path: Path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "soak_gui.py"), "--minutes", "1",
                           "--min-steps", "20", "--seed", "7", "--hang-seconds", "120",
                           "--work", str(tmp_path)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=1000)
    report = tmp_path / "soak.json"
    assert done.returncode == 0, (done.returncode, done.stdout[-3000:], done.stderr[-3000:])
    result = json.loads(report.read_text(encoding="utf-8"))
    assert result["failures"] == [] and result["crash_log"] == ""
    assert result["steps"] >= 20, result       # the same work on a loaded machine: not a time
