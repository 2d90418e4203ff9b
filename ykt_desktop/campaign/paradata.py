"""Paradata of the household forms: when each pre-filled 一户一表 was printed.

:func:`record_prints` is called by the form printer; a visit dated before the first print of
its household's form is one sign of a form filled at a desk (check rule
``desk_visit_before_print``). A read-only connection (the training demo) prints without
recording.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from ykt_desktop.security.session import session_user
from ykt_desktop.storage import DB_ERRORS


def record_prints(db: sqlite_utils.Database, household_ids: Sequence[int]) -> int:
    """One ``form_prints`` row per household printed now; returns the rows written."""
    if not household_ids or "form_prints" not in db.table_names():
        return 0
    user = session_user(db)
    try:
        with db.atomic():
            db.conn.executemany("INSERT INTO form_prints(household_id, printed_by) VALUES (?, ?)",
                                [(hid, user) for hid in household_ids])
    except DB_ERRORS as exc:
        if "not authorized" in str(exc):      # read-only: the print itself is allowed
            return 0
        raise
    return len(household_ids)


def first_prints(db: sqlite_utils.Database) -> dict[int, str]:
    return dict(db.execute("SELECT household_id, min(printed_at) FROM form_prints "
                           "GROUP BY household_id").fetchall())
