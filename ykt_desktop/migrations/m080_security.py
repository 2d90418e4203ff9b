"""Trust and safety: audit triggers and the append-only audit log (issue 8).

The audit triggers are generated from the tables' current columns; :func:`audit.triggers.ensure`
also runs at every open, so tables changed by later migrations stay fully audited.
"""

from sqlite_utils.migrations import Migrations

from ykt_desktop.audit import triggers

migrations = Migrations("ykt.security")


@migrations()
def m001_audit_triggers(db):
    triggers.ensure(db)


@migrations()
def m002_audit_indexes(db):
    db.execute("CREATE INDEX IF NOT EXISTS idx_audit_at ON audit_log(at)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_audit_user ON audit_log(by_user)")
