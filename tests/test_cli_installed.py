"""The command line installs (issue 18): `pip install -e .` (scripts/start.sh, test.sh) gives a
`ykt` command and `python -m ykt_desktop` that work from any folder, and no command prints a
deprecation warning (pyHanko's DSA import is silenced at its one import place)."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_pyproject_declares_the_ykt_command():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["ykt"] == "ykt_desktop.cli:main"
    assert project["build-system"]["build-backend"] == "setuptools.build_meta"
    for script in ("start.sh", "test.sh"):
        assert "pip install -q --no-deps -e ." in (ROOT / "scripts" / script).read_text()


def test_ykt_works_from_another_folder(tmp_path):
    ykt = Path(sys.executable).with_name("ykt")
    done = _run([str(ykt), "--help"], tmp_path)
    assert done.returncode == 0 and "用法" in done.stdout and "self-check" in done.stdout
    done = _run([sys.executable, "-m", "ykt_desktop", "--version"], tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("ykt-desktop")


def test_self_check_prints_no_warning(tmp_path):
    done = _run([sys.executable, "-m", "ykt_desktop", "self-check"], tmp_path)
    assert done.returncode == 0 and "自检全部通过" in done.stdout
    assert "Warning" not in done.stderr and "Deprecat" not in done.stderr, done.stderr
