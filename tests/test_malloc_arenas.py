"""The app limits glibc's malloc arenas at start (ui/malloc_arenas.py): checked in a child
process, since the limit is for the whole process."""

from __future__ import annotations

import subprocess
import sys

import pytest

CODE = """
import ctypes, ctypes.util, sys
from ui.malloc_arenas import limit_malloc_arenas
print(limit_malloc_arenas())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt is Linux only")
def test_the_limit_is_taken_on_linux():
    done = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == "True"


def test_other_systems_are_left_alone(monkeypatch):
    from ui import malloc_arenas

    monkeypatch.setattr(malloc_arenas.sys, "platform", "win32")
    assert malloc_arenas.limit_malloc_arenas() is False


def test_the_window_start_sets_it_before_qt():
    from pathlib import Path

    source = (Path(__file__).resolve().parents[1] / "ui" / "app.py").read_text(encoding="utf-8")
    body = source.split("def main(", 1)[1]
    assert body.index("limit_malloc_arenas()") < body.index("QApplication")
