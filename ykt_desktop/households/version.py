"""The version token of a household as the 一户一表 shows and saves it: the household row, its
members and their person rows, their cards, its statements, its visits and their attachments.
A change to any of these by someone else makes the form's save refuse (see
:mod:`ykt_desktop.record_versions`)."""

from __future__ import annotations

import sqlite_utils

from ykt_desktop.record_versions import Query, check_unchanged, rows_token

_PERSONS = "SELECT person_id FROM members WHERE household_id = :h"
_VISITS = "SELECT id FROM verifications WHERE household_id = :h"


def _queries(household_id: int) -> list[Query]:
    h = {"h": household_id}
    return [
        ("SELECT * FROM households WHERE id = :h", h),
        ("SELECT * FROM members WHERE household_id = :h ORDER BY id", h),
        (f"SELECT * FROM persons WHERE id IN ({_PERSONS}) ORDER BY id", h),
        (f"SELECT * FROM cards WHERE person_id IN ({_PERSONS}) ORDER BY id", h),
        ("SELECT * FROM statements WHERE household_id = :h ORDER BY id", h),
        ("SELECT * FROM verifications WHERE household_id = :h ORDER BY id", h),
        # the files' digests stand for their bytes
        ("SELECT id, kind, filename, mime, size, sha256, owner_id FROM attachments "
         f"WHERE owner_table = 'verifications' AND owner_id IN ({_VISITS}) ORDER BY id", h),
    ]


def household_version(db: sqlite_utils.Database, household_id: int) -> str:
    """The token of the household and everything its form saves."""
    return rows_token(db, _queries(household_id))


def check_household_unchanged(db: sqlite_utils.Database, household_id: int,
                              expected: str | None, *, hh_no: str = "") -> None:
    """Raise ``StaleRecordError`` when the household changed since ``expected`` was read.
    Call inside the save's transaction; an empty ``expected`` (command line, an old draft)
    checks nothing."""
    if expected:
        check_unchanged(expected, household_version(db, household_id),
                        f"户{hh_no}" if hh_no else "本户")
