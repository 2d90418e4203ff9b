"""Tables of the exchange area: certificate authority, trust store, return comments, deadlines.

- ``pki_authority``: the county root key and certificate (only in the county's database).
- ``pki_trust``: roots we trust, and unenrolled keys a user trusted explicitly (未登记签名).
- ``exchange_comments``: comments of a return-for-correction (退回), against an issue or a
  household of the unit they concern, or against the package as a whole.
- ``exchange_deadlines``: the due date of each reporting period (for 逾期 on the board).
"""

from sqlite_utils.migrations import Migrations

migrations = Migrations("ykt.exchange")

EXCHANGE_TABLES = """
CREATE TABLE pki_authority (
    id INTEGER PRIMARY KEY,
    unit_code TEXT NOT NULL,
    key_pem TEXT NOT NULL,
    cert_pem TEXT NOT NULL,
    fingerprint TEXT NOT NULL UNIQUE,     -- SHA-256 of the root certificate (hex)
    created_at TEXT NOT NULL DEFAULT (datetime('now','localtime'))
);

CREATE TABLE pki_trust (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('root','key')),
    fingerprint TEXT NOT NULL UNIQUE,
    unit_code TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    cert_pem TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    added_by TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL DEFAULT (datetime('now','localtime'))
);

CREATE TABLE exchange_comments (
    id INTEGER PRIMARY KEY,
    return_sha256 TEXT NOT NULL,          -- the return file it came in
    unit_code TEXT NOT NULL,              -- the unit asked to correct
    period TEXT NOT NULL,
    target_table TEXT NOT NULL CHECK (target_table IN ('package','households','issues')),
    target_key TEXT NOT NULL DEFAULT '',  -- hh_no or issue_no as the lower unit knows it
    comment TEXT NOT NULL,
    author TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (datetime('now','localtime')),
    resolved INTEGER NOT NULL DEFAULT 0,
    UNIQUE (return_sha256, target_table, target_key, comment)
);
CREATE INDEX idx_exchange_comments_target ON exchange_comments(target_table, target_key);

CREATE TABLE exchange_deadlines (
    period TEXT PRIMARY KEY,
    due_date TEXT NOT NULL
);
"""


@migrations()
def m001_exchange_tables(db):
    db.executescript(EXCHANGE_TABLES)
