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


@migrations()
def m002_id_tail_indexes(db):
    """Searching by the last 4 or 6 digits of an ID number (18 characters once normalised)."""
    db.executescript("""
CREATE INDEX IF NOT EXISTS idx_persons_id_tail4 ON persons(substr(id_number, 15));
CREATE INDEX IF NOT EXISTS idx_persons_id_tail6 ON persons(substr(id_number, 13));
""")
