"""The package source: a lower unit's signed (and maybe encrypted) ``.ykt`` file.

Read: open and verify it (signature, files, region, history). Check: the earlier import of
the same bytes (a no-op), the preview of what changes, the returns it carries and its audit
head. Write: the rows, findings, submission record and returns, with constraints and foreign
keys checked once at the end and the tables' audit triggers paused (:mod:`.package_steps`).
Several files at once: :func:`ykt_desktop.exchange.batch.import_batch`.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from ykt_desktop.audit.bulk import triggers_paused
from ykt_desktop.exchange.history import LIVE
from ykt_desktop.exchange.integrity import checked_at_end
from ykt_desktop.exchange.reader import OpenPackage
from ykt_desktop.gc_pause import gc_paused
from ykt_desktop.intake.identity import Previous
from ykt_desktop.intake.job import Stamp, check, intake
from ykt_desktop.intake.package_steps import (
    WRITTEN_TABLES,
    ImportResult,
    foreign_keys_off,
    prepare_result,
    verify_package,
    write_package,
)
from ykt_desktop.progress import Job, Progress


@dataclass
class PackageSource:
    path: Path
    preview_only: bool = False
    backup: bool = True               # False: the caller backed the database up already
    opened: list[OpenPackage] = field(default_factory=list)
    grouped: bool = False             # in a batch, which checks and pauses triggers for all
    kind = "package"
    bulk = True

    def options(self) -> tuple:
        return ("package",)

    def read(self, db: sqlite_utils.Database) -> Job[OpenPackage]:
        yield Progress(0, 3, "校验签名和文件")
        pkg = verify_package(db, self.path)
        self.opened.append(pkg)
        return pkg

    def check(self, db: sqlite_utils.Database, pkg: OpenPackage, stamp: Stamp
              ) -> Job[ImportResult]:
        yield Progress(1, 3, "比较变化")
        result = prepare_result(db, pkg, stamp.previous)
        if result.outcome != "duplicate":
            result.package = pkg         # kept for the write (and a later job's write)
        return result

    def worth_backup(self, previous: Previous | None) -> bool:
        """The same file again is a no-op: nothing to back up for it."""
        return previous is None or previous.status not in LIVE

    def refuse(self, result: ImportResult) -> ImportResult | None:
        """Nothing to write: a preview, or the same file again (a no-op)."""
        return result if self.preview_only or result.outcome == "duplicate" else None

    def outside(self, db: sqlite_utils.Database) -> AbstractContextManager:
        return foreign_keys_off(db)

    def batch(self, result: ImportResult) -> dict:
        return {}

    def audit(self, result: ImportResult) -> tuple[str, dict]:
        identity = result.stamp.identity
        return "package", {"file": identity.name, "sha256": identity.sha256,
                           "unit": result.unit_code, "period": result.period,
                           "signer": result.signer}

    def write(self, db: sqlite_utils.Database, result: ImportResult, batch_id: int
              ) -> Job[ImportResult]:
        pkg = _kept(result)
        if pkg is None:             # the kept package does not hold the checked bytes
            pkg = yield from self.read(db)
        if self.grouped:
            yield from write_package(db, pkg, result, batch_id)
            return result
        with checked_at_end(db, filename=pkg.path.name), triggers_paused(db, WRITTEN_TABLES):
            yield from write_package(db, pkg, result, batch_id)
        return result

    def close(self, *, keep: OpenPackage | None = None) -> None:
        for pkg in self.opened:
            if pkg is not keep:
                pkg.close()


def _kept(result: ImportResult) -> OpenPackage | None:
    """The package the check opened, while it is the file the check was stamped with (the
    intake confirmed the file on disk still has that hash before reusing the result)."""
    pkg, stamp = result.package, result.stamp
    if (pkg is None or stamp is None or pkg.zip.fp is None       # closed
            or pkg.sha256 != stamp.identity.sha256):
        return None
    return pkg


def import_package(db: sqlite_utils.Database, path: Path | str, *,
                   preview_only: bool = False, backup: bool = True,
                   checked: ImportResult | None = None) -> Job[ImportResult]:
    """Verify, preview and (unless ``preview_only``) apply the package in one transaction.

    A database holding data is backed up first (``backup=False`` when the caller already did).
    ``checked``: this file's preview from an earlier job, reused while file and database are
    unchanged."""
    source = PackageSource(Path(path), preview_only, backup)
    kept: OpenPackage | None = None
    try:
        with gc_paused():   # millions of short-lived rows: the collector would cost a fifth
            if preview_only:     # the preview keeps its opened package for the import
                result = yield from check(db, source)
                kept = result.package
                return result
            return (yield from intake(db, source, checked=checked))
    finally:
        source.close(keep=kept)
        if checked is not None and not preview_only and checked.package is not None:
            checked.package.close()          # written, refused or checked again: done with
            checked.package = None
