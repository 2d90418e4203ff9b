"""Backups through the SQLite online backup API, each verified before it counts.

Backups sit in ``backups/`` beside the database as ``<stem>-<time>-<reason>.db`` and rotate per
reason (:data:`KEEP`): at start, daily, before migrations, before imports, by hand. A backup of
an encrypted database is encrypted with the same key (the live connection's, from its handle:
:func:`ykt_desktop.db.connection.key_of`), and the key file is copied beside it, so the same
passphrase or recovery key opens it; whoever opens a backup passes the live database's key.

Verification (:data:`CHECKS`): start, daily, before-migration, manual and before-restore copies
pass the full ``PRAGMA integrity_check``. A before-import copy is taken before every import,
small or big, so its cost is the fixed cost of every import into a big file (issue 15: a
2,000-row roster into the county demo, 7.4 s CPU of which the copy's quick_check 4.0 s, the
copy 1.3 s, its SHA-256 0.7 s). It passes the ``page_count`` check (:func:`_verify`): the page
count in its header times the page size is its size on disk (no short write), the schema and
the row counts read, and every byte is read back for the manifest's SHA-256 (no unreadable
page). The backup API copies pages as SQLite itself wrote them, so walking every b-tree of the
copy (quick_check) finds only damage the live file already had; that is the start and daily
checks' work, and a restore checks the copy it makes (quick_check, counts and the manifest's
SHA-256) before it replaces anything.
A backup is written under a temporary name (:func:`ykt_desktop.atomic_files.temp_beside`),
checked, described in its manifest (:mod:`ykt_desktop.backup_manifest`: unit, time, counts, size,
SHA-256), flushed to the disk and only then renamed to its final name, so a kill or a full disk
mid-copy never leaves a file that looks like a finished backup.

Big imports take that backup on a second connection while they read and validate their file
(:func:`start_backup_before_import`), so on a 2-core machine it mostly overlaps their own work.
"""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from pathlib import Path

import sqlite_utils

from ykt_desktop.atomic_files import commit_temp, remove_stale_temps, temp_beside
from ykt_desktop.audit.checkpoints import make_checkpoint
from ykt_desktop.backup_files import (  # noqa: F401 - is_intact, copy_database re-exported
    copy_database,
    db_size,
    final_name,
    is_intact,
    why,
)
from ykt_desktop.backup_manifest import (
    BackupInfo,
    describe,
    manifest_path,
    sha256_of,
    write_manifest,
)
from ykt_desktop.backup_unit import remember_unit
from ykt_desktop.db.connection import (
    DB_ERRORS,
    connect,
    db_path,
    key_of,
    keyfile_path,
)
from ykt_desktop.errors import UserError
from ykt_desktop.paths import backups_dir
from ykt_desktop.security.session import PermissionDenied, current, may

KEEP_BACKUPS = 10
KEEP = {"start": 5, "daily": 7, "before-migration": 5, "before-import": 10, "manual": 10,
        "before-restore": 5}
CHECKS = {"before-import": "page_count"}    # every other reason: integrity_check
DAILY_HOURS = 24


class BackupError(UserError):
    """A backup could not be written or failed its integrity check."""


def backup_db(db: sqlite_utils.Database, *, reason: str, keep: int | None = None) -> Path | None:
    """Copy the live database to ``backups/<stem>-<time>-<reason>.db`` and verify the copy.

    Returns the backup's path, or None for an in-memory database. Old backups of the same
    reason beyond ``keep`` are removed, newest kept.
    """
    source = db_path(db)
    if source is None:
        return None
    checkpoint_before_backup(db)
    target = _target(source, reason)
    _clear_leftovers(target.parent)
    check = CHECKS.get(reason, "integrity_check")
    temp = temp_beside(target)
    key = key_of(db)
    info = _copy_verified(db.conn, temp, key, check)
    _finish(source, temp, target, info, reason, check, key=key)
    remember_unit(target, source.stem, info)
    return _keep(source, target, reason, keep)


def backup_now(db: sqlite_utils.Database) -> Path | None:
    """立即备份 from the command line or the window: the copy holds every person's data, so the
    read-only roles (只读检查员) may not write one (review of issue 14); automatic backups
    (start, daily, before an import or migration) stay the program's own safety copies."""
    if not may(db, "backup"):
        session = current(db)
        raise PermissionDenied(
            f"权限不足：{session.role_label} {session.username} 不能立即备份。备份文件含本库"
            f"全部个人信息（身份证号、卡号），只读角色不能写出；请由县级管理员、乡镇审核员或"
            f"村级录入员备份")
    return backup_db(db, reason="manual")


def checkpoint_before_backup(db: sqlite_utils.Database) -> None:
    """Issue 14: the copy carries the audit chain head signed (when the unit has a key)."""
    if db.conn.in_transaction:     # a before-import copy inside the import's transaction
        return
    try:
        make_checkpoint(db, "backup")
    except DB_ERRORS:      # a read-only connection (the demo) or a busy file: back up anyway
        pass


def _target(source: Path, reason: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return backups_dir(source) / f"{source.stem}-{stamp}-{reason}.db"


def _clear_leftovers(folder: Path, *, hours: float = 1.0) -> None:
    """Temporary copies of killed processes, and manifests whose backup never got its name
    (killed between the two renames; old enough not to be another thread's, in progress)."""
    remove_stale_temps(folder)
    now = dt.datetime.now().timestamp()
    for manifest in folder.glob(f"*{manifest_path('').name}"):
        backup_file = Path(str(manifest)[:-len(manifest_path("").name)])
        try:
            if not backup_file.exists() and now - manifest.stat().st_mtime > hours * 3600:
                manifest.unlink()
        except OSError:
            continue


def _copy_verified(conn, target: Path, key: bytes | None, check: str) -> BackupInfo:
    """``conn``'s database copied into ``target`` with the backup API, then ``PRAGMA check``;
    returns what the copy holds (unit, counts)."""
    try:
        dest = connect(target, key=key)
        try:
            dest.execute("PRAGMA journal_mode = DELETE")    # in WAL every page is written twice
            conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")    # the copied header said WAL
            result = _verify(dest, target, check)
            info = describe(dest) if result == "ok" else None
        finally:
            dest.close()
    except (OSError, *DB_ERRORS) as exc:
        _remove(target)
        reason = why(exc, target.parent, db_size(conn))
        raise BackupError(f"无法写入备份 {final_name(target)}：{reason}") from exc
    if info is None:
        _remove(target)
        raise BackupError(f"备份文件 {final_name(target)} 完整性检查未通过：{result}")
    return info


def _verify(dest, target: Path, check: str) -> str:
    """``ok`` or what is wrong with the copy. ``page_count``: the header's page count times the
    page size is the file's size and the schema reads (the counts and the SHA-256 read the
    rest); any other name is that PRAGMA (``integrity_check``, ``quick_check``)."""
    if check != "page_count":
        return dest.execute(f"PRAGMA {check}").fetchone()[0]
    dest.execute("SELECT count(*) FROM sqlite_master").fetchone()
    pages = int(dest.execute("PRAGMA page_count").fetchone()[0])
    page_size = int(dest.execute("PRAGMA page_size").fetchone()[0])    # SQLCipher: text
    size = target.stat().st_size
    if pages * page_size != size:
        return f"文件大小 {size} 字节与页数 {pages}×{page_size} 不符"
    return "ok"


def _finish(source: Path, temp: Path, target: Path, info: BackupInfo, reason: str,
            check: str, *, key: bytes | None) -> None:
    """Key file and manifest beside the final name, then the checked copy takes that name."""
    try:
        if key:
            key_temp = temp_beside(keyfile_path(target))
            shutil.copyfile(keyfile_path(source), key_temp)
            commit_temp(key_temp, keyfile_path(target))
        write_manifest(target, temp, info, reason=reason, check=check)
        commit_temp(temp, target)
    except OSError as exc:
        _remove(temp)
        _remove(target)
        raise BackupError(f"无法写入备份 {target.name}：{why(exc, target.parent)}") from exc


def _keep(source: Path, target: Path, reason: str, keep: int | None) -> Path:
    _rotate(target.parent, source.stem, reason,
            KEEP.get(reason, KEEP_BACKUPS) if keep is None else keep)
    return target


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal", ".keys.json", manifest_path("").name):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _rotate(folder: Path, stem: str, reason: str, keep: int) -> None:
    backups = sorted(folder.glob(f"{stem}-*-{reason}.db"))
    for old in backups[:-keep] if keep > 0 else []:
        _remove(old)


def list_backups(db_file: Path | str) -> list[Path]:
    """Backups of ``db_file``, newest first."""
    source = Path(db_file)
    found = [p for p in backups_dir(source, create=False).glob(f"{source.stem}-*.db")
             if p.name[len(source.stem) + 1:][:8].isdigit()]
    return sorted(found, key=lambda p: p.name[len(source.stem) + 1:], reverse=True)


def backup_if_due(db: sqlite_utils.Database, *, hours: int = DAILY_HOURS) -> Path | None:
    """The daily backup: written when the newest daily one is older than ``hours``."""
    source = db_path(db)
    if source is None:
        return None
    dailies = [p for p in list_backups(source) if p.name.endswith("-daily.db")]
    if dailies:
        age = dt.datetime.now().timestamp() - dailies[0].stat().st_mtime
        if age < hours * 3600:
            return None
    return backup_db(db, reason="daily")


def backup_before_import(db: sqlite_utils.Database) -> Path | None:
    """Call before an import writes anything (issue-4/6 importers)."""
    return backup_db(db, reason="before-import")


class PendingBackup:
    """A before-import backup being written by a thread on its own read-only connection.

    The import reads and validates its file meanwhile (Python work on the other core); the
    SQLite copy and check run with the GIL released. :meth:`finish` waits for it and returns
    the backup, or takes a fresh one on ``db`` when another connection committed anything
    since the copy started (``PRAGMA data_version``), so the backup always shows the state
    just before the import. Call it inside the import's transaction, before its first write.
    """

    def __init__(self, db: sqlite_utils.Database, source: Path) -> None:
        self.source, self.target = source, _target(source, "before-import")
        self.key = key_of(db)
        self.temp = temp_beside(self.target)
        self.info: BackupInfo | None = None
        self.version = _data_version(db)
        self.error: BaseException | None = None
        self.dropped = self.done = False
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, name="before-import-backup",
                                       daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            conn = connect(self.source, key=self.key, read_only=True)
            try:
                self.info = _copy_verified(conn, self.temp, self.key, CHECKS["before-import"])
            finally:
                conn.close()
            self.info.sha256 = sha256_of(self.temp)    # here, beside the import's own work
        except (BackupError, OSError, *DB_ERRORS) as exc:
            self.error = exc
        with self.lock:
            self.done = True
            if self.dropped:
                _remove(self.temp)

    def finish(self, db: sqlite_utils.Database) -> Path | None:
        self.thread.join()
        if self.error is not None or self.info is None or _data_version(db) != self.version:
            _remove(self.temp)
            return backup_before_import(db)     # raises BackupError with the reason
        _finish(self.source, self.temp, self.target, self.info, "before-import",
                CHECKS["before-import"], key=self.key)
        remember_unit(self.target, self.source.stem, self.info)
        return _keep(self.source, self.target, "before-import", None)

    def drop(self) -> None:
        """The import will not write: the copy is removed when the thread ends."""
        with self.lock:
            self.dropped = True
            if self.done:
                _remove(self.temp)


def start_backup_before_import(db: sqlite_utils.Database) -> PendingBackup | None:
    """Start the before-import backup in the background; None when there is nothing to back
    up (an in-memory or empty database: :func:`ykt_desktop.audit.bulk.bulk_load`'s rule)."""
    source = db_path(db)
    if source is None or not _holds_data(db):
        return None
    _clear_leftovers(backups_dir(source))
    return PendingBackup(db, source)


def _holds_data(db: sqlite_utils.Database) -> bool:
    tables = set(db.table_names())
    return any(db.execute(f"SELECT EXISTS (SELECT 1 FROM {t})").fetchone()[0]
               for t in ("households", "persons", "payments") if t in tables)


def _data_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA data_version").fetchone()[0]
