"""Files that are either wholly written or not there at all.

A file is written under a temporary name beside its final one (``.<name>.part-<pid>``), flushed
to the disk (``fsync``), then renamed over the final name with :func:`os.replace`, which is
atomic on one file system; the folder is fsynced so the rename itself survives a power cut. A
kill, a full disk or a USB stick pulled mid-write leaves at most a temporary file, which
:func:`remove_stale_temps` clears once its process is gone; never a half file under the final
name. Exports use :func:`atomic_output`; backups and restores use the same steps.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from ykt_desktop.errors import UserError

PART = ".part-"


class WriteFailed(OSError, UserError):
    """A file could not be written (full disk, stick pulled, no permission); Chinese message.
    A :class:`ykt_desktop.errors.UserError`."""


def temp_beside(path: Path | str) -> Path:
    """The temporary name under which ``path`` is written (hidden, names this process)."""
    path = Path(path)
    return path.with_name(f".{path.name}{PART}{os.getpid()}")


def fsync_file(path: Path | str) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def fsync_dir(folder: Path | str) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened: Windows)."""
    if sys.platform == "win32":  # pragma: no cover - NTFS journals the rename itself
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def commit_temp(temp: Path | str, final: Path | str) -> None:
    """fsync ``temp``, rename it to ``final`` atomically, fsync the folder."""
    fsync_file(temp)
    os.replace(temp, final)
    fsync_dir(Path(final).parent)


def describe_os_error(exc: OSError, path: Path | str) -> str:
    """A Chinese sentence for a failed write of ``path``."""
    import errno

    reason = {errno.ENOSPC: "磁盘空间已满", errno.EFBIG: "文件超过了磁盘允许的大小（或磁盘已满）",
              errno.EROFS: "磁盘或文件夹是只读的", errno.EACCES: "没有写入权限",
              errno.EPERM: "没有写入权限", errno.EIO: "读写磁盘出错（可能是 U 盘被拔出）",
              errno.ENOENT: "文件夹不存在（可能是 U 盘被拔出）",
              errno.ENODEV: "磁盘已断开（可能是 U 盘被拔出）"}.get(exc.errno or 0)
    return f"无法写入 {path}：{reason or exc.strerror or exc}"


@contextlib.contextmanager
def atomic_output(path: Path | str) -> Iterator[Path]:
    """Yield a temporary path to write; on success it becomes ``path`` atomically.

    On any error the temporary file is removed and an :class:`OSError` becomes
    :class:`WriteFailed` with a Chinese message; an existing ``path`` is left untouched.
    """
    final = Path(path)
    temp = temp_beside(final)
    try:
        yield temp
        commit_temp(temp, final)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and not isinstance(exc, WriteFailed):
            raise WriteFailed(f"{describe_os_error(exc, final)}。没有留下不完整的文件，"
                              f"请检查磁盘后重试。") from exc
        raise


def write_bytes_atomic(path: Path | str, data: bytes) -> Path:
    with atomic_output(path) as temp:
        temp.write_bytes(data)
    return Path(path)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # pragma: no cover
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)
        if handle:
            ctypes.windll.kernel32.CloseHandle(handle)
        return bool(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temps(folder: Path | str) -> list[Path]:
    """Remove temporary files in ``folder`` left by processes that no longer run."""
    removed = []
    for temp in Path(folder).glob(f".*{PART}*"):
        pid = temp.name.rsplit(PART, 1)[-1].split("-", 1)[0]
        if pid.isdigit() and not _pid_alive(int(pid)):
            with contextlib.suppress(OSError):
                temp.unlink()
                removed.append(temp)
    return removed
