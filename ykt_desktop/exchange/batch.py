"""Importing several packages at once (a county receiving all its townships).

Every file is verified first; refused files are reported and left out. The verified ones are
applied in one transaction, oldest first, so the batch lands whole or not at all. For a big
first load the indexes that the apply step does not itself use are dropped for the batch and
rebuilt once at the end, which keeps a county of 1,000,000 persons within a couple of minutes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import sqlite_utils

from ykt_desktop.exchange.errors import PackageError
from ykt_desktop.exchange.importer import (
    ImportResult,
    apply_one,
    bulk_audit,
    foreign_keys_off,
    prepare_result,
    verify_package,
)
from ykt_desktop.exchange.integrity import checked_at_end
from ykt_desktop.exchange.reader import OpenPackage
from ykt_desktop.gc_pause import gc_paused
from ykt_desktop.intake import backup_step
from ykt_desktop.progress import Job, Progress
from ykt_desktop.security.schema_guard import trusted_step

BIG_TABLES = ("persons", "households", "members", "cards", "payments")
# Indexes the apply step's own queries use: kept during a batch.
MIN_ROWS = 10_000     # below this, dropping and rebuilding indexes is not worth it
KEEP = {"idx_households_village", "idx_payments_village", "idx_payments_household",
        "idx_cards_person"}


@contextmanager
def deferred_indexes(db: sqlite_utils.Database, table: str, incoming: int) -> Iterator[None]:
    """Drop ``table``'s other plain indexes when loading more rows than it holds; rebuild
    them afterwards inside the same transaction."""
    existing = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    found = [] if incoming < MIN_ROWS or existing >= incoming else [
        (name, sql) for name, sql in db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL", [table]).fetchall() if name not in KEEP]
    with trusted_step(db):
        for name, _ in found:
            db.execute(f"DROP INDEX {name}")
    yield
    with trusted_step(db):
        for _, sql in found:
            db.execute(sql)


def import_batch(db: sqlite_utils.Database, paths: list[Path | str]
                 ) -> Job[list[ImportResult | PackageError]]:
    """Verify every file, then apply the good ones together; a result or refusal per file."""
    results: dict[int, ImportResult | PackageError] = {}
    ready: list[tuple[int, OpenPackage, ImportResult]] = []
    with gc_paused():   # millions of short-lived rows (see ykt_desktop.gc_pause)
        try:
            for n, path in enumerate(paths):
                yield Progress(n, len(paths) * 2, f"校验 {Path(path).name}")
                try:
                    pkg = verify_package(db, path)
                except PackageError as exc:
                    results[n] = exc
                    continue
                result = prepare_result(db, pkg)
                results[n] = result
                if result.outcome == "duplicate":
                    pkg.close()
                else:
                    ready.append((n, pkg, result))
            if ready:
                yield from _apply_all(db, ready, len(paths))
        finally:
            for _, pkg, _ in ready:
                pkg.close()
    return [results[n] for n in range(len(paths))]


def _apply_all(db: sqlite_utils.Database, ready: list, total: int) -> Job[None]:
    ready.sort(key=lambda item: item[1].manifest.created_at)
    pending = backup_step.start(db)      # the intake's before-import backup
    incoming = {t: sum(p.manifest.counts.get(t, 0) for _, p, _ in ready) for t in BIG_TABLES}
    files = [{"file": p.path.name, "sha256": p.sha256, "unit": p.manifest.unit["code"],
              "period": p.manifest.period, "signer": p.signer.label} for _, p, _ in ready]
    with foreign_keys_off(db), db.atomic(), ExitStack() as stack:
        backup_step.finish(db, pending)
        stack.enter_context(checked_at_end(db))
        stack.enter_context(bulk_audit(db, {"files": files}))
        for table in BIG_TABLES:
            stack.enter_context(deferred_indexes(db, table, incoming[table]))
        for k, (_, pkg, result) in enumerate(ready):
            yield Progress(total + k, total * 2, f"导入 {pkg.path.name}")
            yield from apply_one(db, pkg, result, audit=False)
        yield Progress(total * 2 - 1, total * 2, "重建索引")
