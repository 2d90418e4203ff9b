"""Recovery: where the database may live, checking it at start, and restoring a backup.

- :func:`check_location` refuses a database on a network share (SQLite's locking is not
  reliable there; a damaged file is the usual result). ``YKT_ALLOW_NETWORK_DB=1`` overrides.
- :func:`startup_check` runs quick_check and, for a damaged file, names the newest good backup.
- :func:`restore` (:mod:`ykt_desktop.recovery_restore`) never writes into the live file: only a
  finished, checked, non-empty backup of the same unit is used; it is copied beside the live
  file and checked; the live file is kept under a new name; then one atomic rename.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ykt_desktop.backup import is_intact
from ykt_desktop.recovery_restore import (
    RecoveryError,
    RestorePlan,
    RestoreResult,
    good_backups,
    newest_good_backup,
    plan_restore,
    restore,
)

NETWORK_FS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph",
              "glusterfs", "fuse.sshfs", "sshfs", "davfs", "fuse.davfs2", "fuse.rclone"}


@dataclass
class StartupStatus:
    path: Path
    intact: bool
    good_backup: Path | None


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


def startup_check(db_file: Path | str) -> StartupStatus:
    """quick_check the file (a missing file is fine: it will be created)."""
    path = Path(db_file)
    if path.exists() and not os.access(path.parent, os.W_OK):
        raise RecoveryError(f"数据库所在文件夹 {path.parent} 是只读的（例如写保护的 U 盘）或没有"
                            f"写入权限，无法在那里打开数据库；请把数据库复制到本机硬盘上可写的"
                            f"文件夹后再打开。文件未被改动")
    intact = not path.exists() or path.stat().st_size == 0 or is_intact(path)
    return StartupStatus(path, intact, None if intact else newest_good_backup(path))


__all__ = ["RecoveryError", "RestorePlan", "RestoreResult", "StartupStatus", "check_location",
           "good_backups", "newest_good_backup", "plan_restore", "restore", "startup_check"]
