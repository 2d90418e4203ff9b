"""What a package would change, per village: households, persons and issues added, changed
and removed. The receiver's current rows are read with the same queries that write packages,
so "changed" means a different row as the sender would write it."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

import sqlite_utils

from ykt_desktop.exchange import tables as t
from ykt_desktop.exchange.issue_scope import gone_issues, mark_sent_issues
from ykt_desktop.exchange.reader import OpenPackage
from ykt_desktop.exchange.rows import stream
from ykt_desktop.exchange.writer import dump_row

KINDS = ("households", "persons", "issues")


@dataclass
class Change:
    added: int = 0
    changed: int = 0
    removed: int = 0

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.removed)


@dataclass
class Preview:
    unit_code: str
    villages: dict[str, dict[str, Change]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def total(self, kind: str) -> Change:
        out = Change()
        for per in self.villages.values():
            c = per.get(kind, Change())
            out.added += c.added
            out.changed += c.changed
            out.removed += c.removed
        return out

    @property
    def any(self) -> bool:
        return any(self.total(k).any for k in KINDS)


def _digest(row) -> bytes:
    return hashlib.blake2b(dump_row(row), digest_size=12).digest()


def _local(db: sqlite_utils.Database, spec_name: str, params: dict) -> dict[str, bytes]:
    spec = t.SPEC_BY_NAME[spec_name]
    return {row[0]: _digest(row) for row in db.conn.execute(spec.sql, params)}


def _village_of_persons(db: sqlite_utils.Database) -> dict[str, str]:
    return dict(db.execute(
        "SELECT p.id_number, min(h.village_code) FROM members m JOIN persons p ON p.id = "
        "m.person_id JOIN households h ON h.id = m.household_id "
        "WHERE m.household_id IN (SELECT id FROM x_hh) GROUP BY p.id_number").fetchall())


def _new_persons(pkg: OpenPackage, villages: dict, person_village: dict[str, str]) -> bool:
    """Every person of the package is new here (we hold none of the unit's): count them per
    village from the members already read and the manifest's count, without reading the
    persons file a second time. False (count the slow way) if the numbers do not agree."""
    total = pkg.manifest.counts.get("persons")
    if total is None or len(person_village) > total:
        return False
    unit = pkg.manifest.unit["code"]
    for village in person_village.values():
        villages[village]["persons"].added += 1
    if total > len(person_village):
        villages[unit]["persons"].added += total - len(person_village)
    return True


def preview_package(db: sqlite_utils.Database, pkg: OpenPackage) -> Preview:
    unit = pkg.manifest.unit["code"]
    params = {"p": t.code_prefix_of(unit), "unit": unit}
    t.prepare_scope(db, params["p"], [])
    result = Preview(unit)
    villages: dict[str, dict[str, Change]] = defaultdict(lambda: {k: Change() for k in KINDS})
    hh_village = {r[0]: r[1] for r in stream(pkg, "households", ("hh_no", "village_code"))}
    local_hh = dict(db.execute("SELECT hh_no, village_code FROM households WHERE id IN "
                               "(SELECT id FROM x_hh)").fetchall())
    person_village = _village_of_persons(db)
    for r in stream(pkg, "members", ("hh_no", "id_number")):
        person_village.setdefault(r[1], hh_village.get(r[0], unit))
    where = {"households": lambda key, row: row[1],
             "persons": lambda key, row: person_village.get(key, unit),
             "issues": lambda key, row: row[8] or unit}
    cols = {"households": t.HOUSEHOLD_COLS, "persons": t.PERSON_COLS, "issues": t.ISSUE_COLS}
    for kind in KINDS:
        before = _local(db, kind, params)
        if kind == "persons" and not before and _new_persons(pkg, villages, person_village):
            continue
        sent = []
        for row in stream(pkg, kind, cols[kind]):
            key = row[0]
            if kind == "issues":
                sent.append(key)
            village = where[kind](key, row)
            old = before.pop(key, None)
            if old is None:
                villages[village][kind].added += 1
            elif old != _digest(row):
                villages[village][kind].changed += 1
        if kind == "issues":       # removed by the same rule as the import applies
            mark_sent_issues(db, sent)
            for _number, village in gone_issues(db, params["p"]):
                villages[village or unit][kind].removed += 1
            continue
        for key in before:
            fallback = {"households": local_hh.get(key, unit), "persons":
                        person_village.get(key, unit)}
            villages[fallback[kind]][kind].removed += 1
    result.villages = dict(sorted(villages.items()))
    result.names = dict(db.execute("SELECT code, name FROM regions").fetchall())
    for r in stream(pkg, "regions", ("code", "name")):
        result.names.setdefault(r[0], r[1])
    return result
