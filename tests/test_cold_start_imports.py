"""main.py imports the core modules the window needs before Qt (issue 15, cold start): once
PySide6 is loaded its import hook reads the source of every module imported after it, so a
core module the window needs and the list misses costs start time again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import runpy, sys
runpy.run_path("main.py", run_name="probe")["import_core_first"]()
assert "PySide6" not in sys.modules, "the core list imported Qt"
before = set(sys.modules)
import ui.app
late = sorted(m for m in set(sys.modules) - before if m.startswith(("ykt_desktop", "sqlite_utils")))
print("\\n".join(late))
"""


def test_the_window_needs_no_core_module_imported_after_qt() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, text=True,
                            capture_output=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [], (
        "main.py import_core_first() misses modules ui.app imports: " + result.stdout)
