"""The PyInstaller one-folder build bundles everything: its --self-check passes without a screen.

Slow (about a minute): CI runs it; locally skip with ``-m "not slow"``.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_pyinstaller_build_passes_self_check(tmp_path):
    local = Path(sys.executable).parent / "pyinstaller"
    tool = str(local) if local.exists() else shutil.which("pyinstaller")
    assert tool, "pyinstaller is not installed (it is in requirements-dev.txt)"
    build = subprocess.run(
        [tool, "--noconfirm", "--log-level", "WARN", "--distpath", str(tmp_path / "dist"),
         "--workpath", str(tmp_path / "work"), str(ROOT / "build.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, build.stderr[-3000:]
    name = "ykt-desktop.exe" if os.name == "nt" else "ykt-desktop"
    exe = tmp_path / "dist" / "ykt-desktop" / name
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    env["HOME"] = str(tmp_path)
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    check = subprocess.run([str(exe), "--self-check"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "自检全部通过" in check.stdout
    assert "报表模板 0 个" not in check.stdout
