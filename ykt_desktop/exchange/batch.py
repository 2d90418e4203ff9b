"""Importing several packages at once (a county receiving all its townships).

Every file goes through the one intake's check first (verified, compared by its hash with what
is stored and with the files before it in the batch); refused files and duplicates are reported
and left out. The others are written by the intake's write step in one transaction, oldest
first, so the batch lands whole or not at all. For a big first load the indexes that the apply
step does not itself use are dropped for the batch and rebuilt once at the end, which keeps a
county of 1,000,000 persons within a couple of minutes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from ykt_desktop.audit.bulk import triggers_paused
from ykt_desktop.exchange.errors import PackageError
from ykt_desktop.exchange.integrity import checked_at_end
from ykt_desktop.gc_pause import gc_paused
from ykt_desktop.intake.job import check, wants_backup, write_all
from ykt_desktop.intake.package_steps import WRITTEN_TABLES, ImportResult
from ykt_desktop.intake.packages import PackageSource
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
    """Check every file with the intake's check (:func:`ykt_desktop.intake.job.check`), then
    write the good ones together with its write step; a result or refusal per file. The same
    bytes twice in one batch: the later copy is a duplicate of the earlier one, not applied."""
    results: dict[int, ImportResult | PackageError] = {}
    sources = [PackageSource(Path(path), grouped=True) for path in paths]
    ready: list[tuple[PackageSource, ImportResult]] = []
    seen: dict[str, str] = {}          # hash -> file name, within this batch
    with gc_paused():   # millions of short-lived rows (see ykt_desktop.gc_pause)
        try:
            for n, source in enumerate(sources):
                yield Progress(n, len(paths) * 2, f"校验 {source.path.name}")
                try:
                    result = yield from _quiet(check(db, source, seen=seen))
                except PackageError as exc:
                    results[n] = exc
                    continue
                results[n] = result
                if result.outcome != "duplicate":
                    ready.append((source, result))
            if ready:
                yield from _apply_all(db, ready, len(paths))
        finally:
            for source in sources:
                source.close()
    return [results[n] for n in range(len(paths))]


def _quiet(job: Job):
    """A file's check without its own progress steps (the batch counts files)."""
    while True:
        try:
            next(job)
        except StopIteration as stop:
            return stop.value
        yield from ()


def _apply_all(db: sqlite_utils.Database, ready: list, total: int) -> Job[None]:
    ready.sort(key=lambda item: item[1].package.manifest.created_at)
    incoming = {t: sum(r.package.manifest.counts.get(t, 0) for _, r in ready)
                for t in BIG_TABLES}

    def steps() -> list:
        return [checked_at_end(db), triggers_paused(db, WRITTEN_TABLES),
                *(deferred_indexes(db, table, incoming[table]) for table in BIG_TABLES)]

    files = [source.audit(result)[1] for source, result in ready]
    yield from write_all(db, ready, pending=wants_backup(db, ready),
                         audit=("package", {"files": files}), steps=steps,
                         announce=lambda k, source: Progress(total + k, total * 2,
                                                             f"导入 {source.path.name}"))
