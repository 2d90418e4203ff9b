"""One copy of the app per database: a lock file ``<database>.lock`` beside it.

The lock is the operating system's lock on that open file (``flock`` on Linux, ``msvcrt.locking``
on Windows), held for as long as the app runs; the file's text says who holds it (user, PC
name, process id, since when) so that a second copy can tell the officer in Chinese. The OS
drops the lock when the holding process ends, however it ends, so a lock left by a killed or
crashed copy is stale: the next copy takes it over (:attr:`DbLock.stale_from` names the copy that
did not close properly). A copy that closes normally empties the file (it is never deleted:
deleting a lock file races with a copy opening it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import socket
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO

from ykt_desktop.atomic_files import describe_os_error
from ykt_desktop.errors import UserError

SUFFIX = ".lock"
WINDOWS_LOCK_OFFSET = 2**20      # Windows locks are mandatory: lock a byte beyond the text


@dataclass
class LockHolder:
    user: str
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        return (f"电脑“{self.host}”上的用户“{self.user}”（进程号 {self.pid}，"
                f"自 {self.since.replace('T', ' ')[:16]} 起）")


class DatabaseInUse(UserError):
    """Another copy of the app has the database open; the message is Chinese."""

    def __init__(self, path: Path, holder: LockHolder | None) -> None:
        who = holder.describe() if holder else "另一个程序"
        super().__init__(f"数据库 {path.name} 正在被{who}使用。为防止两处同时修改互相覆盖，"
                         f"同一时间只能有一处打开并修改它。")
        self.path, self.holder = path, holder


class LockFileError(OSError, UserError):
    """The lock file cannot be made (a read-only folder, no permission); Chinese message."""


def lock_path(db_file: Path | str) -> Path:
    return Path(str(db_file) + SUFFIX)


def me() -> LockHolder:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "?"
    return LockHolder(user, socket.gethostname(), os.getpid(),
                      dt.datetime.now().isoformat(timespec="seconds"))


def _read(handle: IO[str]) -> LockHolder | None:
    handle.seek(0)
    try:
        return LockHolder(**json.loads(handle.read(4096)))
    except (ValueError, TypeError, OSError):
        return None


def _try_lock(handle: IO[str]) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        handle.seek(WINDOWS_LOCK_OFFSET)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class DbLock:
    """The held lock; :meth:`release` (or the end of the process) frees it."""

    def __init__(self, path: Path, handle: IO[str], stale_from: LockHolder | None) -> None:
        self.path, self.handle, self.stale_from = path, handle, stale_from

    def release(self) -> None:
        if self.handle.closed:
            return
        with contextlib.suppress(OSError):
            self.handle.seek(0)
            self.handle.truncate()
            self.handle.flush()
        self.handle.close()      # closing the file frees the OS lock


def acquire(db_file: Path | str) -> DbLock:
    """Take the database's lock, or raise :class:`DatabaseInUse` naming who holds it."""
    path = lock_path(db_file)
    try:
        handle = open(path, "a+", encoding="utf-8")   # noqa: SIM115 - held for the app's life
    except OSError as exc:
        raise LockFileError(f"{describe_os_error(exc, path)}。数据库所在文件夹不能写入，"
                            f"无法在此修改数据库；请把数据库复制到本机硬盘上可写的文件夹") from exc
    if not _try_lock(handle):
        holder = _read(handle)
        handle.close()
        raise DatabaseInUse(Path(db_file), holder)
    stale = _read(handle)
    handle.seek(0)
    handle.truncate()
    handle.write(json.dumps(asdict(me()), ensure_ascii=False))
    handle.flush()
    return DbLock(path, handle, stale)


def holder(db_file: Path | str) -> LockHolder | None:
    """Who holds the lock now (None when nobody does)."""
    try:
        lock = acquire(db_file)
    except DatabaseInUse as exc:
        return exc.holder
    lock.release()
    return None


@contextlib.contextmanager
def hold_lock(db_file: Path | str) -> Iterator[DbLock]:
    lock = acquire(db_file)
    try:
        yield lock
    finally:
        lock.release()
