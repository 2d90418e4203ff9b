"""Counts for the overview page, the status bar and ``info``."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from ykt_desktop.regions import code_prefix
from ykt_desktop.security.read_scope import read_prefix, region_condition, scoped_under
from ykt_desktop.unit import get_unit

TABLES = (
    "regions", "households", "persons", "members", "cards", "subsidy_items", "payments",
    "statements", "verifications", "issues", "findings", "death_list", "cadre_list", "publicity",
    "users", "audit_log", "submissions",
)


@dataclass(frozen=True)
class AreaRow:
    code: str
    name: str
    level: str
    households: int
    verified: int
    unable: int
    persons: int
    payments: int
    paid_amount: float
    open_issues: int

    @property
    def progress(self) -> float:
        return (self.verified + self.unable) / self.households if self.households else 0.0


def table_counts(db: sqlite_utils.Database) -> dict[str, int]:
    names = set(db.table_names())
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES if t in names}


def region_counts(db: sqlite_utils.Database) -> dict[str, int]:
    rows = db.execute("SELECT level, count(*) FROM regions GROUP BY level").fetchall()
    return dict(rows)


def area_rows(db: sqlite_utils.Database, level: str, *, under: str | None = None) -> list[AreaRow]:
    """One row per township (or village) with households, verification and money figures."""
    width = {"township": 9, "village": 12}[level]
    under = scoped_under(db, under)         # the session's region only (issue 14)
    args: list = []
    where = ""
    if under:
        where = "WHERE village_code LIKE ?"
        args.append(code_prefix(under) + "%")
    hh = _group(db, f"SELECT substr(village_code,1,{width}) k, count(*), "
                    "sum(verify_status='verified'), sum(verify_status='unable') "
                    f"FROM households {where} GROUP BY k", args)
    persons = _group(db, f"SELECT substr(h.village_code,1,{width}) k, count(DISTINCT m.person_id) "
                         f"FROM members m JOIN households h ON h.id = m.household_id "
                         f"{where.replace('village_code', 'h.village_code')} GROUP BY k", args)
    pays = _group(db, f"SELECT substr(village_code,1,{width}) k, count(*), "
                      f"round(sum(amount_paid), 2) FROM payments {where} GROUP BY k", args)
    issues = _group(db, f"SELECT substr(village_code,1,{width}) k, count(*) FROM issues "
                        f"{where + (' AND' if where else 'WHERE')} status != 'closed' GROUP BY k",
                    args)
    pad = "0" * (12 - width)
    regions = db.execute("SELECT code, name FROM regions WHERE level = ? ORDER BY code",
                         [level]).fetchall()
    out = []
    for code, name in regions:
        k = code[:width]
        if under and not code.startswith(code_prefix(under)):
            continue
        h, p, m, i = hh.get(k, (0, 0, 0)), persons.get(k, (0,)), pays.get(k, (0, 0.0)), issues.get(
            k, (0,))
        out.append(AreaRow(k + pad if level == "township" else code, name, level, h[0],
                           h[1] or 0, h[2] or 0, p[0], m[0], m[1] or 0.0, i[0]))
    return out


def group_rows(db: sqlite_utils.Database) -> list[AreaRow]:
    """One row per 组 of the households' groups (a village's own database), and 未分组 for
    households without one."""
    hh = _group(db, "SELECT coalesce(group_code, '') k, count(*), sum(verify_status='verified'),"
                    " sum(verify_status='unable') FROM households GROUP BY k", [])
    persons = _group(db, "SELECT coalesce(h.group_code, '') k, count(DISTINCT m.person_id) "
                         "FROM members m JOIN households h ON h.id = m.household_id GROUP BY k",
                     [])
    pays = _group(db, "SELECT coalesce(h.group_code, '') k, count(*), round(sum(p.amount_paid),"
                      " 2) FROM payments p JOIN households h ON h.id = p.household_id GROUP BY k",
                  [])
    issues = _group(db, "SELECT coalesce(h.group_code, '') k, count(*) FROM issues i JOIN "
                        "households h ON h.id = i.household_id WHERE i.status != 'closed' "
                        "GROUP BY k", [])
    names = dict(db.execute("SELECT code, name FROM regions WHERE level = 'group'"))
    out = []
    for code in sorted(hh, key=lambda k: (k == "", k)):
        h, p, m, i = hh[code], persons.get(code, (0,)), pays.get(code, (0, 0.0)), issues.get(
            code, (0,))
        out.append(AreaRow(code, names.get(code, code) if code else "未分组", "group", h[0],
                           h[1] or 0, h[2] or 0, p[0], m[0], m[1] or 0.0, i[0]))
    return out


def _group(db: sqlite_utils.Database, sql: str, args: list) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in db.execute(sql, args).fetchall()}


def summary(db: sqlite_utils.Database) -> dict[str, object]:
    """Headline numbers: unit, households, persons, cards, items, payments, verification."""
    unit = get_unit(db)
    prefix = read_prefix(db)        # a session counts its own region only (issue 14)
    like = [prefix + "%"] if prefix else []
    one = lambda sql: db.execute(sql, like).fetchone()[0]  # noqa: E731
    area = "village_code LIKE ?" if prefix else "1"
    mine = (f"(SELECT m.person_id FROM members m JOIN households h ON h.id = m.household_id "
            f"WHERE h.{area})")
    households = one(f"SELECT count(*) FROM households WHERE {area}")
    done = one(f"SELECT count(*) FROM households WHERE {area} AND verify_status != 'pending'")
    return {
        "unit": unit,
        "households": households,
        "persons": one(f"SELECT count(*) FROM persons WHERE id IN {mine}" if prefix else
                       "SELECT count(*) FROM persons"),
        "cards": one(f"SELECT count(*) FROM cards WHERE person_id IN {mine}" if prefix else
                     "SELECT count(*) FROM cards"),
        "items": db.execute("SELECT count(*) FROM subsidy_items WHERE active = 1").fetchone()[0],
        "payments": one(f"SELECT count(*) FROM payments WHERE {area}"),
        "paid_amount": one("SELECT coalesce(round(sum(amount_paid), 2), 0) FROM payments "
                           f"WHERE {area}"),
        "verified": done,
        "progress": done / households if households else 0.0,
        "open_issues": _open_issues(db),
    }


def _open_issues(db: sqlite_utils.Database) -> int:
    """Issues not closed, of the rows the ledger shows this session (a township's own issues
    without a village included, as :func:`ykt_desktop.ledger.query.list_issue_ids` does)."""
    scope, args = region_condition(db, "village_code")
    return db.execute(f"SELECT count(*) FROM issues WHERE {scope} AND status != 'closed'",
                      args).fetchone()[0]


@dataclass(frozen=True)
class Overview:
    summary: dict[str, object]
    level: str               # 'township', 'village' or 'group': what ``rows`` lists
    rows: list[AreaRow]


def overview(db: sqlite_utils.Database, *, drill: str | None = None) -> Overview:
    """Everything the overview page shows: headline numbers and the township (or, when the unit
    has one township or ``drill`` names one, the village; a one-village database: its 组) rows.
    Seconds at county scale: the UI runs it off the GUI thread."""
    level = "village" if drill else "township"
    rows = area_rows(db, level, under=drill)
    if not drill and len(rows) <= 1:
        level, rows = "village", area_rows(db, "village")
    if not drill and len(rows) <= 1:
        groups = group_rows(db)
        if len(groups) > 1 or (groups and groups[0].code):
            level, rows = "group", groups
    return Overview(summary(db), level, rows)


def status_counts(db: sqlite_utils.Database) -> dict[str, int]:
    """The four counts of the status bar (households, persons, cards, payments)."""
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("households", "persons", "cards", "payments")}
