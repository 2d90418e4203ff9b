"""Triggers that write the audit log and protect it.

Every insert, update and delete on an audited table appends an entry with the row's values
before and after, the user of the connection's session and the hash chain (see
:mod:`ykt_desktop.audit.chain`). Updates that change nothing are not recorded. The log itself
refuses UPDATE and DELETE. :func:`ensure` (re)creates the triggers when a table's columns changed
(a later migration added a column, or sqlite-utils rebuilt the table), so no column goes unseen.

Bulk loads may switch per-row entries off for their connection and record one summary entry
instead (:func:`ykt_desktop.audit.bulk.bulk_load`).
"""

from __future__ import annotations

import sqlite_utils

from ykt_desktop.audit.chain import record
from ykt_desktop.security.schema_guard import trusted_step

AUDITED_TABLES = (
    "households", "persons", "members", "cards", "payments", "statements", "verifications",
    "issues", "issue_events", "return_drafts", "users", "settings", "unit_keys",
    # the campaign's registers (issue 16); a draw is recorded whole by audit.record instead
    "backchecks", "complaints", "self_reports", "campaign_phases", "campaign_deadlines",
    "policy_lists", "policy_list_postings",
)
# Values never copied into the log; a change still shows as a different fingerprint.
SECRET_COLUMNS = {"users": ("password_hash",), "unit_keys": ("key_pem",)}
# Values that could be guessed (a complainant's name or phone): no derivative of them enters the
# log, not even a hash, only whether the field was filled and that it changed.
HIDDEN_COLUMNS = {"complaints": ("complainant", "complainant_contact")}
HIDDEN_SET, HIDDEN_CHANGED = "（已登记，不记入日志）", "举报人信息已修改"
PROTECT_SQL = (
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能修改'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能删除'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints "
    "BEGIN SELECT RAISE(ABORT, '审计检查点只能追加，不能修改'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints "
    "BEGIN SELECT RAISE(ABORT, '审计检查点只能追加，不能删除'); END",
    # the heads sent upward (migration m170_audit_head)
    "CREATE TRIGGER IF NOT EXISTS audit_heads_no_update BEFORE UPDATE ON audit_heads "
    "BEGIN SELECT RAISE(ABORT, '上报链头记录只能追加，不能修改'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_heads_no_delete BEFORE DELETE ON audit_heads "
    "BEGIN SELECT RAISE(ABORT, '上报链头记录只能追加，不能删除'); END",
)
# A protective trigger found missing when the log already holds entries was dropped by hand:
# re-creating it is itself recorded (issue 14), and ``audit verify`` reports that entry.
RESTORED_ACTION = "protect_trigger_restored"
ENTRY_SQL = """
INSERT INTO audit_log(id, at, by_user, action, table_name, row_id, before, after, prev_hash,
                      hash)
SELECT n, at, u, '{action}', '{table}', r, b, a, p, ykt_audit_hash(n, at, u, '{action}',
       '{table}', r, b, a, p)
FROM (SELECT coalesce((SELECT max(id) FROM audit_log), 0) + 1 AS n,
             strftime('%Y-%m-%dT%H:%M:%f', 'now', 'localtime') AS at, ykt_user() AS u,
             {row} AS r, {before} AS b, {after} AS a,
             coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '') AS p);
"""


def columns(db: sqlite_utils.Database, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})").fetchall()]


def _json(table: str, cols: list[str], ref: str, old: str = "") -> str:
    """JSON of a row's values; ``old`` names the other side of an update (for hidden columns)."""
    secret, hidden = SECRET_COLUMNS.get(table, ()), HIDDEN_COLUMNS.get(table, ())
    parts = []
    for col in cols:
        value = f"{ref}.{col}"
        if col in secret:
            value = f"substr(ykt_sha256({ref}.{col}), 1, 12)"
        elif col in hidden:
            value = _hidden(f"{ref}.{col}", f"{old}.{col}" if old else "")
        parts.append(f"'{col}', {value}")
    return f"json_object({', '.join(parts)})"


def _hidden(value: str, other: str) -> str:
    changed = f"WHEN {other} IS NOT {value} THEN '{HIDDEN_CHANGED}' " if other else ""
    return f"CASE WHEN coalesce({value}, '') = '' THEN '' {changed}ELSE '{HIDDEN_SET}' END"


def trigger_sql(db: sqlite_utils.Database, table: str) -> dict[str, str]:
    """The three audit triggers of ``table`` as {name: CREATE TRIGGER sql}."""
    cols = columns(db, table)
    old, new = _json(table, cols, "OLD"), _json(table, cols, "NEW")
    new_vs_old = _json(table, cols, "NEW", "OLD")
    changed = (f"({', '.join('OLD.' + c for c in cols)}) IS NOT "
               f"({', '.join('NEW.' + c for c in cols)})")
    specs = {
        "insert": ("AFTER INSERT", "ykt_audit_on()", "NEW.rowid", "NULL", new),
        "update": ("AFTER UPDATE", f"ykt_audit_on() AND {changed}", "NEW.rowid", old,
                   new_vs_old),
        "delete": ("AFTER DELETE", "ykt_audit_on()", "OLD.rowid", old, "NULL"),
    }
    out = {}
    for action, (when, cond, row, before, after) in specs.items():
        body = ENTRY_SQL.format(action=action, table=table, row=row, before=before, after=after)
        name = f"audit_{table}_{action}"
        out[name] = f"CREATE TRIGGER {name} {when} ON {table} WHEN {cond}\nBEGIN{body}END"
    return out


def ensure(db: sqlite_utils.Database) -> int:
    """Create or refresh the audit triggers; returns how many were (re)created."""
    existing = dict(db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_%'"
    ).fetchall())
    if "audit_log" not in db.table_names():
        return 0
    changed, dropped = 0, []
    with db.atomic(), trusted_step(db):
        missing = _protect(db, existing)
        tables = set(db.table_names())
        for table in AUDITED_TABLES:
            if table not in tables:
                continue
            wanted = trigger_sql(db, table)
            dropped += _dropped(db, table, wanted, existing)
            for name, sql in wanted.items():
                if existing.get(name) == sql:
                    continue
                if name in existing:
                    db.execute(f"DROP TRIGGER {name}")
                db.execute(sql)
                changed += 1
        if missing + dropped and db.execute("SELECT count(*) FROM audit_log").fetchone()[0]:
            record(db, RESTORED_ACTION, table_name="audit_log",
                   after={"triggers": missing + dropped})
    return changed


def _dropped(db: sqlite_utils.Database, table: str, wanted: dict[str, str],
             existing: dict[str, str]) -> list[str]:
    """Audit triggers of ``table`` that were dropped by hand (review of issue 14): missing while
    another of its triggers remains or the log already holds entries of the table (a table a
    new migration added has neither)."""
    gone = [name for name in wanted if name not in existing]
    if not gone:
        return []
    if len(gone) < len(wanted) or db.execute(
            "SELECT 1 FROM audit_log WHERE table_name = ? LIMIT 1", [table]).fetchone():
        return gone
    return []


def _protect(db: sqlite_utils.Database, existing: dict[str, str]) -> list[str]:
    """Create the protective triggers; returns the ones that had been dropped."""
    tables = set(db.table_names())
    missing = []
    for sql in PROTECT_SQL:
        name, table = sql.split()[5], sql.split()[9]
        if table not in tables:
            continue
        if name not in existing:
            missing.append(name)
        db.execute(sql)
    return missing
