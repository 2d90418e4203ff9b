"""Editing an item's eligibility (超范围 conditions) in a database that already exists.

The shipped ``subsidy_items.csv`` is read once, when a database is made; a county whose policy
differs (a lower age for 高龄津贴, 困难残疾人生活补贴 only for 低保 households) changes the
conditions here. Each change is one audit entry with the conditions before and after
(``subsidy_items`` has no audit trigger), and needs the 修改设置 permission.
"""

from __future__ import annotations

import json

import sqlite_utils

from ykt_desktop.audit.chain import record
from ykt_desktop.errors import UserError
from ykt_desktop.security.session import authorize

LISTS = ("disability_grades", "requires_items")
FLAGS = ("requires_household", "resident", "alive")
AGES = ("min_age", "max_age")
GRADES = ("一级", "二级", "三级", "四级")


class EligibilityError(ValueError, UserError):
    """A condition that cannot be stored; the message is Chinese."""


def set_eligibility(db: sqlite_utils.Database, code: str, changes: dict) -> dict:
    """Apply ``changes`` ({condition: value}; None removes the condition) to item ``code``;
    returns the item's conditions afterwards."""
    row = db.execute("SELECT id, name, eligibility FROM subsidy_items WHERE code = ? OR name = ?",
                     [code, code]).fetchone()
    if row is None:
        raise EligibilityError(f"补贴项目清单中没有代码或名称为“{code}”的项目")
    authorize(db, "settings")
    item_id, name, stored = row
    before = json.loads(stored or "{}")
    after = dict(before)
    for key, value in changes.items():
        checked = _checked(db, key, value)
        if checked is None:
            after.pop(key, None)
        else:
            after[key] = checked
    low, high = after.get("min_age"), after.get("max_age")
    if low is not None and high is not None and low > high:
        raise EligibilityError(f"“{name}”：最低年龄{low}大于最高年龄{high}")
    if after.get("requires_household") and not after.get("requires_items"):
        raise EligibilityError(f"“{name}”：按户判断须同时给出须同期享受的项目（--requires-items）")
    with db.atomic():
        db.execute("UPDATE subsidy_items SET eligibility = ? WHERE id = ?",
                   [json.dumps(after, ensure_ascii=False), item_id])
        record(db, "catalogue-eligibility", table_name="subsidy_items", row_id=item_id,
               before={"项目": name, "享受条件": before}, after={"项目": name, "享受条件": after})
    return after


def _checked(db: sqlite_utils.Database, key: str, value: object) -> object:
    if value is None:
        return None
    if key in AGES:
        if not isinstance(value, int) or not 0 <= value <= 150:
            raise EligibilityError(f"年龄应为0到150之间的整数：{value}")
        return value
    if key in FLAGS:
        return True if value else None
    if key == "disability_grades":
        wrong = [g for g in value if g not in GRADES]
        if wrong:
            raise EligibilityError(f"残疾等级应为{'、'.join(GRADES)}：{'、'.join(wrong)}")
        return list(value) or None
    if key == "requires_items":
        codes = {c for c, in db.execute("SELECT code FROM subsidy_items")}
        wrong = [c for c in value if c not in codes]
        if wrong:
            raise EligibilityError(f"须同期享受的项目应为补贴项目代码：{'、'.join(wrong)}"
                                   "不在清单中")
        return list(value) or None
    raise EligibilityError(f"没有这个享受条件：{key}")
