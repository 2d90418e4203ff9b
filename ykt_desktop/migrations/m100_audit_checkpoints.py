"""Signed checkpoints of the audit chain and what the level above found in packages (issue 14).

``audit_checkpoints``: the chain head (entry id and hash) signed with the unit's signing key at
every :data:`ykt_desktop.audit.checkpoints.EVERY` entries and at every package, backup and
return signature; each signature also covers the previous checkpoint's, so the checkpoints are a
chain of their own. Append-only like the log (triggers in :mod:`ykt_desktop.audit.triggers`).

``audit_chain_findings``: a lower unit's package whose audit chain does not continue the one its
previous package carried (truncated, rewritten, tampered locally).
"""

from sqlite_utils.migrations import Migrations

from ykt_desktop.audit import triggers

migrations = Migrations("ykt.audit_checkpoints")


@migrations()
def m001_checkpoint_tables(db):
    db.executescript("""
CREATE TABLE IF NOT EXISTS audit_checkpoints (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    entry_id INTEGER NOT NULL,
    entry_hash TEXT NOT NULL,
    reason TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    cert_fingerprint TEXT NOT NULL,
    cert_pem TEXT NOT NULL DEFAULT '',
    prev_signature TEXT NOT NULL,
    signature TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_chain_findings (
    id INTEGER PRIMARY KEY,
    found_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
    unit_code TEXT NOT NULL,
    unit_name TEXT NOT NULL DEFAULT '',
    filename TEXT NOT NULL DEFAULT '',
    package_sha256 TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    message TEXT NOT NULL
);
""")
    triggers.ensure(db)
