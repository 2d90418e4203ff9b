"""Completeness (进度) of the door-to-door check: 村不漏户、户不漏人、人不漏项、项无差错.

Per township, village or group: households verified of total, persons checked (members of
verified households), items confirmed (a member's item with official payments that has a
household statement for any period). The "still missing" lists name what is left to do.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from ykt_desktop.households.register_gaps import missing_rows
from ykt_desktop.progress import Job, Progress, run
from ykt_desktop.regions import code_prefix
from ykt_desktop.security.read_scope import scoped_under

WIDTH = {"township": 9, "village": 12}


@dataclass(frozen=True)
class AreaProgress:
    code: str
    name: str
    households: int
    verified: int
    unable: int
    persons: int
    persons_checked: int
    items: int
    items_confirmed: int

    @property
    def pending(self) -> int:
        return self.households - self.verified - self.unable

    @property
    def fraction(self) -> float:
        return self.verified / self.households if self.households else 0.0


def _key(level: str, alias: str = "h") -> str:
    if level == "group":
        return f"coalesce({alias}.group_code, {alias}.village_code)"
    return f"substr({alias}.village_code, 1, {WIDTH[level]})"


def _where(under: str | None, alias: str = "h") -> tuple[str, list]:
    if not under:
        return "", []
    prefix = code_prefix(under)
    return (f"WHERE {alias}.village_code >= ? AND {alias}.village_code < ?",
            [prefix, prefix + "~"])


def area_progress(db: sqlite_utils.Database, level: str, *, under: str | None = None
                  ) -> list[AreaProgress]:
    """One row per region of ``level`` (township / village / group) inside ``under``."""
    return run(area_progress_job(db, level, under=under))


def area_progress_job(db: sqlite_utils.Database, level: str, *, under: str | None = None
                      ) -> Job[list[AreaProgress]]:
    """:func:`area_progress` as a job (county-wide it takes seconds): yields Progress. Only the
    session's region is counted (a village clerk: its village; issue 14)."""
    under = scoped_under(db, under)
    key, (where, args) = _key(level), _where(under)
    yield Progress(0, 3, "正在统计户数…")
    hh = _by_key(db, f"SELECT {key}, count(*), sum(h.verify_status = 'verified'), "
                     f"sum(h.verify_status = 'unable') FROM households h {where} GROUP BY 1", args)
    yield Progress(1, 3, "正在统计人数…")
    persons = _by_key(db, f"SELECT {key}, count(*), sum(h.verify_status = 'verified') "
                          f"FROM members m JOIN households h ON h.id = m.household_id {where} "
                          "GROUP BY 1", args)
    yield Progress(2, 3, "正在统计补贴项目…")
    pay_where = where.replace("h.village_code", "p.village_code")
    items = _by_key(db, f"""
        WITH pairs AS (SELECT p.person_id, p.item_id, min(p.household_id) AS household_id
                       FROM payments p {pay_where} GROUP BY p.person_id, p.item_id)
        SELECT {key}, count(*), sum(EXISTS(SELECT 1 FROM statements s
               WHERE s.person_id = pairs.person_id AND s.item_id = pairs.item_id))
        FROM pairs JOIN households h ON h.id = pairs.household_id GROUP BY 1""", args)
    out = []
    for code, name in _regions(db, level, under):
        k = code if level == "group" else code[:WIDTH[level]]
        h, p, i = hh.get(k, (0, 0, 0)), persons.get(k, (0, 0)), items.get(k, (0, 0))
        out.append(AreaProgress(code, name, h[0], h[1] or 0, h[2] or 0, p[0], p[1] or 0,
                                i[0], i[1] or 0))
    return out


def total(rows: list[AreaProgress], code: str = "", name: str = "合计") -> AreaProgress:
    sums = [sum(getattr(r, f) for r in rows) for f in
            ("households", "verified", "unable", "persons", "persons_checked", "items",
             "items_confirmed")]
    return AreaProgress(code, name, *sums)


def _by_key(db: sqlite_utils.Database, sql: str, args: list) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in db.execute(sql, args).fetchall()}


def _regions(db: sqlite_utils.Database, level: str, under: str | None) -> list[tuple[str, str]]:
    sql, args = "SELECT code, name FROM regions WHERE level = ?", [level]
    if under:
        sql += " AND code LIKE ?"
        args.append(code_prefix(under) + "%")
    return db.execute(sql + " ORDER BY code", args).fetchall()


MISSING_KINDS = {
    "households": "未入户核查的户",
    "members": "已核查户中没有任何补贴项目得到核对的成员",
    "items": "已核查户中没有户自述的补贴项目",
    "register": "户籍人口名单中没有一户一表的户和人",
}


def missing(db: sqlite_utils.Database, kind: str, *, under: str | None = None,
            limit: int = 1000) -> list[tuple]:
    """What is still missing, as display rows (see :data:`MISSING_HEADERS`), inside the
    session's region."""
    under = scoped_under(db, under)
    where, args = _where(under)
    where = where or "WHERE 1"
    head = ("SELECT h.hh_no, coalesce(v.name, ''), coalesce(g.name, ''), {who} "
            "FROM households h LEFT JOIN regions v ON v.code = h.village_code "
            "LEFT JOIN regions g ON g.code = h.group_code ")
    stated = ("EXISTS(SELECT 1 FROM statements s WHERE s.person_id = x.person_id "
              "AND s.item_id = x.item_id)")
    if kind == "households":
        sql = (head.format(who="coalesce(hp.name, ''), h.address, '' ") +
               f"LEFT JOIN persons hp ON hp.id = h.head_person_id {where} "
               "AND h.verify_status = 'pending' ORDER BY h.hh_no LIMIT ?")
    elif kind == "members":
        sql = (head.format(who="pp.name, m.relation, count(DISTINCT x.item_id) ") +
               "JOIN members m ON m.household_id = h.id JOIN persons pp ON pp.id = m.person_id "
               f"JOIN payments x ON x.person_id = m.person_id {where} "
               f"AND h.verify_status = 'verified' GROUP BY h.id, m.person_id "
               f"HAVING max({stated}) = 0 ORDER BY h.hh_no LIMIT ?")
    elif kind == "items":
        sql = (head.format(who="pp.name, si.name, count(*) ") +
               "JOIN members m ON m.household_id = h.id JOIN persons pp ON pp.id = m.person_id "
               "JOIN payments x ON x.person_id = m.person_id "
               f"JOIN subsidy_items si ON si.id = x.item_id {where} "
               f"AND h.verify_status = 'verified' AND NOT {stated} "
               "GROUP BY h.id, m.person_id, x.item_id ORDER BY h.hh_no LIMIT ?")
    elif kind == "register":
        return missing_rows(db, under=under, limit=limit)
    else:
        raise ValueError(kind)
    return [tuple(r) for r in db.execute(sql, [*args, limit]).fetchall()]


MISSING_HEADERS = {
    "households": ("户编号", "村", "组", "户主", "地址", ""),
    "members": ("户编号", "村", "组", "成员", "与户主关系", "未核对项目数"),
    "items": ("户编号", "村", "组", "成员", "补贴项目", "发放笔数"),
    "register": ("户号", "村", "组", "姓名", "与户主关系", "情况"),
}
