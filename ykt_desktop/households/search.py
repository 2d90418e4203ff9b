"""Finding households: filters by region and status, and one search box that understands
names (张三), pinyin initials (zsf), ID numbers (whole, or the last digits) and 户编号.

Every query returns only ids in 户编号 order; rows for the screen are fetched by
:func:`row_fetcher` a page at a time (see ``ui.models.lazy_table``).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sqlite_utils

from ykt_desktop import glossary, idcard
from ykt_desktop.regions import code_prefix
from ykt_desktop.security.display import number_view

LIST_HEADERS = ("户编号", "乡镇", "村", "组", "户主", "户主身份证号", "人数", "地址", "联系电话",
                "核查状态", "核查人", "核查日期", "未销号问题")
STATUS_COLUMN = LIST_HEADERS.index("核查状态")
_DIGITS = re.compile(r"^[0-9Xx]+$")
_LETTERS = re.compile(r"^[A-Za-z]+$")
OPEN_ISSUES = ("SELECT household_id FROM issues WHERE status != 'closed' "
               "AND household_id IS NOT NULL")


@dataclass(frozen=True)
class HouseholdFilter:
    township: str | None = None     # township code (12 digits)
    village: str | None = None
    group: str | None = None
    status: str | None = None       # pending / verified / unable
    has_problems: bool = False
    text: str = ""


def person_clause(text: str) -> tuple[str, list] | None:
    """SQL selecting person ids for the search text, or None for no text."""
    text = text.strip()
    if not text:
        return None
    if _DIGITS.match(text):
        if len(text) in (15, 18):
            try:
                return "SELECT id FROM persons WHERE id_number = ?", [idcard.parse(text).number]
            except idcard.IdNumberError:
                pass
        tail = {4: 15, 6: 13}.get(len(text))      # expression indexes of migration m010
        if tail:
            return f"SELECT id FROM persons WHERE substr(id_number, {tail}) = ?", [text.upper()]
        return "SELECT id FROM persons WHERE id_number LIKE ?", ["%" + text.upper()]
    if _LETTERS.match(text):
        low = text.lower()
        return ("SELECT id FROM persons WHERE name_initials >= ? AND name_initials < ?",
                [low, low + "\x7f"])
    return "SELECT id FROM persons WHERE name >= ? AND name < ?", [text, text + "\U0010ffff"]


def search_ids(db: sqlite_utils.Database, f: HouseholdFilter) -> array:
    """Ids of the households matching ``f``, in 户编号 order."""
    where, args = [], []
    if f.group:
        where.append("h.group_code = ?")
        args.append(f.group)
    elif f.village:
        where.append("h.village_code = ?")
        args.append(f.village)
    elif f.township:
        prefix = code_prefix(f.township)
        where.append("h.village_code >= ? AND h.village_code < ?")
        args += [prefix, prefix + "~"]
    if f.status:
        where.append("h.verify_status = ?")
        args.append(f.status)
    if f.has_problems:
        where.append(f"h.id IN ({OPEN_ISSUES})")
    clause = person_clause(f.text)
    if clause:
        sql, extra = clause
        members = f"SELECT household_id FROM members WHERE person_id IN ({sql})"
        digits = f.text.strip()
        if _DIGITS.match(digits) and len(digits) == 16:      # a whole 户编号
            members, extra = "SELECT id FROM households WHERE hh_no = ?", [digits]
        elif _DIGITS.match(digits) and 4 <= len(digits) < 15:  # last digits of a 户编号
            members += " UNION SELECT id FROM households WHERE hh_no LIKE ?"
            extra = [*extra, "%" + digits]
        where.append(f"h.id IN ({members})")
        args += extra
    sql = "SELECT h.id FROM households h"
    if where:
        sql += " WHERE " + " AND ".join(where)
    cur = db.conn.execute(sql + " ORDER BY h.hh_no", args)
    return array("q", (row[0] for row in cur))


def row_fetcher(db: sqlite_utils.Database) -> Callable[[Sequence[int]], dict[int, tuple]]:
    """``fetch(ids) -> {id: display row}`` for the household list (numbers whole or masked
    by the user's role, :mod:`ykt_desktop.security.display`)."""
    names = dict(db.execute("SELECT code, name FROM regions").fetchall())
    view = number_view(db)

    def fetch(ids: Sequence[int]) -> dict[int, tuple]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = db.execute(
            f"""SELECT h.id, h.hh_no, h.village_code, h.group_code, p.name, p.id_number,
                   (SELECT count(*) FROM members m WHERE m.household_id = h.id), h.address,
                   h.phone, h.verify_status, h.verified_by, h.verified_at,
                   (SELECT count(*) FROM issues i WHERE i.household_id = h.id
                      AND i.status != 'closed')
                FROM households h LEFT JOIN persons p ON p.id = h.head_person_id
                WHERE h.id IN ({marks})""", list(ids)).fetchall()
        out = {}
        for hid, no, vcode, gcode, head, idn, n, addr, phone, st, by, at, issues in rows:
            town = names.get(vcode[:9] + "000", "")
            out[hid] = (no, town, names.get(vcode, vcode), names.get(gcode, "") if gcode else "",
                        head or "", view.id(idn, vcode), n, addr, view.phone(phone, vcode),
                        glossary.label(glossary.VERIFY_STATUS, st), by, at or "", issues)
        return out

    return fetch


def region_choices(db: sqlite_utils.Database, level: str, under: str | None = None
                   ) -> list[tuple[str, str]]:
    """(code, name) of the townships, villages or groups (under a region) for the filters."""
    sql = "SELECT code, name FROM regions WHERE level = ?"
    args: list = [level]
    if under:
        sql += " AND code LIKE ? AND code != ?"
        args += [code_prefix(under) + "%", under]
    return [(r[0], r[1]) for r in db.execute(sql + " ORDER BY code", args).fetchall()]
