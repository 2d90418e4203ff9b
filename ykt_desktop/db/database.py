"""Write transactions that take the write lock when they begin.

``db.atomic()`` of sqlite-utils starts a transaction with a plain ``BEGIN``: the connection takes
a read snapshot at its first statement and asks for the write lock only at its first write.
When another connection committed in between (a checks job storing findings while the officer
saves a household form, whose save first reads the version it loaded), SQLite cannot move that
snapshot forward and refuses the write at once with "database is locked" (SQLITE_BUSY_SNAPSHOT),
however long the busy timeout: the form's save failed beside a running check (found by the
tally's one-minute soak on a busy machine). :func:`write_transaction` begins with
``BEGIN IMMEDIATE``: it waits for the other writer (within the busy timeout), so what it reads is
current when it writes. Used by the saves that read before they write (the record-version
checks, the findings' counts); inside another transaction it is a savepoint, as ``atomic()``.

Not used for every ``atomic()``: some run a backup of the file inside their transaction before
the first write (``bulk_load``), which the backup API cannot do while its own connection holds
the write lock.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import sqlite_utils


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    if db.conn.in_transaction:
        with db.atomic():               # a savepoint inside the caller's transaction
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    else:
        try:
            db.conn.execute("COMMIT")
        except BaseException:
            db.rollback()
            raise
