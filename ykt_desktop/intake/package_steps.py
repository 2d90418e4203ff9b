"""The steps of a package intake: verify (read), prepare (check) and write.

Refusals (all :class:`PackageError` with a Chinese reason): everything in
:func:`ykt_desktop.exchange.reader.open_verified`, plus outside_region (the sender is not below
us) and older (we already hold a newer package of that unit). The same file again is a no-op.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import sqlite_utils

from ykt_desktop.audit.bulk import bulk_load, triggers_paused
from ykt_desktop.audit.package import record_findings, sender_problems
from ykt_desktop.changes import NOTHING, Changes, Kind
from ykt_desktop.exchange import history
from ykt_desktop.exchange.apply import apply_package
from ykt_desktop.exchange.errors import PackageError
from ykt_desktop.exchange.integrity_text import explain as explain_integrity
from ykt_desktop.exchange.preview import Preview, preview_package
from ykt_desktop.exchange.reader import OpenPackage, open_verified
from ykt_desktop.exchange.received_returns import ReturnCheck, check_returns, keep_returns
from ykt_desktop.intake.identity import Previous, previous_import
from ykt_desktop.intake.job import Stamp
from ykt_desktop.pki.certs import inside
from ykt_desktop.progress import Job
from ykt_desktop.regions import LEVEL_ORDER
from ykt_desktop.security.schema_guard import trusted_step
from ykt_desktop.unit import require_unit

PACKAGE_CHANGES = Changes.of(Kind.HOUSEHOLDS, Kind.PAYMENTS, Kind.ISSUES, Kind.PUBLICITY,
                             Kind.UNIT, Kind.SUBMISSIONS, Kind.BACKUPS)

# Audited tables the apply step writes (their per-row audit triggers are paused while it runs).
WRITTEN_TABLES = ("persons", "households", "members", "cards", "payments", "statements",
                  "verifications", "issues", "issue_events")


@dataclass
class ImportResult:
    outcome: str                      # duplicate | preview | imported
    unit_code: str
    unit_name: str
    period: str
    signer: str
    preview: Preview | None = None
    counts: dict[str, int] = field(default_factory=dict)
    submission_id: int | None = None
    message: str = ""
    returns: list[ReturnCheck] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stamp: Stamp | None = None        # file, options and database state it was checked against
    # The opened, verified package the check read (bound to ``stamp``'s hash): the write
    # reuses it instead of opening, verifying and decrypting the file again.
    package: OpenPackage | None = field(default=None, repr=False, compare=False)

    @property
    def changes(self) -> Changes:
        """An imported package replaces the unit's records wholesale (old rows removed even
        where none came back), updates regions and the catalogue, records the submission and
        keeps a before-import backup; a duplicate or a preview changes nothing."""
        if self.outcome != "imported":
            return NOTHING
        return PACKAGE_CHANGES | (Changes.of(Kind.RETURNS) if self.returns else NOTHING)


def verify_package(db: sqlite_utils.Database, path) -> OpenPackage:
    """Open and verify ``path`` against our trust store, region and history."""
    pkg = open_verified(db, path, kind="submission")
    try:
        _check_context(db, pkg)
    except PackageError:
        pkg.close()
        raise
    return pkg


def _check_context(db: sqlite_utils.Database, pkg: OpenPackage) -> None:
    ours = require_unit(db)
    sender = pkg.manifest.unit
    name = pkg.path.name
    level = LEVEL_ORDER.index(sender.get("level", "county"))
    if not inside(sender["code"], ours.code) or level <= LEVEL_ORDER.index(ours.level):
        raise PackageError("outside_region", f"发送单位“{sender['name']}（{sender['code']}）”"
                           f"不在本单位（{ours.name} {ours.code}）辖区内", filename=name)
    if level != LEVEL_ORDER.index(ours.level) + 1:
        raise PackageError("outside_region", f"“{sender['name']}”不是本单位的直接下级，"
                           "其数据应经所属乡镇汇总后上报", filename=name)
    same = history.find_by_sha(db, pkg.sha256)
    if same is not None and same.status in history.LIVE:
        return
    latest = history.latest_in(db, sender["code"])
    if latest and latest.created_at >= pkg.manifest.created_at:
        raise PackageError("older", f"该文件生成于 {pkg.manifest.created_at[:19]}，本单位已导入"
                           f"{sender['name']}更新的版本（生成于 {latest.created_at[:19]}，"
                           f"文件 {latest.filename}），疑似重放旧文件", filename=name)


def prepare_result(db: sqlite_utils.Database, pkg: OpenPackage,
                   previous: Previous | None = None) -> ImportResult:
    """Duplicate check, preview, returns and audit-head checks of a verified package.
    ``previous``: the intake's earlier import of these bytes (looked up when not given)."""
    m = pkg.manifest
    result = ImportResult("preview", m.unit["code"], m.unit["name"], m.period, pkg.signer.label)
    done = previous if previous is not None else previous_import(db, "package", pkg.sha256)
    if done is not None and done.same_as:
        result.outcome = "duplicate"
        result.message = (f"该文件与本批的 {done.same_as} 内容完全相同，只导入一次，"
                          "本文件未作任何改动")
        return result
    if done is not None and done.status in history.LIVE:
        result.outcome, result.submission_id = "duplicate", done.batch_id
        result.message = f"该文件已于 {done.at} 导入，本次未作任何改动"
        return result
    result.preview = preview_package(db, pkg)
    result.returns = check_returns(db, pkg)
    result.warnings = audit_warnings(db, pkg)
    return result


def write_package(db: sqlite_utils.Database, pkg: OpenPackage, result: ImportResult,
                  batch: int) -> Job[None]:
    """Write one verified package and record it (the caller holds the transaction, the audit
    pause and the batch record)."""
    try:
        result.counts = yield from apply_package(db, pkg, batch)
    except (KeyError, IndexError, TypeError, sqlite3.IntegrityError) as exc:
        unit = f"{pkg.manifest.unit.get('name', '')}（{pkg.manifest.unit['code']}）"
        raise PackageError("inconsistent", explain_integrity(exc, unit=unit),
                           filename=pkg.path.name) from exc
    db.execute("UPDATE import_batches SET rows = ? WHERE id = ?",
               [sum(result.counts.values()), batch])
    record_findings(db, result.warnings, unit_code=pkg.manifest.unit["code"],
                    unit_name=pkg.manifest.unit.get("name", ""), filename=pkg.path.name,
                    sha256=pkg.sha256)
    result.submission_id = history.record_in(db, pkg)
    keep_returns(db, pkg, result.submission_id)
    result.outcome = "imported"


@contextmanager
def foreign_keys_off(db: sqlite_utils.Database) -> Iterator[None]:
    """The apply step maps every reference itself and deletes dependants explicitly, so the
    per-row foreign-key lookups are switched off for its transaction (only possible outside a
    transaction; inside one they stay on and the same statements still hold)."""
    was = db.execute("PRAGMA foreign_keys").fetchone()[0]
    if not db.conn.in_transaction:
        with trusted_step(db):      # the guard refuses this pragma to raw SQL of every session
            db.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        if not db.conn.in_transaction:
            with trusted_step(db):
                db.execute(f"PRAGMA foreign_keys = {'ON' if was else 'OFF'}")


@contextmanager
def bulk_audit(db: sqlite_utils.Database, detail: dict) -> Iterator[None]:
    """One summary audit entry for the whole import (per-row entries off). The audit triggers
    of the tables the import writes are dropped for its transaction and re-created before it
    ends: with entries off they record nothing, but their WHEN still costs a Python call per
    row (a third of the write time of a county import)."""
    with bulk_load(db, "package", detail=detail, backup=False), \
            triggers_paused(db, WRITTEN_TABLES):
        yield


def audit_warnings(db: sqlite_utils.Database, pkg: OpenPackage) -> list[str]:
    """The sender's audit chain must continue the head its previous package carried, with a
    checkpoint signed by the package's signer and its own check passed (issue 14)."""
    before = history.latest_audit_head(db, pkg.manifest.unit["code"])
    return sender_problems(pkg.manifest.audit_head, before, pkg.signer.fingerprint)
