"""Restoring a backup in place of the live database, in steps that a kill cannot break.

:func:`plan_restore` chooses and checks the backup: only one whose manifest is present and
matches (size and SHA-256; see :mod:`ykt_desktop.backup_manifest`) is considered, and one that is
empty (no unit, no households and persons) or of another unit than the live file is refused.
The plan says what will be restored (unit, time, counts) before anything is touched.

:func:`restore` then
1. copies the backup to a temporary file beside the live one and checks it (quick_check, and the
   unit and counts the manifest promised), fsynced;
2. checkpoints the live file's WAL into it and keeps the live file under
   ``<stem>-replaced-<time>.db`` (a hard link, or a copy where links are not possible), with its
   key file and any -wal left;
3. replaces the live file with the checked copy by one atomic :func:`os.replace`.
A kill before step 3 leaves the live file as it was; after it, the restored one. Every
connection to the live file must be closed first (the app holds the database lock).
An encrypted database's backups carry its key: ``key=`` (the live file's) opens both.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ykt_desktop.atomic_files import commit_temp, fsync_dir, remove_stale_temps, temp_beside
from ykt_desktop.audit.chain import record
from ykt_desktop.audit.head import adopt, head_file
from ykt_desktop.backup import copy_database, is_intact, list_backups
from ykt_desktop.backup_manifest import BackupInfo, describe, read_manifest
from ykt_desktop.backup_unit import expected_unit
from ykt_desktop.db.connection import (
    DB_ERRORS,
    DatabaseError,
    DatabaseLocked,
    connect,
    is_encrypted,
    keyfile_path,
)
from ykt_desktop.db.handle import open_db
from ykt_desktop.db.location import RecoveryError

SIDE_FILES = ("-wal", "-shm")


@dataclass
class RestorePlan:
    live: Path
    source: Path
    info: BackupInfo
    current: BackupInfo | None        # what the live file holds now (None: missing, unreadable)
    key: bytes | None = field(default=None, repr=False)   # the live file's and its backups'

    def summary(self) -> str:
        now = (f"{self.current.unit_name or '未设置本单位'}，" + "，".join(
            f"{label} {self.current.counts.get(t, 0):,}" for t, label in
            (("households", "户"), ("persons", "人员"), ("payments", "发放记录")))
            if self.current else "无法读取（缺失或已损坏）")
        return (f"将从备份 {self.source.name} 恢复：\n  {self.info.summary()}\n"
                f"当前数据库 {self.live.name}：{now}\n当前数据库会改名保留，不会被删除。")


@dataclass
class RestoreResult:
    source: Path
    kept: Path | None
    info: BackupInfo | None = None


def read_live(live: Path, key: bytes | None = None) -> BackupInfo | None:
    """Unit and counts of the live file, or None when it is missing or cannot be read."""
    if not live.exists() or live.stat().st_size == 0:
        return None
    try:
        conn = connect(live, key=key, read_only=True)
        try:
            return describe(conn)
        finally:
            conn.close()
    except (*DB_ERRORS, DatabaseError, OSError):
        return None


def _refusal(info: BackupInfo, current: BackupInfo | None) -> str | None:
    if info.empty:
        return f"备份 {info.path.name} 是空的（{info.summary()}），不能用来恢复"
    if current and current.unit_code and info.unit_code != current.unit_code:
        return (f"备份 {info.path.name} 属于 {info.unit_name}（{info.unit_code}），当前数据库属于 "
                f"{current.unit_name}（{current.unit_code}），不能用别的单位的备份恢复")
    return None


def _unit_of(live: Path, current: BackupInfo | None) -> BackupInfo | None:
    """The live file's unit; when it cannot be read, the unit its own backups record."""
    if current is not None and current.unit_code:
        return current
    expected, ambiguous = expected_unit(live, list_backups(live))
    if ambiguous:
        raise RecoveryError(ambiguous)
    return expected


def good_backups(live: Path, current: BackupInfo | None = None) -> list[BackupInfo]:
    """Backups fit to restore, newest first: finished (manifest matches its size), not empty,
    of the live file's unit. The SHA-256 is checked when one is chosen (:func:`plan_restore`)."""
    found = []
    current = _unit_of(live, current)
    for path in list_backups(live):
        info = read_manifest(path)
        if info is not None and _refusal(info, current) is None:
            found.append(info)
    return found


def newest_good_backup(db_file: Path | str, *, key: bytes | None = None) -> Path | None:
    live = Path(db_file)
    current = read_live(live, key)
    try:
        fit = good_backups(live, current)
    except RecoveryError:       # the backups name several units: none is chosen by itself
        return None
    for info in fit:
        if read_manifest(info.path, deep=True) is not None:
            return info.path
    return None


def _explicit(source: Path, key: bytes | None) -> BackupInfo:
    """A backup named by the user: its manifest must match; a file without one (from an older
    version, or copied from elsewhere) is read and checked itself."""
    if not source.exists():
        raise RecoveryError(f"备份文件 {source} 不存在")
    if Path(str(source) + ".manifest.json").exists():
        info = read_manifest(source, deep=True)
        if info is None:
            raise RecoveryError(f"备份文件 {source} 与它的清单不符（没有写完、被截断或被改动），"
                                f"不能用来恢复")
        return info
    if not is_intact(source, key=key):
        raise RecoveryError(f"备份文件 {source} 不存在或未通过完整性检查，不能用来恢复")
    conn = connect(source, key=key, read_only=True)
    try:
        info = describe(conn)
    finally:
        conn.close()
    info.path, info.check = source, "quick_check"
    return info


def plan_restore(db_file: Path | str, backup_file: Path | str | None = None, *,
                 key: bytes | None = None) -> RestorePlan:
    """Choose (or check the named) backup and say what a restore would do; nothing changes.
    ``key``: an encrypted database's (its backups have the same)."""
    live = Path(db_file)
    if key is None and is_encrypted(live):
        raise DatabaseLocked(f"数据库 {live} 已加密，请先输入密码或恢复密钥解锁")
    current = read_live(live, key)
    if backup_file is None:
        _unit_of(live, current)         # several units and the live file unreadable: say so
        chosen = newest_good_backup(live, key=key)
        if chosen is None:
            raise RecoveryError(f"没有找到 {live.name} 的完好备份（只考虑写完并通过检查、"
                                f"有清单且相符、属于本单位的非空备份）")
        info = read_manifest(chosen)
    else:
        info = _explicit(Path(backup_file), key)
    try:
        expected = _unit_of(live, current)
    except RecoveryError:       # the user named the backup: it is shown before anything changes
        expected = None
    refusal = _refusal(info, expected)
    if refusal:
        raise RecoveryError(refusal)
    return RestorePlan(live, info.path, info, current, key)


def restore(db_file: Path | str, backup_file: Path | str | None = None, *,
            plan: RestorePlan | None = None, key: bytes | None = None) -> RestoreResult:
    """Put a backup in place of ``db_file``; the previous file is kept under a new name.
    ``key``: an encrypted database's (a ``plan`` carries its own)."""
    plan = plan or plan_restore(db_file, backup_file, key=key)
    live, source, key = plan.live, plan.source, plan.key
    remove_stale_temps(live.parent)
    fresh = _prepare(plan, key)
    kept = _keep_live(live, key)
    for suffix in SIDE_FILES:       # kept above; they must not be applied to the restored file
        Path(str(live) + suffix).unlink(missing_ok=True)
    os.replace(fresh, live)
    fsync_dir(live.parent)
    if key and not keyfile_path(live).exists() and keyfile_path(source).exists():
        _copy_atomic(keyfile_path(source), keyfile_path(live))
    _record_restore(live, source, kept, key)
    return RestoreResult(source, kept, plan.info)


def _prepare(plan: RestorePlan, key: bytes | None) -> Path:
    """The backup copied beside the live file, checked and flushed; its temporary path."""
    fresh = temp_beside(plan.live)
    try:
        _copy_backup(plan.source, fresh, key)
        copied = _read_copy(fresh, key)
        if copied is None or copied.unit_code != plan.info.unit_code or \
                copied.counts != plan.info.counts:
            raise RecoveryError(f"备份文件 {plan.source} 已损坏：恢复出的文件未通过检查（与"
                                f"备份清单不符）。原数据库未改动；请用 backup list 查看并选用"
                                f"另一个备份")
        with open(fresh, "rb+") as handle:
            os.fsync(handle.fileno())
    except BaseException:
        for suffix in ("", "-journal", *SIDE_FILES):
            Path(str(fresh) + suffix).unlink(missing_ok=True)
        raise
    return fresh


def _copy_backup(source: Path, fresh: Path, key: bytes | None) -> None:
    """The backup copied out; a damaged backup is named as such (not the live database)."""
    try:
        copy_database(source, fresh, key=key)
    except DatabaseLocked:
        raise
    except (*DB_ERRORS, DatabaseError) as exc:
        raise RecoveryError(f"备份文件 {source} 已损坏，无法读出（{exc}）。原数据库未改动；"
                            f"请用 backup list 查看并选用另一个备份") from exc


def _read_copy(fresh: Path, key: bytes | None) -> BackupInfo | None:
    if not is_intact(fresh, key=key):
        return None
    conn = connect(fresh, key=key, read_only=True)
    try:
        return describe(conn)
    finally:
        conn.close()


def kept_name(live: Path) -> Path:
    """``<stem>-replaced-<time with microseconds>[-N]``: a name no earlier kept file has."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    for n in range(1000):
        kept = live.with_name(f"{live.stem}-replaced-{stamp}{f'-{n}' if n else ''}{live.suffix}")
        if not any(Path(str(kept) + s).exists() for s in ("", *SIDE_FILES)):
            return kept
    raise RecoveryError(f"无法为原数据库 {live.name} 找到保留用的新文件名，未恢复")


def _keep_live(live: Path, key: bytes | None) -> Path | None:
    """Keep the live file (its WAL checkpointed in when it can be opened) under a new name."""
    if not live.exists():
        return None
    with contextlib.suppress(*DB_ERRORS, DatabaseError, OSError):
        conn = connect(live, key=key)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    kept = kept_name(live)
    try:
        os.link(live, kept)
    except OSError:                 # FAT32 sticks and some shares have no hard links
        _copy_atomic(live, kept)
    for suffix in SIDE_FILES:
        side = Path(str(live) + suffix)
        if side.exists() and side.stat().st_size:
            _copy_atomic(side, Path(str(kept) + suffix))
    if keyfile_path(live).exists():
        _copy_atomic(keyfile_path(live), keyfile_path(kept))

    if head_file(live).exists():        # the replaced log's head stays with the kept file
        _copy_atomic(head_file(live), head_file(kept))
    fsync_dir(live.parent)
    return kept


def _copy_atomic(source: Path, target: Path) -> None:
    temp = temp_beside(target)
    shutil.copyfile(source, temp)
    commit_temp(temp, target)


def _record_restore(live: Path, source: Path, kept: Path | None, key: bytes | None) -> None:
    head_file(live).unlink(missing_ok=True)     # the replaced log's head (kept beside ``kept``)
    db = open_db(live, backup=False, migrate=False, key=key)
    try:
        adopt(db)                   # the restored log's head, without comparing
        record(db, "restore", after={"backup": source.name, "kept": kept.name if kept else ""})
    finally:
        db.close()
