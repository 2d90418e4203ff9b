"""No session can change the schema or the audit log through raw SQL (issue 14).

Once a user is logged in, the connection's authorizer refuses, whatever the role:

- every DDL statement on the database file (CREATE/DROP/ALTER of tables, indexes, triggers and
  views), ATTACH (a second name for the same file would escape these checks) and
  ``PRAGMA writable_schema``;
- UPDATE and DELETE on the audit tables (:data:`AUDIT_TABLES`); INSERT into the audit log, the
  checkpoints and the chain findings except from an audit trigger (SQLite names the trigger
  in the callback's last argument; no session can create a trigger) or a trusted step;
- DELETE on ``submissions`` (the sent chain heads), reading the signing key, CREATE TEMP
  TRIGGER, and changing ``foreign_keys`` / ``trusted_schema``;
- dropping the session's own TEMP guard triggers and calling ``ykt_session_set`` (which would
  switch per-row auditing off or change the recorded user).

The app's own schema steps (migrations at open, the audit-trigger refresh, a bulk load pausing
its audit triggers or indexes inside its transaction, writing a checkpoint) run inside
:func:`trusted_step`, which is Python-only: SQL has no way to enter it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import sqlite_utils

SQLITE_OK, SQLITE_DENY = 0, 1
DDL_CODES = {1, 2, 7, 8, 10, 11, 16, 17, 26, 27, 28, 29, 30}   # on the database file
DROP_TEMP_TRIGGER, DELETE, INSERT, PRAGMA, UPDATE, ATTACH, FUNCTION = 14, 9, 18, 19, 23, 24, 31
AUDIT_TABLES = ("audit_log", "audit_checkpoints", "audit_heads")
CHECKPOINTS = "audit_checkpoints"
# Only the audit triggers (by name, on the database file) or a trusted step append to these.
APPEND_ONLY = ("audit_log", "audit_checkpoints", "audit_chain_findings", "audit_heads")
AUDIT_TRIGGER_PREFIX = "audit_"
CREATE_TEMP_TRIGGER, READ = 5, 20
# Raw SQL may not delete the sent packages' chain heads, read the signing key or switch off
# foreign keys / the trusted-schema protection (review of issue 14).
CHAIN_HEADS = "submissions"
SIGNING_KEY = ("unit_keys", "key_pem")
LOCKED_PRAGMAS = ("writable_schema", "foreign_keys", "trusted_schema")
GUARD_PREFIX = "ykt_guard_"
GATE_ATTR = "_ykt_trusted_steps"
OWN_PASSWORD_ATTR = "_ykt_own_password_steps"
# What changing one's own password writes: allowed even to a read-only role, only inside
# :func:`own_password_step` (Python-only), and recorded by the users audit trigger.
OWN_PASSWORD_COLUMNS = {"password_hash", "must_change", "failed_attempts", "locked_until"}

Authorizer = Callable[[int, "str | None", "str | None", "str | None", "str | None"], int]


def _trusted(db: sqlite_utils.Database) -> bool:
    return getattr(db, GATE_ATTR, 0) > 0


@contextmanager
def trusted_step(db: sqlite_utils.Database) -> Iterator[None]:
    """The app's own schema or checkpoint step: the guard lets it through (nests)."""
    setattr(db, GATE_ATTR, getattr(db, GATE_ATTR, 0) + 1)
    try:
        yield
    finally:
        setattr(db, GATE_ATTR, getattr(db, GATE_ATTR) - 1)


@contextmanager
def own_password_step(db: sqlite_utils.Database) -> Iterator[None]:
    """The user changes their own password: a read-only role may write these columns of users."""
    setattr(db, OWN_PASSWORD_ATTR, getattr(db, OWN_PASSWORD_ATTR, 0) + 1)
    try:
        yield
    finally:
        setattr(db, OWN_PASSWORD_ATTR, getattr(db, OWN_PASSWORD_ATTR) - 1)


def _own_password_write(db: sqlite_utils.Database, action: int, arg1: str | None,
                        arg2: str | None) -> bool:
    return (getattr(db, OWN_PASSWORD_ATTR, 0) > 0 and action == UPDATE and arg1 == "users"
            and arg2 in OWN_PASSWORD_COLUMNS)


def refused(action: int, arg1: str | None, arg2: str | None, dbname: str | None,
            source: str | None = None) -> bool:
    """True when raw SQL outside a trusted step may not do this."""
    if action in (DELETE, UPDATE) and arg1 in AUDIT_TABLES:
        return True
    if action == INSERT and arg1 in APPEND_ONLY:
        return not (source or "").startswith(AUDIT_TRIGGER_PREFIX)
    if (action == DELETE and arg1 == CHAIN_HEADS) or action == CREATE_TEMP_TRIGGER:
        return True
    if action == READ and (arg1, arg2) == SIGNING_KEY:
        return True
    if action in DDL_CODES and dbname != "temp":
        return True
    if action == DROP_TEMP_TRIGGER and (arg1 or "").startswith(GUARD_PREFIX):
        return True
    if action == PRAGMA and (arg1 or "").lower() in LOCKED_PRAGMAS and arg2 is not None:
        return True
    if action == FUNCTION and arg2 == "ykt_session_set":
        return True
    return action == ATTACH


def authorizer(db: sqlite_utils.Database, inner: Authorizer | None = None) -> Authorizer:
    """The connection's authorizer: ``inner`` (a role's own rules) and then this guard."""

    def check(action: int, arg1: str | None, arg2: str | None, dbname: str | None,
              source: str | None) -> int:
        if (inner is not None and inner(action, arg1, arg2, dbname, source) != SQLITE_OK
                and not _own_password_write(db, action, arg1, arg2)):
            return SQLITE_DENY
        if action in (DELETE, UPDATE) and arg1 in AUDIT_TABLES:
            return SQLITE_DENY          # the log is append-only even for the app's own steps
        if _trusted(db):
            return SQLITE_OK
        return SQLITE_DENY if refused(action, arg1, arg2, dbname, source) else SQLITE_OK

    return check


def install(db: sqlite_utils.Database, inner: Authorizer | None = None) -> None:
    db.conn.set_authorizer(authorizer(db, inner))
