"""Where a database may live: never on a network share (SQLite's locking is not reliable there;
a damaged file is the usual result). ``YKT_ALLOW_NETWORK_DB=1`` overrides.

Checked by :meth:`ykt_desktop.db.handle.DbHandle.open` before a file is opened; the error is the
recovery's (:class:`RecoveryError`), shown to the user in Chinese.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ykt_desktop.errors import UserError


class RecoveryError(UserError):
    """A restore or location problem; the message is Chinese."""


NETWORK_FS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph",
              "glusterfs", "fuse.sshfs", "sshfs", "davfs", "fuse.davfs2", "fuse.rclone"}


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


