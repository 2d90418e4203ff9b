"""The one intake job every incoming file goes through (issue 13).

A source (:class:`Source`: a payment roster, a death, cadre or register list, a package, a
return file) knows how to *read* its file (the one parse), *check* what it read against the
database (no writes; the result is kept) and *write* it. This job owns the rest, the same
for all of them:

1. file identity: the SHA-256 of the bytes, and the earlier import of the same bytes
   (:mod:`.identity`), handed to the check, which words it for its kind;
2. the before-import backup (:mod:`.backup_step`), started before the file is read;
3. reuse: a check result passed back in (the UI's 检查 then 导入) is written as it is when the
   file still has the hash it was checked with, the options are the same and the database
   has not changed since (:func:`.identity.state`); otherwise the file is read and checked
   again. So a file is parsed once per import;
4. one transaction holding the backup's last step, the batch record (``import_batches``),
   the write and, for bulk sources, the audit pause with its one summary entry
   (:func:`ykt_desktop.audit.bulk.bulk_load`).

Several files at once (a batch of packages, :func:`ykt_desktop.exchange.batch.import_batch`)
go through the same :func:`check` (with ``seen``: the same bytes twice in the batch are a
duplicate of the earlier file) and the same :func:`write_all`, one transaction for all.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import sqlite_utils

from ykt_desktop.audit.bulk import bulk_load
from ykt_desktop.intake import backup_step
from ykt_desktop.intake.identity import (
    FileIdentity,
    Previous,
    identify,
    previous_import,
    same_file,
    state,
)
from ykt_desktop.progress import Job, Progress


@dataclass(frozen=True)
class Stamp:
    """What a check result was made from: file, options and the database's state."""
    identity: FileIdentity
    options: tuple
    state: tuple[int, ...]
    previous: Previous | None = None


class Source(Protocol):
    path: Path
    kind: str          # import_batches.kind
    backup: bool       # a before-import backup first (when the database holds data)
    bulk: bool         # per-row audit entries off, one summary entry

    def options(self) -> tuple: ...
    def read(self, db: sqlite_utils.Database) -> Job[Any]: ...
    def check(self, db: sqlite_utils.Database, data: Any, stamp: Stamp) -> Job[Any]: ...
    def worth_backup(self, previous: Previous | None) -> bool: ...
    def refuse(self, checked: Any) -> Any: ...
    def outside(self, db: sqlite_utils.Database) -> AbstractContextManager: ...
    def batch(self, checked: Any) -> dict: ...
    def audit(self, checked: Any) -> tuple[str, dict]: ...
    def write(self, db: sqlite_utils.Database, checked: Any, batch_id: int) -> Job[Any]: ...


def check(db: sqlite_utils.Database, source: Source, *,
          after_read: Callable[[Stamp], None] | None = None,
          seen: dict[str, str] | None = None) -> Job[Any]:
    """Identify, read once and check; nothing is written. The result carries its stamp.
    ``after_read`` runs between the read and the check (the intake starts its backup there).
    ``seen``: hash -> file name of the files checked before in the same batch; the same bytes
    again get that file as their earlier import."""
    before = state(db)
    data = yield from source.read(db)     # the one parse (its own errors for a missing file)
    identity = identify(source.path, getattr(data, "sha256", None))
    previous = previous_import(db, source.kind, identity.sha256)
    if seen is not None:
        if identity.sha256 in seen:
            previous = Previous(0, "", same_as=seen[identity.sha256])
        seen.setdefault(identity.sha256, identity.name)
    stamp = Stamp(identity, source.options(), before, previous)  # options may come from read
    if after_read is not None:
        after_read(stamp)
    checked = yield from source.check(db, data, stamp)
    checked.stamp = stamp
    return checked


def still_valid(db: sqlite_utils.Database, source: Source, checked: Any) -> bool:
    """``checked`` may be written as it is: same bytes, options and database state."""
    stamp = getattr(checked, "stamp", None)
    return (stamp is not None and stamp.options == source.options()
            and stamp.state == state(db) and same_file(stamp.identity))


def intake(db: sqlite_utils.Database, source: Source, *, checked: Any = None) -> Job[Any]:
    """Check (or reuse ``checked``), then write in one transaction; any refusal, error or
    cancel: nothing written, no backup kept. Returns what the source's write returns, or
    what its ``refuse`` returns when there is nothing to write (a repeated package)."""
    reuse = checked is not None and still_valid(db, source, checked)
    pending: list = []

    def start_backup(stamp: Stamp) -> None:
        """After the read, while the check runs: the sheet's load (python-calamine on one
        core, the unit's persons read on the other) is not slowed by the copy."""
        if source.backup and source.worth_backup(stamp.previous):
            pending.append(backup_step.start(db))

    try:
        if reuse:
            start_backup(checked.stamp)
        else:
            checked = yield from check(db, source, after_read=start_backup)
        early = source.refuse(checked)
    except BaseException:
        backup_step.drop(pending[0] if pending else None)
        raise
    if early is not None:
        backup_step.drop(pending[0] if pending else None)
        return early
    audit = source.audit(checked) if source.bulk else None
    [result] = yield from write_all(db, [(source, checked)], pending=pending[0] if pending
                                    else None, audit=audit)
    # No step after the commit: a job's 取消 is seen at its next step, and one pressed during
    # the commit would report "cancelled" for an import that is written (code review).
    return result


def wants_backup(db: sqlite_utils.Database, items: list[tuple[Source, Any]]):
    """The before-import backup for checked files to be written together (started here)."""
    if any(s.backup and s.worth_backup(c.stamp.previous) for s, c in items):
        return backup_step.start(db)
    return None


def write_all(db: sqlite_utils.Database, items: list[tuple[Source, Any]], *,
              pending=None, audit: tuple[str, dict] | None = None,
              steps: Callable[[], list[AbstractContextManager]] = list,
              announce: Callable[[int, Source], Progress] | None = None) -> Job[list]:
    """Write checked files (one, or a batch of one kind) in one transaction: the backup's last
    step, the audit pause with its one summary entry (``audit``: kind and detail), the
    caller's ``steps`` around all writes, then per file its batch record and its write."""
    results: list = []
    backup_step.wait(pending)
    with items[0][0].outside(db), db.atomic(), ExitStack() as stack:
        backup_step.finish(db, pending)
        if audit is not None:
            stack.enter_context(bulk_load(db, audit[0], detail=audit[1], backup=False))
        for step in steps():
            stack.enter_context(step)
        for n, (source, checked) in enumerate(items):
            if announce is not None:
                yield announce(n, source)
            batch_id = record_batch(db, source.kind, checked.stamp.identity,
                                    **source.batch(checked))
            results.append((yield from source.write(db, checked, batch_id)))
    return results


def record_batch(db: sqlite_utils.Database, kind: str, identity: FileIdentity, *,
                 rows: int = 0, mapping: str = "{}", imported_by: str = "") -> int:
    """The batch record every import leaves (its id goes into the rows it writes)."""
    return db.execute(
        "INSERT INTO import_batches(kind, filename, sha256, rows, mapping, imported_by) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [kind, identity.name, identity.sha256, rows, mapping, imported_by]).lastrowid
