"""一户一表 (issue 3): autosaved drafts of the household form."""

from sqlite_utils.migrations import Migrations

migrations = Migrations("ykt.households")

DRAFTS = """
CREATE TABLE IF NOT EXISTS household_drafts (
    draft_key TEXT PRIMARY KEY,      -- 'hh:<household id>' or 'new:<user>'
    household_id INTEGER,
    data TEXT NOT NULL,              -- JSON of the form (HouseholdRecord.to_dict())
    saved_by TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL DEFAULT (datetime('now','localtime'))
);
"""


@migrations()
def m001_household_drafts(db):
    db.executescript(DRAFTS)
