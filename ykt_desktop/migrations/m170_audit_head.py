"""The audit heads sent upward (review of issue 14).

``audit_heads``: the chain head (newest entry id and hash) and the newest signed checkpoint at
the moment a package was exported or a return signed, so ``audit verify`` can tell when the log
now holds fewer entries or checkpoints than what was sent (:mod:`ykt_desktop.audit.sent`).
Append-only like the log: protective triggers here, the raw-SQL guard in
:mod:`ykt_desktop.security.schema_guard`. The head of the log itself is also kept outside the
database, in the file beside it (:mod:`ykt_desktop.audit.head`).
"""

from sqlite_utils.migrations import Migrations

migrations = Migrations("ykt.audit_head")


@migrations()
def m001_audit_heads(db):
    db.executescript("""
CREATE TABLE IF NOT EXISTS audit_heads (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now', 'localtime')),
    kind TEXT NOT NULL,                 -- package / return
    filename TEXT NOT NULL DEFAULT '',
    entry_id INTEGER NOT NULL,
    entry_hash TEXT NOT NULL,
    checkpoint_id INTEGER NOT NULL DEFAULT 0,
    checkpoint_entry INTEGER NOT NULL DEFAULT 0
);
CREATE TRIGGER IF NOT EXISTS audit_heads_no_update BEFORE UPDATE ON audit_heads
BEGIN SELECT RAISE(ABORT, '上报链头记录只能追加，不能修改'); END;
CREATE TRIGGER IF NOT EXISTS audit_heads_no_delete BEFORE DELETE ON audit_heads
BEGIN SELECT RAISE(ABORT, '上报链头记录只能追加，不能删除'); END;
""")
