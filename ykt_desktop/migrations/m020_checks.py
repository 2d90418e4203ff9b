"""Tables of the checks (比对) and reference-list imports.

- ``import_mappings``: the column mapping chosen for a source (a kind of list plus the header
  signature of the file), so the next file of the same shape maps itself.
- ``check_rule_runs``: when each rule last ran and what it found; a finding whose ``last_seen``
  is older than its rule's last run was not found again (shown as 本次未再发现).
"""

from sqlite_utils.migrations import Migrations

migrations = Migrations("ykt.checks")

CHECK_TABLES = """
CREATE TABLE import_mappings (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,                -- roster / deaths / cadres
    signature TEXT NOT NULL,           -- normalised header names joined by '|'
    source_name TEXT NOT NULL DEFAULT '',
    mapping TEXT NOT NULL,             -- JSON {field: header}
    used_count INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL DEFAULT (datetime('now','localtime')),
    UNIQUE (kind, signature)
);

CREATE TABLE check_rule_runs (
    rule TEXT PRIMARY KEY,
    last_run_at TEXT NOT NULL,         -- same clock as findings.last_seen
    found INTEGER NOT NULL DEFAULT 0,
    new INTEGER NOT NULL DEFAULT 0,
    seconds REAL NOT NULL DEFAULT 0
);
"""


@migrations()
def m001_check_tables(db):
    db.executescript(CHECK_TABLES)
