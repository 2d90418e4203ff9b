"""Autosaved drafts of the household form (table ``household_drafts``, migration m010).

A draft is the whole form as JSON, kept until the household is saved or the user discards it.
"""

from __future__ import annotations

import json

import sqlite_utils

from ykt_desktop.households.records import HouseholdRecord


def draft_key(household_id: int | None, user: str = "") -> str:
    return f"hh:{household_id}" if household_id is not None else f"new:{user}"


def save_draft(db: sqlite_utils.Database, key: str, record: HouseholdRecord, *,
               user: str = "") -> None:
    data = json.dumps(record.to_dict(), ensure_ascii=False)
    with db.atomic():
        db.execute("INSERT INTO household_drafts (draft_key, household_id, data, saved_by, "
                   "updated_at) VALUES (?, ?, ?, ?, datetime('now','localtime')) "
                   "ON CONFLICT(draft_key) DO UPDATE SET data = excluded.data, "
                   "saved_by = excluded.saved_by, updated_at = excluded.updated_at",
                   [key, record.id, data, user])


def load_draft(db: sqlite_utils.Database, key: str) -> tuple[HouseholdRecord, str] | None:
    """The draft and when it was saved, or None."""
    row = db.execute("SELECT data, updated_at FROM household_drafts WHERE draft_key = ?",
                     [key]).fetchone()
    if row is None:
        return None
    return HouseholdRecord.from_dict(json.loads(row[0])), row[1]


def delete_draft(db: sqlite_utils.Database, key: str) -> None:
    with db.atomic():
        db.execute("DELETE FROM household_drafts WHERE draft_key = ?", [key])


def list_drafts(db: sqlite_utils.Database) -> list[tuple[str, int | None, str]]:
    return [tuple(r) for r in db.execute(
        "SELECT draft_key, household_id, updated_at FROM household_drafts ORDER BY updated_at "
        "DESC").fetchall()]
