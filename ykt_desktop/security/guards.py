"""Enforcing a role on the connection itself, so no module can write around it.

- A read-only role gets an authorizer that refuses every write to the main database (only
  appending to the audit log stays possible, so an inspector's exports are recorded) and the
  reading of the unit's private signing key (so it cannot sign anything).
- A role confined to a region (village clerk, township reviewer) gets TEMP triggers that abort
  any write touching a household, person, card, payment, statement, issue or return outside it.
- Every role but the county administrator may change only its own user record and neither the
  masking policy nor the unit (its level, code and name).
- Every session: no DDL and no change to the audit log through raw SQL
  (:mod:`ykt_desktop.security.schema_guard`).
"""

from __future__ import annotations

import sqlite_utils

from ykt_desktop.security import roles, schema_guard

SQLITE_OK, SQLITE_DENY = 0, 1
WRITE_CODES = {9, 18, 23}          # SQLITE_DELETE, SQLITE_INSERT, SQLITE_UPDATE
SCHEMA_CODES = {1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 26, 27, 30, 32}
PREFIX = "ykt_guard_"
SQLITE_READ = 20
SQLITE_UPDATE, SQLITE_PRAGMA = 23, 19
SIGNING_KEY = ("unit_keys", "key_pem")


def _read_only_authorizer(action: int, arg1: str | None, arg2: str | None,
                          dbname: str | None, _source: str | None) -> int:
    if dbname == "temp":
        return SQLITE_OK
    if action == SQLITE_READ and (arg1, arg2) == SIGNING_KEY:
        return SQLITE_DENY      # no signing: the unit's private key is unreadable
    if action == SQLITE_UPDATE and arg1 == "sqlite_master" and dbname == "main":
        return SQLITE_OK        # an eponymous virtual table (json_each) registering itself;
    if action == SQLITE_PRAGMA and arg1 == "writable_schema" and arg2 is not None:
        return SQLITE_DENY      # ... SQL can only change sqlite_master after this pragma
    if action in WRITE_CODES and not (action == 18 and arg1 == "audit_log"):
        return SQLITE_DENY
    if action in SCHEMA_CODES and dbname == "main":
        return SQLITE_DENY
    return SQLITE_OK


def _in(expr: str, prefix: str) -> str:
    return f"substr(coalesce({expr}, ''), 1, {len(prefix)}) = '{prefix}'"


def _hh(ref: str) -> str:
    return f"(SELECT village_code FROM households WHERE id = {ref})"


def _person_ok(ref: str, prefix: str) -> str:
    """A person is in scope when any household of theirs is, or when they have none yet."""
    return (f"(NOT EXISTS (SELECT 1 FROM members WHERE person_id = {ref}) OR EXISTS ("
            f"SELECT 1 FROM members m JOIN households h ON h.id = m.household_id "
            f"WHERE m.person_id = {ref} AND {_in('h.village_code', prefix)}))")


def _scope_rules(prefix: str) -> dict[str, callable]:
    """table -> function(ref) giving the SQL condition 'row ref is inside the scope'."""
    return {
        "households": lambda r: _in(f"{r}.village_code", prefix),
        "payments": lambda r: _in(f"coalesce({r}.village_code, {_hh(r + '.household_id')})",
                                  prefix),
        "issues": lambda r: _in(f"coalesce({r}.village_code, {_hh(r + '.household_id')})",
                                prefix),
        "members": lambda r: _in(_hh(f"{r}.household_id"), prefix),
        "statements": lambda r: _in(_hh(f"{r}.household_id"), prefix),
        "verifications": lambda r: _in(_hh(f"{r}.household_id"), prefix),
        "persons": lambda r: _person_ok(f"{r}.id", prefix),
        "cards": lambda r: _person_ok(f"{r}.person_id", prefix),
        "issue_events": lambda r: _in(
            f"(SELECT coalesce(i.village_code, {_hh('i.household_id')}) FROM issues i "
            f"WHERE i.id = {r}.issue_id)", prefix),
        "return_drafts": lambda r: _in(f"{r}.unit_code", prefix),
        # the campaign's registers (issue 16)
        "backchecks": lambda r: _in(f"{r}.village_code", prefix),
        "complaints": lambda r: _in(f"{r}.village_code", prefix),
        "self_reports": lambda r: _in(f"{r}.village_code", prefix),
    }


def _trigger(name: str, when: str, table: str, cond: str, message: str) -> str:
    return (f"CREATE TEMP TRIGGER {PREFIX}{name} {when} ON main.{table} WHEN {cond} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END")


def scope_triggers(prefix: str, tables: set[str]) -> list[str]:
    if not prefix.isdigit():
        raise ValueError(f"区划代码前缀不正确：{prefix!r}")
    out = []
    message = f"权限不足：只能修改本单位（区划代码{prefix}）范围内的数据"
    for table, inside in _scope_rules(prefix).items():
        if table not in tables:
            continue
        persons = table == "persons"
        if not persons:
            out.append(_trigger(f"{table}_ins", "BEFORE INSERT", table,
                                f"NOT {inside('NEW')}", message))
        out.append(_trigger(f"{table}_upd", "BEFORE UPDATE", table,
                            f"NOT {inside('OLD')}" + ("" if persons else
                                                      f" OR NOT {inside('NEW')}"), message))
        out.append(_trigger(f"{table}_del", "BEFORE DELETE", table, f"NOT {inside('OLD')}",
                            message))
    return out


def own_record_triggers() -> list[str]:
    users = "权限不足：只有县级管理员可以管理用户"
    policy = "权限不足：只有县级管理员可以修改脱敏规则"
    unit = "权限不足：只有县级管理员可以修改本单位（级别、区划代码、名称）"
    return [
        _trigger("users_ins", "BEFORE INSERT", "users", "1", users),
        _trigger("users_del", "BEFORE DELETE", "users", "1", users),
        _trigger("users_upd", "BEFORE UPDATE", "users",
                 "OLD.username IS NOT ykt_user() OR NEW.username IS NOT OLD.username "
                 "OR NEW.role IS NOT OLD.role OR NEW.unit_code IS NOT OLD.unit_code "
                 "OR NEW.active IS NOT OLD.active", users),
        _trigger("policy_ins", "BEFORE INSERT", "settings", "NEW.key = 'masking_policy'", policy),
        _trigger("policy_upd", "BEFORE UPDATE", "settings", "OLD.key = 'masking_policy'", policy),
        _trigger("policy_del", "BEFORE DELETE", "settings", "OLD.key = 'masking_policy'", policy),
        _trigger("unit_ins", "BEFORE INSERT", "settings", "NEW.key = 'unit'", unit),
        _trigger("unit_upd", "BEFORE UPDATE", "settings", "OLD.key = 'unit' OR NEW.key = 'unit'",
                 unit),
        _trigger("unit_del", "BEFORE DELETE", "settings", "OLD.key = 'unit'", unit),
    ]


def install(db: sqlite_utils.Database, role: str, prefix: str) -> None:
    """Put ``role``'s restrictions on the connection (after :func:`remove`)."""
    if role in roles.READ_ONLY_ROLES:
        schema_guard.install(db, _read_only_authorizer)
        return
    statements = [] if role == "county_admin" else own_record_triggers()
    if prefix:
        statements += scope_triggers(prefix, set(db.table_names()))
    for sql in statements:
        db.execute(sql)
    schema_guard.install(db)


def install_read_only(db: sqlite_utils.Database) -> None:
    """The read-only role's authorizer without a session (the training demo county)."""
    schema_guard.install(db, _read_only_authorizer)


def remove(db: sqlite_utils.Database) -> None:
    db.conn.set_authorizer(None)
    names = db.execute("SELECT name FROM sqlite_temp_master WHERE type = 'trigger' "
                       "AND name LIKE ?", [PREFIX + "%"]).fetchall()
    for (name,) in names:
        db.execute(f"DROP TRIGGER temp.{name}")
