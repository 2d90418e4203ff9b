"""kill -9 at random points during backups and during a restore (issue 12, item 5).

After every kill: each backup under a final name is finished (its manifest matches), a restore
never installs an older-than-chosen, empty or damaged copy, and ``backup restore`` then ``info``
show the unit and its people.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ykt_desktop import backup
from ykt_desktop.backup_manifest import read_manifest
from ykt_desktop.cli import main
from ykt_desktop.storage import open_db

ROOT = Path(__file__).resolve().parent.parent
KILLS = 20
BACKUP_SCRIPT = """
import sys
from ykt_desktop.backup import backup_db
from ykt_desktop.storage import open_db
db = open_db(sys.argv[1])
print("ready", flush=True)
for reason in ("manual", "start", "before-import", "daily"):
    backup_db(db, reason=reason)
print("done", flush=True)
"""
RESTORE_SCRIPT = """
import sys
from ykt_desktop.cli import main
print("ready", flush=True)
sys.exit(main(["backup", "restore", "--db", sys.argv[1]]))
"""


def _run(script: Path, db: Path, delay: float | None) -> tuple[bool, float]:
    """Run ``script db``; SIGKILL it ``delay`` s after it is ready (None: let it finish)."""
    proc = subprocess.Popen([sys.executable, str(script), str(db)], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout.readline().strip() == "ready"
    started = time.perf_counter()
    if delay is None:
        proc.wait()
        return True, time.perf_counter() - started
    time.sleep(delay)
    finished = proc.poll() is not None
    if not finished:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return finished, delay


def _marker(path: Path) -> tuple[str, int]:
    db = open_db(path, migrate=False)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        note = db.execute("SELECT notes FROM households WHERE id = 1").fetchone()[0]
        return note, db.execute("SELECT count(*) FROM persons").fetchone()[0]
    finally:
        db.close()


def _set_marker(path: Path, note: str) -> None:
    db = open_db(path)
    db.execute("UPDATE households SET notes = ? WHERE id = 1", [note])
    db.close()


def _info_ok(path: Path, capsys, persons: int) -> None:
    capsys.readouterr()
    assert main(["info", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "本单位：未设置" not in out and "演示县" in out
    assert f"{persons:,}" in out


@pytest.mark.slow
def test_kill_during_backups(demo_path, tmp_path, capsys):
    script = tmp_path / "backup.py"
    script.write_text(BACKUP_SCRIPT, encoding="utf-8")
    _set_marker(demo_path, "live")
    _, persons = _marker(demo_path)
    _, duration = _run(script, demo_path, None)
    rng = random.Random(12)
    killed = 0
    for i in range(KILLS):
        finished, _ = _run(script, demo_path, rng.uniform(0.0, duration * 1.05))
        killed += not finished
        for path in backup.list_backups(demo_path):      # only finished backups have the name
            info = read_manifest(path, deep=True)
            assert info is not None and not info.empty, f"kill #{i}: {path.name} is not whole"
        assert main(["backup", "restore", "--db", str(demo_path)]) == 0, f"kill #{i}"
        assert _marker(demo_path) == ("live", persons)
        _info_ok(demo_path, capsys, persons)
    assert killed >= KILLS // 2, "most kills landed after the backups; the test proved little"


@pytest.mark.slow
def test_kill_during_restore(demo_path, tmp_path, capsys):
    script = tmp_path / "restore.py"
    script.write_text(RESTORE_SCRIPT, encoding="utf-8")
    _set_marker(demo_path, "older")
    db = open_db(demo_path)
    backup.backup_db(db, reason="manual")
    db.close()
    _set_marker(demo_path, "chosen")
    db = open_db(demo_path)
    backup.backup_db(db, reason="manual")
    db.close()
    _set_marker(demo_path, "live")
    _, persons = _marker(demo_path)
    original = tmp_path / "original.db"
    shutil.copyfile(demo_path, original)
    _, duration = _run(script, demo_path, None)
    assert _marker(demo_path) == ("chosen", persons)
    rng = random.Random(21)
    outcomes = []
    for i in range(KILLS):
        for suffix in ("-wal", "-shm"):
            Path(str(demo_path) + suffix).unlink(missing_ok=True)
        shutil.copyfile(original, demo_path)
        _run(script, demo_path, rng.uniform(0.0, duration * 1.05))
        state = _marker(demo_path)
        assert state in (("live", persons), ("chosen", persons)), f"kill #{i}: {state}"
        outcomes.append(state[0])
        assert main(["backup", "restore", "--db", str(demo_path)]) == 0, f"kill #{i}"
        assert _marker(demo_path) == ("chosen", persons)
        _info_ok(demo_path, capsys, persons)
    assert "live" in outcomes, "no kill landed before the swap; the test proved little"
