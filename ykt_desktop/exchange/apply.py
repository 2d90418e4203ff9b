"""Applying a verified package in one transaction, ids remapped by natural keys.

Rows arrive keyed by hh_no, id_number, card_number (+ id_number), issue_no, item code and region
code. What the sending unit sent before and no longer sends is removed; everything else in its
region is replaced by what it sends now. Persons are upserted by ID number, so an ID that two
units send stays one ``persons`` row with two ``members`` rows. Rows of the receiving unit's own
(issues it registered itself, its own regions) are left alone.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils

from ykt_desktop.exchange import tables as t
from ykt_desktop.exchange.errors import PackageError
from ykt_desktop.exchange.integrity_text import duplicate_issue_text
from ykt_desktop.exchange.issue_scope import GONE_ISSUES, mark_sent_issues
from ykt_desktop.exchange.reader import OpenPackage
from ykt_desktop.exchange.rows import batched, id_map, stream, stream_batches
from ykt_desktop.money import rounded_amount
from ykt_desktop.progress import Job, Progress
from ykt_desktop.regions import LEVEL_ORDER
from ykt_desktop.security.schema_guard import trusted_step

STEPS = 12


def _upsert_sql(table: str, cols: tuple[str, ...], key: str) -> str:
    sets = ", ".join(f"{c} = excluded.{c}" for c in cols if c != key)
    marks = ", ".join("?" * len(cols))
    return (f"INSERT INTO {table}({', '.join(cols)}) VALUES ({marks}) "
            f"ON CONFLICT({key}) DO UPDATE SET {sets}")


def _insert(db: sqlite_utils.Database, table: str, cols: tuple[str, ...], rows) -> int:
    return _insert_batches(db, table, cols, batched(rows))


def _insert_batches(db: sqlite_utils.Database, table: str, cols: tuple[str, ...],
                    batches) -> int:
    sql = f"INSERT INTO {table}({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    count = 0
    for batch in batches:
        db.conn.executemany(sql, batch)
        count += len(batch)
    return count


@contextmanager
def indexes_deferred(db: sqlite_utils.Database, table: str, incoming: int) -> Iterator[None]:
    """Drop the table's plain indexes while loading more rows than it holds; rebuild after
    (inside the caller's transaction, so a failure restores them with everything else)."""
    existing = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    if incoming < 10_000 or existing >= incoming:
        yield
        return
    found = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                       "AND tbl_name = ? AND sql IS NOT NULL", [table]).fetchall()
    with trusted_step(db):
        for name, _ in found:
            db.execute(f"DROP INDEX {name}")
    yield
    with trusted_step(db):
        for _, sql in found:
            db.execute(sql)


class _Maps:
    """Natural key -> local id, filled as tables are written."""

    def __init__(self, db: sqlite_utils.Database, prefix: str) -> None:
        self.items = id_map(db, "SELECT code, id FROM subsidy_items")
        self.persons: dict[str, int] = {}
        self.households: dict[str, int] = {}
        self.sent_households: set[str] = set()
        self.cards: dict[tuple[str, int], int] = {}
        self.issues: dict[str, int] = {}
        self.attachments: dict[int, int] = {}
        self.verifications: dict[int, int] = {}
        self.publicity: dict[int, int] = {}
        self.prefix = prefix


def apply_package(db: sqlite_utils.Database, pkg: OpenPackage, batch_id: int | None
                  ) -> Job[dict]:
    """Write the package's rows (caller holds the transaction); returns row counts."""
    prefix = t.code_prefix_of(pkg.manifest.unit["code"])
    t.prepare_scope(db, prefix, [])
    db.execute("CREATE TEMP TABLE IF NOT EXISTS x_att_old (id INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM x_att_old")
    db.conn.execute(t.ATTACHMENT_OWNERS, {"p": prefix, "unit": pkg.manifest.unit["code"]})
    db.execute("INSERT INTO x_att_old SELECT id FROM x_att")
    counts: dict[str, int] = {}
    yield Progress(0, STEPS, "区划与目录")
    _reference_tables(db, pkg)
    maps = _Maps(db, prefix)
    yield Progress(1, STEPS, "清除该单位旧的明细")
    _clear_scope(db, prefix)
    sent = pkg.manifest.counts
    yield Progress(2, STEPS, "人员")
    with indexes_deferred(db, "persons", sent.get("persons", 0)):
        counts["persons"] = _persons(db, pkg, maps)
    yield Progress(3, STEPS, "户")
    with indexes_deferred(db, "households", sent.get("households", 0)):
        counts["households"] = _households(db, pkg, maps)
    yield Progress(4, STEPS, "家庭成员")
    with indexes_deferred(db, "members", sent.get("members", 0)):
        counts["members"] = _members(db, pkg, maps)
    yield Progress(5, STEPS, "卡折")
    with indexes_deferred(db, "cards", sent.get("cards", 0)):
        counts["cards"] = _cards(db, pkg, maps)
    yield Progress(6, STEPS, "发放记录")
    with indexes_deferred(db, "payments", sent.get("payments", 0)):
        counts["payments"] = _payments(db, pkg, maps, batch_id)
    yield Progress(7, STEPS, "入户陈述与核查")
    counts["attachments"] = _attachments(db, pkg, maps)
    counts["statements"] = _statements(db, pkg, maps)
    counts["verifications"] = _verifications(db, pkg, maps)
    yield Progress(8, STEPS, "问题台账")
    counts["issues"] = _issues(db, pkg, maps)
    yield Progress(9, STEPS, "公示")
    counts["publicity"] = _publicity(db, pkg, maps)
    yield Progress(10, STEPS, "附件归属")
    _attachment_owners(db, pkg, maps)
    yield Progress(11, STEPS, "清理已删除的户、人员和卡")
    _remove_gone(db, maps)
    return counts


def _reference_tables(db: sqlite_utils.Database, pkg: OpenPackage) -> None:
    cols = ("code", "name", "level", "parent_code", "sort")
    order = {level: n for n, level in enumerate(LEVEL_ORDER)}
    rows = sorted(stream(pkg, "regions", cols), key=lambda r: (order.get(r[2], 9), r[0]))
    db.conn.executemany(
        "INSERT INTO regions(code, name, level, parent_code, sort) VALUES (?,?,?,?,?) "
        "ON CONFLICT(code) DO UPDATE SET name = excluded.name, level = excluded.level, "
        "parent_code = COALESCE(excluded.parent_code, regions.parent_code), sort = excluded.sort",
        rows)
    db.conn.executemany(
        f"INSERT OR IGNORE INTO subsidy_items({', '.join(t.ITEM_COLS)}) "
        f"VALUES ({', '.join('?' * len(t.ITEM_COLS))})", list(stream(pkg, "subsidy_items",
                                                                      t.ITEM_COLS)))
    db.conn.executemany("INSERT OR IGNORE INTO issue_categories(code, name, grp, sort) "
                        "VALUES (?,?,?,?)",
                        list(stream(pkg, "issue_categories", ("code", "name", "grp", "sort"))))


def _clear_scope(db: sqlite_utils.Database, prefix: str) -> None:
    """Detail rows of the sender's region that every package carries whole."""
    db.execute("DELETE FROM payments WHERE village_code BETWEEN :p AND :p || '~' "
               "OR household_id IN (SELECT id FROM x_hh)", {"p": prefix})
    db.execute("DELETE FROM statements WHERE household_id IN (SELECT id FROM x_hh)")
    db.execute("DELETE FROM verifications WHERE household_id IN (SELECT id FROM x_hh)")
    db.execute("DELETE FROM members WHERE household_id IN (SELECT id FROM x_hh)")
    db.execute("DELETE FROM postings WHERE publicity_id IN "
               "(SELECT id FROM publicity WHERE scope_code BETWEEN :p AND :p || '~')",
               {"p": prefix})
    db.execute("DELETE FROM publicity WHERE scope_code BETWEEN :p AND :p || '~'", {"p": prefix})
    db.execute("DELETE FROM attachments WHERE id IN (SELECT id FROM x_att_old) AND id NOT IN "
               "(SELECT signature_attachment_id FROM verifications "
               "WHERE signature_attachment_id IS NOT NULL) AND id NOT IN "
               "(SELECT file_attachment_id FROM publicity WHERE file_attachment_id IS NOT NULL) "
               "AND id NOT IN (SELECT photo_attachment_id FROM postings "
               "WHERE photo_attachment_id IS NOT NULL)")


def _persons(db: sqlite_utils.Database, pkg: OpenPackage, maps: _Maps) -> int:
    sql = _upsert_sql("persons", t.PERSON_COLS, "id_number")
    db.execute("CREATE TEMP TABLE IF NOT EXISTS x_sent_persons (id_number TEXT PRIMARY KEY)")
    db.execute("DELETE FROM x_sent_persons")
    count = 0
    for batch in stream_batches(pkg, "persons", t.PERSON_COLS):
        db.conn.executemany(sql, batch)
        db.conn.executemany("INSERT OR IGNORE INTO x_sent_persons VALUES (?)",
                            [(row[0],) for row in batch])
        count += len(batch)
    maps.persons = id_map(db, "SELECT p.id_number, p.id FROM x_sent_persons x "
                              "JOIN persons p ON p.id_number = x.id_number")
    return count


def _households(db: sqlite_utils.Database, pkg: OpenPackage, maps: _Maps) -> int:
    cols = ("hh_no", "village_code", "group_code", "address", "head_person_id", "phone",
            "verify_status", "verify_reason", "verified_by", "verified_at", "notes",
            "created_at", "updated_at")
    sql = _upsert_sql("households", cols, "hh_no")
    count, person = 0, maps.persons
    for batch in stream_batches(pkg, "households", t.HOUSEHOLD_COLS):
        for row in batch:
            row[4] = person.get(row[4]) if row[4] else None
        maps.sent_households.update(row[0] for row in batch)
        db.conn.executemany(sql, batch)
        count += len(batch)
    maps.households = id_map(
        db, "SELECT hh_no, id FROM households WHERE village_code BETWEEN :p AND :p || '~'",
        {"p": maps.prefix})
    return count


def _cards(db: sqlite_utils.Database, pkg: OpenPackage, maps: _Maps) -> int:
    db.execute("CREATE TEMP TABLE IF NOT EXISTS x_card_persons (id INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM x_card_persons")
    db.execute("INSERT INTO x_card_persons SELECT id FROM x_persons")
    db.conn.executemany("INSERT OR IGNORE INTO x_card_persons VALUES (?)",
                        [(i,) for i in maps.persons.values()])
    by_person = ("SELECT c.id, c.card_number, c.person_id FROM x_card_persons x "
                 "CROSS JOIN cards c ON c.person_id = x.id")
    local = {(num, pid): cid for cid, num, pid in db.execute(by_person).fetchall()}
    cols = ("card_number", "person_id", *t.CARD_COLS[2:])
    update_sql = f"UPDATE cards SET {', '.join(c + ' = ?' for c in cols[2:])} WHERE id = ?"
    insert_sql = f"INSERT INTO cards({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    persons, count = maps.persons, 0
    for batch in stream_batches(pkg, "cards", t.CARD_COLS):
        inserts, updates = [], []
        for row in batch:
            row[1] = persons[row[1]]
            card_id = local.pop((row[0], row[1]), None) if local else None
            if card_id is None:
                inserts.append(row)
            else:
                updates.append([*row[2:], card_id])
        db.conn.executemany(update_sql, updates)
        db.conn.executemany(insert_sql, inserts)
        count += len(batch)
    db.execute("CREATE TEMP TABLE IF NOT EXISTS x_cards_gone (id INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM x_cards_gone")
    db.conn.executemany("INSERT INTO x_cards_gone VALUES (?)", [(i,) for i in local.values()])
    maps.cards = {(num, pid): cid for cid, num, pid in db.execute(by_person).fetchall()}
    return count


def _payments(db: sqlite_utils.Database, pkg: OpenPackage, maps: _Maps, batch_id: int) -> int:
    cols = ("person_id", "household_id", "village_code", "item_id", "period", "standard",
            "amount_due", "amount_paid", "paid_date", "card_id", "card_number", "bank", "status",
            "source", "batch_id")
    persons, hhs, items, cards = maps.persons, maps.households, maps.items, maps.cards

    person, household, card = persons.get, hhs.get, cards.get   # an empty key maps to None

    def fen(value: object) -> object:  # amounts kept to the 分 (四舍五入 once, at entry)
        return rounded_amount(value) if isinstance(value, (int, float)) else value

    def mapped(batch: list[list]) -> list[tuple]:
        return [((pid := person(r[0])), household(r[1]), r[2], items[r[3]], r[4], fen(r[5]),
                 fen(r[6]), fen(r[7]), r[8], card((r[9], pid)), r[9], r[10], r[11], r[12],
                 batch_id) for r in batch]
    return _insert_batches(db, "payments", cols,
                           map(mapped, stream_batches(pkg, "payments", t.PAYMENT_COLS)))


def _members(db: sqlite_utils.Database, pkg: OpenPackage, maps: _Maps) -> int:
    hhs, persons = maps.households, maps.persons
    cols = ("hh_no", "id_number", "relation", "sort")
    return _insert_batches(db, "members", ("household_id", "person_id", "relation", "sort"), (
        [(hhs[r[0]], persons[r[1]], r[2], r[3]) for r in batch]
        for batch in stream_batches(pkg, "members", cols)))


def _statements(db: sqlite_utils.Database, pkg: OpenPackage, maps: _Maps) -> int:
    cols = ("household_id", "person_id", "item_id", "period", "received", "amount",
            "received_date", "card_desc", "notes", "created_at")
    return _insert(db, "statements", cols, (
        (maps.households[r[0]], maps.persons.get(r[1]) if r[1] else None, maps.items[r[2]],
         *r[3:]) for r in stream(pkg, "statements", t.STATEMENT_COLS)))


def _verifications(db: sqlite_utils.Database, pkg: OpenPackage, maps: _Maps) -> int:
    cols = ("household_id", "visit_date", "verifiers", "result", "reason", "head_confirmed",
            "signature_attachment_id", "notes", "created_by", "created_at")
    sql = f"INSERT INTO verifications({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    count = 0
    for r in stream(pkg, "verifications", t.VERIFICATION_COLS):
        sig = maps.attachments.get(r[7]) if r[7] is not None else None
        cur = db.conn.execute(sql, [maps.households[r[1]], *r[2:7], sig, *r[8:]])
        maps.verifications[r[0]] = cur.lastrowid
        count += 1
    return count


def _issues(db: sqlite_utils.Database, pkg: OpenPackage, maps: _Maps) -> int:
    cols = ("issue_no", "household_id", "person_id", "card_id", "item_id", *t.ISSUE_PLAIN)
    sql = _upsert_sql("issues", cols, "issue_no")
    rows = []
    for r in stream(pkg, "issues", t.ISSUE_COLS):
        pid = maps.persons.get(r[2]) if r[2] else None
        rows.append([r[0], maps.households.get(r[1]) if r[1] else None, pid,
                     maps.cards.get((r[3], pid)) if r[3] else None,
                     maps.items.get(r[4]) if r[4] else None, *r[5:]])
    _refuse_repeated_numbers(pkg, [r[0] for r in rows])
    db.conn.executemany(sql, rows)
    mark_sent_issues(db, [r[0] for r in rows])
    db.execute(f"DELETE FROM issue_events WHERE issue_id IN ({GONE_ISSUES})",
               {"p": maps.prefix})
    db.execute(f"DELETE FROM issues WHERE id IN ({GONE_ISSUES})", {"p": maps.prefix})
    maps.issues = id_map(db, "SELECT issue_no, id FROM issues WHERE issue_no IN "
                             "(SELECT issue_no FROM x_sent_issues)")
    db.execute("DELETE FROM issue_events WHERE issue_id IN (SELECT id FROM issues WHERE issue_no "
               "IN (SELECT issue_no FROM x_sent_issues))")
    _insert(db, "issue_events", ("issue_id", *t.EVENT_COLS[1:]), (
        (maps.issues[r[0]], *r[1:]) for r in stream(pkg, "issue_events", t.EVENT_COLS)))
    return len(rows)


def _refuse_repeated_numbers(pkg: OpenPackage, numbers: list[str]) -> None:
    """Two issues of one package with one number: name it (the number and both positions)."""
    seen: dict[str, int] = {}
    for position, number in enumerate(numbers, start=1):
        if number in seen:
            unit = f"{pkg.manifest.unit.get('name', '')}（{pkg.manifest.unit['code']}）"
            raise PackageError("inconsistent", duplicate_issue_text(
                unit, number, seen[number], position), filename=pkg.path.name)
        seen[number] = position


def _publicity(db: sqlite_utils.Database, pkg: OpenPackage, maps: _Maps) -> int:
    cols = t.PUBLICITY_COLS[1:12] + ("file_attachment_id", "created_by", "created_at")
    sql = f"INSERT INTO publicity({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    count = 0
    for r in stream(pkg, "publicity", t.PUBLICITY_COLS):
        file_id = maps.attachments.get(r[12]) if r[12] is not None else None
        cur = db.conn.execute(sql, [*r[1:12], file_id, r[13], r[14]])
        maps.publicity[r[0]] = cur.lastrowid
        count += 1
    posting_cols = ("publicity_id", "location", "posted_from", "posted_to",
                    "photo_attachment_id", *t.POSTING_COLS[5:])
    _insert(db, "postings", posting_cols, (
        (maps.publicity[r[0]], *r[1:4], maps.attachments.get(r[4]) if r[4] is not None else None,
         *r[5:]) for r in stream(pkg, "postings", t.POSTING_COLS)))
    return count


def _attachments(db: sqlite_utils.Database, pkg: OpenPackage, maps: _Maps) -> int:
    sql = ("INSERT INTO attachments(kind, filename, mime, size, sha256, data, owner_table, "
           "created_at, created_by) VALUES (?,?,?,?,?,?,?,?,?)")
    count = 0
    for r in stream(pkg, "attachments", t.ATTACHMENT_COLS):
        cur = db.conn.execute(sql, [*r[1:6], base64.b64decode(r[6]), r[7], r[9], r[10]])
        maps.attachments[r[0]] = cur.lastrowid
        count += 1
    return count


def _attachment_owners(db: sqlite_utils.Database, pkg: OpenPackage, maps: _Maps) -> None:
    owners = {"households": maps.households, "persons": maps.persons, "issues": maps.issues,
              "verifications": {str(k): v for k, v in maps.verifications.items()},
              "publicity": {str(k): v for k, v in maps.publicity.items()}}
    updates = []
    for r in stream(pkg, "attachments", ("ref", "owner_table", "owner_key")):
        owner = owners.get(r[1], {}).get(r[2]) if r[2] is not None else None
        updates.append((owner, maps.attachments[r[0]]))
    db.conn.executemany("UPDATE attachments SET owner_id = ? WHERE id = ?", updates)


def _remove_gone(db: sqlite_utils.Database, maps: _Maps) -> None:
    """Households, cards and persons the sender had before and no longer sends."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS x_hh_gone (id INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM x_hh_gone")
    keep = {maps.households[h] for h in maps.sent_households}
    db.conn.executemany("INSERT INTO x_hh_gone VALUES (?)", [
        (i,) for (i,) in db.execute("SELECT id FROM x_hh").fetchall() if i not in keep])
    db.execute("UPDATE issues SET household_id = NULL WHERE household_id IN "
               "(SELECT id FROM x_hh_gone)")
    db.execute("DELETE FROM households WHERE id IN (SELECT id FROM x_hh_gone)")
    if db.execute("SELECT 1 FROM x_cards_gone LIMIT 1").fetchone():   # payments.card_id: no index
        for table in ("payments", "issues"):
            db.execute(f"UPDATE {table} SET card_id = NULL WHERE card_id IN "
                       "(SELECT id FROM x_cards_gone)")
    db.execute("DELETE FROM cards WHERE id IN (SELECT id FROM x_cards_gone) AND person_id NOT IN "
               "(SELECT m.person_id FROM members m WHERE m.household_id NOT IN "
               "(SELECT id FROM households WHERE village_code BETWEEN :p AND :p || '~'))",
               {"p": maps.prefix})
    db.execute("CREATE TEMP TABLE IF NOT EXISTS x_persons_gone (id INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM x_persons_gone")
    db.execute(
        "INSERT INTO x_persons_gone SELECT id FROM x_persons "
        "WHERE id NOT IN (SELECT person_id FROM members) "
        "AND id NOT IN (SELECT person_id FROM payments WHERE person_id IS NOT NULL) "
        "AND id NOT IN (SELECT person_id FROM issues WHERE person_id IS NOT NULL) "
        "AND id NOT IN (SELECT person_id FROM statements WHERE person_id IS NOT NULL)")
    db.execute("DELETE FROM cards WHERE person_id IN (SELECT id FROM x_persons_gone)")
    db.execute("DELETE FROM persons WHERE id IN (SELECT id FROM x_persons_gone)")
