"""Helpers shared by the benchmark scripts: timing, reporting, the county-scale database."""

from __future__ import annotations

import json
import platform
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

OUT = ROOT / "bench" / "out"


@contextmanager
def timer(result: dict[str, float], key: str):
    started = time.perf_counter()
    yield
    result[key] = result.get(key, 0.0) + time.perf_counter() - started


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def report(name: str, rows: list[dict[str, Any]]) -> None:
    """Print a table and save it as JSON in bench/out/<name>.json."""
    print(f"\n== {name} ({platform.python_version()}, {platform.machine()}) ==")
    if rows:
        keys = list(rows[0])
        print(" | ".join(f"{k:>16}" for k in keys))
        for row in rows:
            print(" | ".join(f"{_fmt(row[k]):>16}" for k in keys))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1),
                                      encoding="utf-8")


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,d}"
    return str(value)
