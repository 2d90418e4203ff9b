"""The core never imports Qt: import every ykt_desktop module with PySide6 blocked."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = r"""
import importlib, pkgutil, sys

class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
            raise ImportError(f"core imported {name}")
        return None

sys.meta_path.insert(0, BlockQt())
import ykt_desktop
count = 0
for info in pkgutil.walk_packages(ykt_desktop.__path__, "ykt_desktop."):
    importlib.import_module(info.name)
    count += 1
from ykt_desktop.cli import build_parser
build_parser()
assert not any(m.startswith("PySide6") for m in sys.modules)
print(count)
"""


def test_core_imports_without_pyside6():
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 20
