"""The machine misbehaves, the data survives (issue 12, item 6): a full disk during a backup and
an export (``RLIMIT_FSIZE`` in a subprocess: writes fail with EFBIG, as on a full disk), a USB
stick pulled mid-export, a read-only data folder, a second copy of the app on the same file."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ykt_desktop import backup, db_lock
from ykt_desktop.atomic_files import WriteFailed, atomic_output
from ykt_desktop.cli import main
from ykt_desktop.storage import open_db

ROOT = Path(__file__).resolve().parent.parent
LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)      # a too-big write fails with EFBIG instead
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from ykt_desktop.cli import main
sys.exit(main(sys.argv[2:]))
"""
HOLD_LOCK = """
import sys, time
from ykt_desktop.db_lock import acquire
lock = acquire(sys.argv[1])
print("locked", flush=True)
time.sleep(600)
"""


def _python(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)


def _state(path: Path) -> tuple[str, int, int]:
    db = open_db(path, migrate=False)
    try:
        return (db.execute("PRAGMA integrity_check").fetchone()[0],
                db.execute("SELECT count(*) FROM persons").fetchone()[0],
                db.execute("SELECT count(*) FROM payments").fetchone()[0])
    finally:
        db.close()


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@contextlib.contextmanager
def _small_disk(folder: Path, size: int):
    """A real small disk (tmpfs) at ``folder`` when this process may mount one (root on Linux);
    else None, and the caller limits the file size (RLIMIT_FSIZE) instead."""
    folder.mkdir()
    mounted = os.geteuid() == 0 and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True).returncode == 0
    try:
        yield folder if mounted else None
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=True)


def test_full_disk_during_backup(demo_path, tmp_path):
    size = demo_path.stat().st_size
    with _small_disk(tmp_path / "disk", size * 3 // 2) as disk:
        live = shutil.copyfile(demo_path, disk / "demo.db") if disk else demo_path
        before = _state(live)
        if disk:
            done = _python(LIMITED, str(2**40), "backup", "now", "--db", str(live))
        else:
            done = _python(LIMITED, str(size // 2), "backup", "now", "--db", str(live))
        assert done.returncode == 2, done.stderr
        assert "无法写入备份" in done.stderr
        assert "当前数据库未受影响" in done.stderr or "之前已保存的数据完好" in done.stderr
        # a real full disk is named; a file-size limit reads to SQLite as an I/O error
        assert "磁盘空间已满" in done.stderr or not disk and "读写磁盘出错" in done.stderr
        assert "Traceback" not in done.stderr
        assert _leftovers(live.parent / "backups") == []        # no half backup, no temp
        assert _state(live) == before
    assert main(["backup", "now", "--db", str(demo_path)]) == 0   # space back: it works


def test_full_disk_during_export_leaves_no_half_file(demo_path, tmp_path):
    out = tmp_path / "out" / "forms.pdf"
    out.parent.mkdir()
    assert _python(LIMITED, str(2**40), "info", "--db", str(demo_path)).returncode == 0  # migrated
    done = _python(LIMITED, "65536", "print-forms", "--db", str(demo_path), "--out", str(out),
                   "--quiet", "--village", _a_village(demo_path))
    assert done.returncode == 2, done.stderr
    assert "无法写入" in done.stderr and "没有留下不完整的文件" in done.stderr
    assert _leftovers(out.parent) == []
    assert _state(demo_path)[0] == "ok"


def _a_village(path: Path) -> str:
    db = open_db(path, migrate=False)
    try:
        return db.execute("SELECT code FROM regions WHERE level = 'village' LIMIT 1").fetchone()[0]
    finally:
        db.close()


def test_stick_pulled_mid_export_keeps_the_old_file(tmp_path):
    target = tmp_path / "公示名单.xlsx"
    target.write_bytes(b"the earlier export")
    with pytest.raises(WriteFailed, match="U 盘") as info:
        with atomic_output(target) as temp:
            temp.write_bytes(b"x" * 5000)
            raise OSError(errno.EIO, "Input/output error")
    assert "没有留下不完整的文件" in str(info.value)
    assert target.read_bytes() == b"the earlier export"
    assert _leftovers(tmp_path) == ["公示名单.xlsx"]


def test_read_only_data_folder(demo_path, monkeypatch):
    """Backups into a folder that refuses writes: a Chinese message, the database untouched.
    (The tests run as root here, where permissions do not stop writes: the folder's refusal is
    the error the system gives, EROFS, raised where the backup copy is opened.)"""
    import ykt_desktop.backup as backup_module

    before = _state(demo_path)

    def refuse(path, **_kw):
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    real_connect = backup_module.connect
    monkeypatch.setattr(backup_module, "connect",
                        lambda path, **kw: refuse(path) if "backups" in str(path)
                        else real_connect(path, **kw))
    db = open_db(demo_path)
    with pytest.raises(backup.BackupError, match="只读") as info:
        backup.backup_db(db, reason="manual")
    db.close()
    assert "当前数据库未受影响" in str(info.value)
    assert _state(demo_path) == before


def test_read_only_data_folder_cli(demo_path, tmp_path):
    """The database on a read-only disk (a write-protected stick): a read-only tmpfs when this
    process may mount one, else a folder without write permission (effective for non-root)."""
    size = demo_path.stat().st_size
    with _small_disk(tmp_path / "stick", size * 2) as disk:
        folder = disk or tmp_path / "stick"
        live = shutil.copyfile(demo_path, folder / "demo.db")
        if disk:
            subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        else:
            folder.chmod(0o555)
        try:
            for args in (["info"], ["backup", "now"], ["backup", "restore"]):
                done = _python(LIMITED, str(2**40), *args, "--db", str(live))
                assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
                assert "只读" in done.stderr and "复制到本机硬盘" in done.stderr, done.stderr
        finally:
            if not disk:
                folder.chmod(0o755)
        assert _leftovers(folder) == ["demo.db"]


def test_second_copy_is_told_who_holds_the_database(demo_path):
    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(demo_path)], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        with pytest.raises(db_lock.DatabaseInUse) as info:
            db_lock.acquire(demo_path)
        message = str(info.value)
        assert f"进程号 {proc.pid}" in message and "正在被电脑" in message
        assert info.value.holder.pid == proc.pid
        assert main(["backup", "restore", "--db", str(demo_path)]) == 2   # refused, named
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    lock = db_lock.acquire(demo_path)          # the killed copy's lock is stale: taken over
    try:
        assert lock.stale_from is not None and lock.stale_from.pid == proc.pid
    finally:
        lock.release()
    again = db_lock.acquire(demo_path)         # a lock released normally leaves nothing stale
    assert again.stale_from is None
    again.release()


def test_second_copy_of_the_app_offers_read_only(demo_path, monkeypatch, qapp):
    from PySide6.QtWidgets import QMessageBox

    from ui import db_lock_prompt

    held = db_lock.acquire(demo_path)
    shown = []

    def fake_exec(box):
        shown.append(box.text())
        choice = next(b for b in box.buttons() if b.text() == "只读打开")
        box.clickedButton = lambda: choice
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    try:
        result = db_lock_prompt.lock_database(demo_path)
    finally:
        held.release()
    assert result is not None and result.read_only and result.lock is None
    assert "正在被电脑" in shown[0] and "只读打开" in shown[0]


@contextlib.contextmanager
def _read_only_view(source: Path, tmp_path: Path):
    """``source`` seen through a read-only bind mount when root (as a write-protected stick
    is), else through a folder without write permission (effective for non-root)."""
    view = tmp_path / "ro-view"
    view.mkdir()
    mounted = os.geteuid() == 0 and subprocess.run(
        ["mount", "--bind", str(source), str(view)], capture_output=True).returncode == 0
    if mounted:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], check=True)
    else:
        view.rmdir()
        view = source
        view.chmod(0o555)
    try:
        yield view
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(view)], check=True)
        else:
            view.chmod(0o755)


def test_app_start_on_read_only_folder_explains_and_writes_nothing(demo_path, tmp_path,
                                                                   no_blocking_message_boxes,
                                                                   qapp):
    from ui import db_lock_prompt, startup

    folder = tmp_path / "stick"
    folder.mkdir()
    shutil.copyfile(demo_path, folder / "g.db")
    with _read_only_view(folder, tmp_path) as view:
        held = db_lock_prompt.lock_database(view / "g.db")
        assert held is not None and held.read_only and held.lock is None
        assert startup.open_database(view / "g.db", new_file_setup=False) is None
    assert _leftovers(folder) == ["g.db"]
    (kind, text), = no_blocking_message_boxes
    assert kind == "critical" and "只读" in text and "复制到本机硬盘" in text
    assert "损坏" not in text
