"""Finding households: filters by region and status, and one search box that understands
names (张三), pinyin initials (zsf), ID numbers (whole, or the last digits) and 户编号.

Every query returns only ids in 户编号 order; rows for the screen are fetched by
:func:`row_fetcher` a page at a time (see ``ui.common.lazy_table``).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sqlite_utils

from ykt_desktop import glossary, idcard
from ykt_desktop.households.search_plan import region_first
from ykt_desktop.regions import code_prefix
from ykt_desktop.security.display import number_view
from ykt_desktop.security.read_scope import code_range

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


def backwards(column: str, width: int = 20) -> str:
    """``column`` written backwards, as the indexes of migration m160 have it."""
    return "||".join(f"substr({column}, {i}, 1)" for i in range(width, 0, -1))


ID_BACK = backwards("id_number")
NO_BACK = backwards("hh_no")


def _ends_with(expression: str, digits: str) -> tuple[str, list]:
    back = digits.upper()[::-1]
    return f"{expression} >= ? AND {expression} < ?", [back, back + "\x7f"]


def person_where(text: str) -> tuple[str, list] | None:
    """The condition on ``persons`` for the search text, or None for no text. Every form is a
    range on an index: ID (whole, or any number of last digits: m160), name and pinyin
    initials (the start)."""
    text = text.strip()
    if not text:
        return None
    if _DIGITS.match(text):
        if len(text) in (15, 18):
            try:
                return "id_number = ?", [idcard.parse(text).number]
            except idcard.IdNumberError:
                pass
        return _ends_with(ID_BACK, text)
    if _LETTERS.match(text):
        low = text.lower()
        return "name_initials >= ? AND name_initials < ?", [low, low + "\x7f"]
    return "name >= ? AND name < ?", [text, text + "\U0010ffff"]


def person_clause(text: str) -> tuple[str, list] | None:
    """SQL selecting person ids for the search text, or None for no text."""
    found = person_where(text)
    return None if found is None else (f"SELECT id FROM persons WHERE {found[0]}", found[1])


def _sources(text: str) -> list[tuple[str, list]]:
    """Queries of household ids (column ``hid``) matching the search text, each streaming
    from an index (a LIMIT stops it early)."""
    clause = person_where(text)
    if clause is None:
        return []
    digits = text.strip()
    if _DIGITS.match(digits) and len(digits) == 16:      # a whole 户编号
        return [("SELECT id AS hid FROM households WHERE hh_no = ?", [digits])]
    where, args = clause
    found = [("SELECT m.household_id AS hid FROM persons JOIN members m "
              f"ON m.person_id = persons.id WHERE {where}", args)]
    if _DIGITS.match(digits) and 4 <= len(digits) < 15:  # last digits of a 户编号
        where, extra = _ends_with(NO_BACK, digits)
        found.append((f"SELECT id AS hid FROM households WHERE {where}", extra))
    return found


def _text_match(text: str) -> tuple[str, list] | None:
    """The search text as a condition on one household ``h`` (for reading the region first:
    :mod:`ykt_desktop.households.search_plan`), or None for no text."""
    clause = person_where(text)
    if clause is None:
        return None
    digits = text.strip()
    if _DIGITS.match(digits) and len(digits) == 16:      # a whole 户编号
        return "h.hh_no = ?", [digits]
    where, args = clause
    parts = ["EXISTS (SELECT 1 FROM members m JOIN persons ON persons.id = m.person_id "
             f"WHERE m.household_id = h.id AND {where})"]
    if _DIGITS.match(digits) and 4 <= len(digits) < 15:  # last digits of a 户编号
        tail, extra = _ends_with(backwards("h.hh_no"), digits)
        parts.append(tail)
        args = [*args, *extra]
    return f"({' OR '.join(parts)})", args


def _filtered(db: sqlite_utils.Database, f: HouseholdFilter
              ) -> tuple[list[str], list, list[tuple[str, list]]]:
    """The conditions on ``h`` and the text's sources still to join (none when the text is
    checked household by household, the region being the smaller side)."""
    where, args = _household_where(db, f)
    match = _text_match(f.text)
    if match is not None and region_first(db, where, args, person_where(f.text)):
        return [*where, match[0]], [*args, *match[1]], []
    return where, args, _sources(f.text)


def _household_where(db: sqlite_utils.Database, f: HouseholdFilter) -> tuple[list[str], list]:
    where, args = _scope_where(db)
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
    return where, args


def _scope_where(db: sqlite_utils.Database) -> tuple[list[str], list]:
    """The session's region (a village clerk its village, a township reviewer its township:
    :mod:`ykt_desktop.security.read_scope`) as a range on the village code's index."""
    scope = code_range(db)
    if scope is None:
        return [], []
    return ["h.village_code >= ? AND h.village_code < ?"], list(scope)


def search_ids(db: sqlite_utils.Database, f: HouseholdFilter, *, limit: int | None = None
               ) -> array:
    """Ids of the households matching ``f``, in 户编号 order. With ``limit`` and a search text:
    the first ``limit`` households found (streamed from the indexes, then put in 户编号
    order), for the list to show at once; :func:`count_matches` tells how many there are."""
    where, args, sources = _filtered(db, f)
    if limit is not None and sources:
        # the text's matches are the narrow side: read them first (CROSS JOIN keeps the order)
        return _first_found(db, sources, where, args, limit, join="CROSS JOIN")
    if limit is not None and f.text.strip():     # the region first, household by household
        cur = db.conn.execute(f"SELECT h.id, h.hh_no FROM households h WHERE "
                              f"{' AND '.join(where)} LIMIT ?", [*args, limit])
        return array("q", (hid for hid, _ in sorted(cur, key=lambda row: row[1])))
    if sources:
        union = " UNION ".join(sql for sql, _ in sources)
        where.append(f"h.id IN (SELECT hid FROM ({union}))")
        args += [a for _, extra in sources for a in extra]
    sql = "SELECT h.id FROM households h"
    if where:
        sql += " WHERE " + " AND ".join(where)
    cur = db.conn.execute(sql + " ORDER BY h.hh_no", args)
    return array("q", (row[0] for row in cur))


def _first_found(db: sqlite_utils.Database, sources: list[tuple[str, list]], where: list[str],
                 args: list, limit: int, *, join: str) -> array:
    found: dict[int, str] = {}
    tail = "".join(f" AND {w}" for w in where)
    for sql, extra in sources:
        cur = db.conn.execute(f"SELECT DISTINCT h.id, h.hh_no FROM ({sql}) s {join} households h "
                              f"ON h.id = s.hid WHERE 1{tail} LIMIT ?",
                              [*extra, *args, limit])
        found.update(cur.fetchall())
        if len(found) >= limit:
            break
    ordered = sorted(found.items(), key=lambda item: item[1])[:limit]
    return array("q", (hid for hid, _ in ordered))


def count_matches(db: sqlite_utils.Database, f: HouseholdFilter) -> int:
    """How many households match ``f`` (the count behind a capped search list)."""
    where, args, sources = _filtered(db, f)
    if sources:
        union = " UNION ".join(sql for sql, _ in sources)
        where.insert(0, f"h.id IN (SELECT hid FROM ({union}))")
        args = [a for _, extra in sources for a in extra] + args
    sql = "SELECT count(*) FROM households h"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return db.conn.execute(sql, args).fetchone()[0]


def row_fetcher(db: sqlite_utils.Database) -> Callable[[Sequence[int]], dict[int, tuple]]:
    """``fetch(ids) -> {id: display row}`` for the household list (numbers whole or masked
    by the user's role, :mod:`ykt_desktop.security.display`); households outside the
    session's region are not fetched."""
    names = dict(db.execute("SELECT code, name FROM regions").fetchall())
    view = number_view(db)
    scope, scope_args = _scope_where(db)
    in_scope = "".join(f" AND {w}" for w in scope)

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
                WHERE h.id IN ({marks}){in_scope}""", [*ids, *scope_args]).fetchall()
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
    """(code, name) of the townships, villages or groups (under a region) for the filters:
    only those the session may see (its region, and the township a village clerk's village
    lies in, so the filters can name it)."""
    sql = "SELECT code, name FROM regions WHERE level = ?"
    args: list = [level]
    if under:
        sql += " AND code LIKE ? AND code != ?"
        args += [code_prefix(under) + "%", under]
    scope = code_range(db)
    if scope is not None:
        above = [scope[0][:width].ljust(12, "0") for width in (6, 9) if width < len(scope[0])]
        sql += f" AND (code >= ? AND code < ? OR code IN ({','.join('?' * len(above))}))"
        args += [*scope, *above]
    return [(r[0], r[1]) for r in db.execute(sql + " ORDER BY code", args).fetchall()]
