"""File identity and what the database looked like: the two facts a kept check depends on.

A file is known by its SHA-256 (:func:`identify`); the same bytes imported before are found
by :func:`previous_import` (the ``import_batches`` record of a list, the received submission
of a package or return file). A check result may be reused by the write only while the file
has the same hash and the database the same :func:`state` it was checked against.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

BLOCK = 1 << 20
# What a check reads: a write to any of these after the check makes its result stale.
# audit_log grows with every change of an audited table (persons, cards, payments, ...),
# the others are compared by their highest row id (rows are only appended or replaced).
STATE_TABLES = ("audit_log", "import_batches", "import_mappings", "death_list", "cadre_list",
                "register_entries", "subsidy_items", "regions", "submissions")


@dataclass(frozen=True)
class FileIdentity:
    path: Path
    sha256: str
    size: int

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Previous:
    """The earlier import of the same bytes."""
    batch_id: int
    at: str
    status: str = ""
    same_as: str = ""      # not imported before: the same bytes came earlier in this batch


def sha256_file(path: Path | str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def identify(path: Path | str, sha256: str | None = None) -> FileIdentity:
    """``sha256``: when the read step already hashed the bytes (a package)."""
    path = Path(path)
    return FileIdentity(path, sha256 or sha256_file(path), path.stat().st_size)


def same_file(identity: FileIdentity) -> bool:
    """The file at ``identity.path`` still holds the bytes that were checked."""
    path = identity.path
    return (path.is_file() and path.stat().st_size == identity.size
            and sha256_file(path) == identity.sha256)


def previous_import(db: sqlite_utils.Database, kind: str, sha: str) -> Previous | None:
    """The earlier import of these bytes as ``kind``: a list's batch record, or a package's
    (return file's) received submission while it is live."""
    if kind in ("package", "return"):
        direction = "in" if kind == "package" else "returned_in"
        row = db.execute("SELECT id, received_at, status FROM submissions WHERE "
                         "package_sha256 = ? AND direction = ? ORDER BY id DESC LIMIT 1",
                         [sha, direction]).fetchone()
        return Previous(*row) if row else None
    row = db.execute("SELECT id, imported_at FROM import_batches WHERE kind = ? AND sha256 = ? "
                     "ORDER BY id LIMIT 1", [kind, sha]).fetchone()
    return Previous(*row) if row else None


def state(db: sqlite_utils.Database) -> tuple[int, ...]:
    """A token that changes when anything a check reads has been written since."""
    tables = set(db.table_names())
    return tuple(db.execute(f"SELECT coalesce(max(rowid), 0) FROM {t}").fetchone()[0]
                 if t in tables else -1 for t in STATE_TABLES)
