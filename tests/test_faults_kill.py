"""kill -9 at random points during large one-transaction writes: intact and all-or-nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ykt_desktop.storage import open_db

ROOT = Path(__file__).resolve().parent.parent
DEMO_SCRIPT = """
import sys
from ykt_desktop.demo.generator import DemoParams, generate_demo
from ykt_desktop.progress import run
from ykt_desktop.storage import open_db
db = open_db(sys.argv[1])
print("ready", flush=True)
run(generate_demo(db, DemoParams(villages=4, households_per_village=150, seed=3)))
print("done", flush=True)
"""
IMPORT_SCRIPT = """
import sys
from ykt_desktop.imports.run import import_file
from ykt_desktop.progress import run
from ykt_desktop.storage import open_db
db = open_db(sys.argv[1])
print("ready", flush=True)
run(import_file(db, "roster", sys.argv[2]))
print("done", flush=True)
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _state(path: Path) -> tuple[str, dict[str, int]]:
    db = open_db(path)        # also finishes migrations a kill may have interrupted
    try:
        check = db.execute("PRAGMA integrity_check").fetchone()[0]
        counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("households", "persons", "payments", "import_batches")}
        return check, counts
    finally:
        db.close()


def _run_and_kill(args: list[str], delay: float, wait_for: str | None = None) -> bool:
    """Start ``python args``; SIGKILL it ``delay`` s later. True when it finished first."""
    proc = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    if wait_for:
        assert proc.stdout.readline().strip() == wait_for
    time.sleep(delay)
    finished = proc.poll() is not None
    if not finished:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    return finished


def test_kill_during_demo_load(tmp_path):
    script = tmp_path / "demo.py"
    script.write_text(DEMO_SCRIPT, encoding="utf-8")
    full = tmp_path / "full.db"
    proc = subprocess.Popen([sys.executable, str(script), str(full)], cwd=ROOT, env=_env(),
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    started = time.perf_counter()
    proc.wait()
    duration = time.perf_counter() - started
    _, complete = _state(full)
    rng = random.Random(8)
    outcomes = set()
    for i in range(6):
        path = tmp_path / f"k{i}.db"
        finished = _run_and_kill([str(script), str(path)], rng.uniform(0.0, duration * 1.1),
                                 "ready")
        check, counts = _state(path)
        assert check == "ok"
        assert counts in (complete, {**complete, "households": 0, "persons": 0, "payments": 0}), \
            f"partial load after kill #{i}: {counts}"
        outcomes.add(finished or counts == complete)
    assert False in outcomes, "no kill landed before the commit; the test proved nothing"


@pytest.fixture
def roster(demo_path, tmp_path):
    from tests.imports_helpers import ROSTER_HEADER, write_xlsx

    db = open_db(demo_path)
    people = db.execute("SELECT p.id_number, p.name, c.card_number, c.bank FROM persons p "
                        "JOIN cards c ON c.person_id = p.id AND c.card_type = 'social_security'"
                        ).fetchall()
    db.close()
    rows = [[n, name, "城乡居民最低生活保障金", f"2026-{m:02d}", "350.00", "2026-12-10", card,
             bank, "发放成功"] for m in range(1, 13) for n, name, card, bank in people]
    return write_xlsx(tmp_path / "roster.xlsx", ROSTER_HEADER, rows), len(rows)


def test_kill_during_roster_import(demo_path, roster, tmp_path):
    path, n_rows = roster
    script = tmp_path / "imp.py"
    script.write_text(IMPORT_SCRIPT, encoding="utf-8")
    _, before = _state(demo_path)
    rng = random.Random(5)
    for _ in range(4):
        _run_and_kill([str(script), str(demo_path), str(path)], rng.uniform(0.05, 0.8), "ready")
        check, counts = _state(demo_path)
        assert check == "ok"
        if counts["import_batches"] == before["import_batches"]:
            assert counts["payments"] == before["payments"]
        else:
            assert counts["payments"] == before["payments"] + n_rows
            break
