"""Schema migrations. Only ever append.

Each module ``mNNN_<area>.py`` in this package defines ``migrations = Migrations("ykt.<area>")``
with functions registered in order. Modules apply in file-name order; a new feature area adds a
new module (or appends a function to its own). Never edit or reorder an applied migration.
"""

from __future__ import annotations

import importlib
import pkgutil

import sqlite_utils
from sqlite_utils.migrations import Migrations

from ykt_desktop.backup import backup_db


def migration_sets() -> list[Migrations]:
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name[:1] == "m")
    return [importlib.import_module(f"{__name__}.{name}").migrations for name in names]


def pending(db: sqlite_utils.Database) -> list[str]:
    return [f"{s.name}:{m.name}" for s in migration_sets() for m in s.pending(db)]


def migrate(db: sqlite_utils.Database, *, backup: bool = True) -> list[str]:
    """Apply every pending migration; back the file up first if it already holds data."""
    todo = pending(db)
    if not todo:
        return []
    if backup and _has_user_tables(db):
        backup_db(db, reason="before-migration")
    for migration_set in migration_sets():
        migration_set.apply(db)
    return todo


def _has_user_tables(db: sqlite_utils.Database) -> bool:
    return any(not name.startswith(("_", "sqlite_")) for name in db.table_names())
