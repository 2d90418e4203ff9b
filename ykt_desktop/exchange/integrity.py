"""Constraints of a bulk apply checked once, at the end of its transaction, instead of per row.

Per row, SQLite spends more on our CHECK constraints than on the insert itself: every
``x IN ('a', 'b', 'c')`` builds a little lookup table for each row (measured: persons 9.4 µs per
row with them, 4.1 without; the same for cards and payments). Foreign keys cost a lookup per
reference and per deleted parent. Inside :func:`checked_at_end` both are off for the apply and
then checked in one pass each, before the transaction ends:

* every CHECK constraint of every table, evaluated as one query per table over its rows (the
  IN lists are then built once per query, not once per row);
* ``PRAGMA foreign_key_check`` over the whole database (catches references the apply wrote and
  rows left pointing at deleted parents alike).

Any violation raises :class:`PackageError` (``inconsistent``) naming table, row and column, and
the caller's transaction rolls back: nothing of the package is kept, exactly as when the row
checks had refused it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils

from ykt_desktop.exchange.errors import PackageError

SHOWN = 3    # violations named in the message


def check_clauses(db: sqlite_utils.Database, table: str) -> list[str]:
    """The expressions of ``table``'s CHECK constraints, read from its CREATE TABLE text."""
    row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                     [table]).fetchone()
    return _clauses(row[0]) if row and row[0] else []


def _clauses(sql: str) -> list[str]:
    out: list[str] = []
    i, n, upper = 0, len(sql), sql.upper()
    while i < n:
        ch = sql[i]
        if ch in "'\"":
            i = _skip_quoted(sql, i)
        elif sql.startswith("--", i):
            i = sql.find("\n", i) if "\n" in sql[i:] else n
        elif sql.startswith("/*", i):
            i = sql.find("*/", i) + 2 if "*/" in sql[i:] else n
        elif upper.startswith("CHECK", i) and (i == 0 or not _word(sql[i - 1])) \
                and (i + 5 >= n or not _word(sql[i + 5])):
            start = sql.index("(", i + 5)
            end = _matching(sql, start)
            out.append(sql[start + 1:end].strip())
            i = end + 1
        else:
            i += 1
    return out


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _skip_quoted(sql: str, i: int) -> int:
    quote, i = sql[i], i + 1
    while i < len(sql):
        if sql[i] == quote:
            if sql[i + 1:i + 2] == quote:
                i += 2
                continue
            return i + 1
        i += 1
    return i


def _matching(sql: str, start: int) -> int:
    depth, i = 0, start
    while i < len(sql):
        ch = sql[i]
        if ch in "'\"":
            i = _skip_quoted(sql, i)
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError("unbalanced CHECK")


def check_violations(db: sqlite_utils.Database) -> list[str]:
    """Rows of any table that break one of its CHECK constraints (Chinese, a few shown).

    One scan per table with constraints (all its clauses in one WHERE); the clause is named
    only when something was found."""
    found: list[str] = []
    for table in db.table_names():
        clauses = check_clauses(db, table)
        if not clauses:
            continue
        # NOT(x) is NULL when x is NULL, which a CHECK accepts: only a false result fails.
        where = " OR ".join(f"NOT ({c})" for c in clauses)
        if not db.execute(f"SELECT 1 FROM {table} WHERE {where} LIMIT 1").fetchone():
            continue
        for clause in clauses:
            rows = db.execute(f"SELECT rowid FROM {table} WHERE NOT ({clause}) LIMIT {SHOWN}"
                              ).fetchall()
            found += [f"{table} 第 {r[0]} 行不符合约束 CHECK ({clause})" for r in rows]
    return found


def foreign_key_violations(db: sqlite_utils.Database) -> list[str]:
    """``PRAGMA foreign_key_check`` of the whole database, as Chinese lines."""
    rows = db.execute("PRAGMA foreign_key_check").fetchall()
    out = []
    for table, rowid, parent, fkid in rows[:SHOWN]:
        column = _fk_column(db, table, fkid)
        out.append(f"{table} 第 {rowid} 行的 {column} 引用的 {parent} 记录不存在")
    if len(rows) > SHOWN:
        out.append(f"……共 {len(rows)} 处")
    return out


def _fk_column(db: sqlite_utils.Database, table: str, fkid: int) -> str:
    for row in db.execute(f"PRAGMA foreign_key_list({table})").fetchall():
        if row[0] == fkid:
            return row[3]
    return "?"


@contextmanager
def checked_at_end(db: sqlite_utils.Database, *, filename: str = "") -> Iterator[None]:
    """Inside the caller's transaction: CHECK constraints off for the body, then checked for
    every table in one pass each; foreign keys checked for the whole database when the
    connection has them off. Raises :class:`PackageError` on any violation."""
    db.execute("PRAGMA ignore_check_constraints = ON")
    try:
        yield
    finally:
        db.execute("PRAGMA ignore_check_constraints = OFF")
    problems = check_violations(db)
    if not db.execute("PRAGMA foreign_keys").fetchone()[0]:
        problems += foreign_key_violations(db)
    if problems:
        raise PackageError("inconsistent", "；".join(problems[:SHOWN + 1])
                           + "。未导入任何数据，请让该单位核对后重新生成", filename=filename)
