"""Recovery: where the database may live, checking it at start, and restoring a backup.

- :func:`check_location` refuses a database on a network share (SQLite's locking is not
  reliable there; a damaged file is the usual result). ``YKT_ALLOW_NETWORK_DB=1`` overrides.
- :func:`startup_check` runs quick_check and, for a damaged file, names the newest good backup.
- :func:`restore` never writes into the live file: the backup is copied to a new file next to
  it and checked; the live file (with its -wal/-shm) is renamed aside and kept; then the copy
  takes its name.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ykt_desktop.backup import copy_database, is_intact, list_backups
from ykt_desktop.errors import register_user_error
from ykt_desktop.storage import key_for, remember_key

NETWORK_FS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph",
              "glusterfs", "fuse.sshfs", "sshfs", "davfs", "fuse.davfs2", "fuse.rclone"}
SIDE_FILES = ("-wal", "-shm")


@register_user_error
class RecoveryError(Exception):
    """A restore or location problem; the message is Chinese."""


@dataclass
class StartupStatus:
    path: Path
    intact: bool
    good_backup: Path | None


@dataclass
class RestoreResult:
    source: Path
    kept: Path | None


def _linux_fs_type(path: Path) -> str:
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    best, fstype = "", ""
    target = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3 and (target == parts[1] or target.startswith(
                parts[1].rstrip("/") + "/")) and len(parts[1]) >= len(best):
            best, fstype = parts[1], parts[2]
    return fstype


def is_network_path(path: Path | str) -> bool:
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes

        drive = os.path.splitdrive(str(Path(path).resolve()))[0]
        return bool(drive) and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4
    return _linux_fs_type(Path(path).parent) in NETWORK_FS


def check_location(path: Path | str) -> None:
    if os.environ.get("YKT_ALLOW_NETWORK_DB") == "1":
        return
    if is_network_path(path):
        raise RecoveryError(f"数据库文件 {path} 位于网络共享路径上。多人或断网时 SQLite 数据库"
                            f"容易损坏，请把数据库放在本机磁盘上（可用“上报文件”在单位间交换数据）")


def newest_good_backup(db_file: Path | str) -> Path | None:
    for candidate in list_backups(db_file):
        if is_intact(candidate, key_of=db_file):
            return candidate
    return None


def startup_check(db_file: Path | str) -> StartupStatus:
    """quick_check the file (a missing file is fine: it will be created)."""
    path = Path(db_file)
    intact = not path.exists() or path.stat().st_size == 0 or is_intact(path)
    return StartupStatus(path, intact, None if intact else newest_good_backup(path))


def restore(db_file: Path | str, backup_file: Path | str | None = None) -> RestoreResult:
    """Put a backup in place of ``db_file``; the previous file is kept under a new name.

    Every connection to ``db_file`` must be closed first.
    """
    live = Path(db_file)
    source = Path(backup_file) if backup_file else newest_good_backup(live)
    if source is None:
        raise RecoveryError(f"没有找到 {live.name} 的完好备份")
    if not source.exists() or not is_intact(source, key_of=live):
        raise RecoveryError(f"备份文件 {source} 不存在或未通过完整性检查，不能用来恢复")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    fresh = live.with_name(f"{live.name}.restoring-{stamp}")
    key = key_for(source) or key_for(live)
    copy_database(source, fresh, key=key)
    if key:
        remember_key(fresh, key)
    if not is_intact(fresh, key_of=live):
        fresh.unlink(missing_ok=True)
        raise RecoveryError(f"恢复出的文件未通过完整性检查，原数据库未改动：{source}")
    kept = None
    if live.exists():
        kept = live.with_name(f"{live.stem}-replaced-{stamp}{live.suffix}")
        os.replace(live, kept)
        for suffix in SIDE_FILES:
            side = Path(str(live) + suffix)
            if side.exists():
                os.replace(side, Path(str(kept) + suffix))
    os.replace(fresh, live)
    _record_restore(live, source, kept)
    return RestoreResult(source, kept)


def _record_restore(live: Path, source: Path, kept: Path | None) -> None:
    from ykt_desktop.audit.chain import record
    from ykt_desktop.storage import open_db

    db = open_db(live, backup=False)
    try:
        record(db, "restore", after={"backup": source.name, "kept": kept.name if kept else ""})
    finally:
        db.close()
