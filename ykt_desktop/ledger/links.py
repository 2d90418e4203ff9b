"""What an issue is about: its subsidy item, person and household, given the way officers know
them (item code or name, ID number, 户编号), checked, and the village that follows from them.

Used by ``issues add`` / ``issues edit`` and the 问题详情 dialog, so an issue registered by hand
can land in the right row of every return (an issue naming no item goes to 未分项目).
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from ykt_desktop import idcard
from ykt_desktop.ledger.issues import LedgerError
from ykt_desktop.regions import code_prefix
from ykt_desktop.unit import get_unit

CLEAR = ("", "无", "-")          # typed to remove a link
LINK_FIELDS = ("item_id", "person_id", "household_id", "village_code")


def item_id_for(db: sqlite_utils.Database, text: str) -> int | None:
    """A subsidy item by code or name; ``""``/``无`` -> no item."""
    text = text.strip()
    if text in CLEAR:
        return None
    row = db.execute("SELECT id FROM subsidy_items WHERE code = ? OR name = ? ORDER BY active DESC",
                     [text, text]).fetchone()
    if row is None:
        raise LedgerError(f"没有补贴项目“{text}”（可填项目代码或名称，填“无”表示不涉及具体项目）")
    return int(row[0])


def person_id_for(db: sqlite_utils.Database, id_number: str) -> int | None:
    text = id_number.strip().upper()
    if text in CLEAR:
        return None
    row = db.execute("SELECT id FROM persons WHERE id_number = ?", [text]).fetchone()
    if row is not None:       # found as stored, even a number the 身份证号 check would refuse
        return int(row[0])
    try:
        idcard.parse(text)
    except idcard.IdNumberError as exc:
        raise LedgerError(f"身份证号 {text} 有误：{exc}") from None
    raise LedgerError(f"没有身份证号为 {text} 的人员（请先在一户一表中登记）")


def household_id_for(db: sqlite_utils.Database, hh_no: str) -> int | None:
    text = hh_no.strip()
    if text in CLEAR:
        return None
    row = db.execute("SELECT id FROM households WHERE hh_no = ?", [text]).fetchone()
    if row is None:
        raise LedgerError(f"没有户编号为 {text} 的户")
    return int(row[0])


def _village_of(db: sqlite_utils.Database, person_id: int | None,
                household_id: int | None) -> str | None:
    if household_id is not None:
        return db.execute("SELECT village_code FROM households WHERE id = ?",
                          [household_id]).fetchone()[0]
    if person_id is not None:
        rows = db.execute("SELECT DISTINCT h.village_code FROM members m JOIN households h "
                          "ON h.id = m.household_id WHERE m.person_id = ?", [person_id]).fetchall()
        if len(rows) == 1:
            return rows[0][0]
    return None


def resolve_links(db: sqlite_utils.Database, *, item: str | None = None,
                  id_number: str | None = None, hh_no: str | None = None,
                  village: str | None = None,
                  current: dict[str, Any] | None = None) -> dict[str, Any]:
    """The link fields to write (``None`` arguments keep ``current``'s value): a person must
    belong to the household named with it, and the village follows the household (or the
    person's only household), else the one given, else the unit's own code."""
    now = {k: (current or {}).get(k) for k in LINK_FIELDS}
    out = dict(now)
    if item is not None:
        out["item_id"] = item_id_for(db, item)
    if id_number is not None:
        out["person_id"] = person_id_for(db, id_number)
    if hh_no is not None:
        out["household_id"] = household_id_for(db, hh_no)
    person, household = out["person_id"], out["household_id"]
    if person is not None and household is not None and not db.execute(
            "SELECT 1 FROM members WHERE person_id = ? AND household_id = ?",
            [person, household]).fetchone():
        number, no = _person_number(db, person), _hh_no(db, household)
        raise LedgerError(f"身份证号 {number} 的人员不是户 {no} 的成员（请同时给出其所在户）")
    derived = _village_of(db, person, household)
    if village and derived and not derived.startswith(code_prefix(village.strip())):
        raise LedgerError(f"户所在村（{derived}）与所填村 {village} 不一致")
    unit = get_unit(db)
    out["village_code"] = (derived or (village.strip() if village else None)
                           or now["village_code"] or (unit.code if unit else None))
    if out["village_code"] and not db.execute("SELECT 1 FROM regions WHERE code = ?",
                                              [out["village_code"]]).fetchone():
        raise LedgerError(f"区划代码 {out['village_code']} 不存在")
    return {k: v for k, v in out.items() if v != now[k]}


def _person_number(db: sqlite_utils.Database, person_id: int) -> str:
    return db.execute("SELECT id_number FROM persons WHERE id = ?", [person_id]).fetchone()[0]


def _hh_no(db: sqlite_utils.Database, household_id: int) -> str:
    return db.execute("SELECT hh_no FROM households WHERE id = ?", [household_id]).fetchone()[0]


def link_texts(db: sqlite_utils.Database, issue: dict[str, Any]) -> dict[str, str]:
    """The issue's links as an officer types them: item name, ID number, 户编号."""
    def one(sql: str, value: Any) -> str:
        if value is None:
            return ""
        row = db.execute(sql, [value]).fetchone()
        return row[0] if row else ""

    return {"item": one("SELECT name FROM subsidy_items WHERE id = ?", issue.get("item_id")),
            "id_number": one("SELECT id_number FROM persons WHERE id = ?",
                             issue.get("person_id")),
            "hh_no": one("SELECT hh_no FROM households WHERE id = ?", issue.get("household_id"))}
