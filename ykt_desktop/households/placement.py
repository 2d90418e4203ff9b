"""Where an ID number already is: "已在 东风村 一组 户 4209991002000001（户主 张三）".

Used while typing (the form shows it at once) and when saving (a different name under the same
ID is refused; the same person in a second household is allowed but is a finding, 一人多户).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from ykt_desktop import idcard


@dataclass(frozen=True)
class Placement:
    person_id: int
    name: str
    household_id: int | None
    hh_no: str
    village: str
    group: str
    head_name: str
    relation: str

    def describe(self) -> str:
        if self.household_id is None:
            return f"已登记为“{self.name}”，尚未属于任何户"
        where = " ".join(x for x in (self.village, self.group) if x)
        return (f"已在{where} 户{self.hh_no}（户主 {self.head_name or '未填'}）"
                f"登记为“{self.name}”（{self.relation or '成员'}）")


def where_is(db: sqlite_utils.Database, id_number: str, *,
             exclude_household: int | None = None) -> list[Placement]:
    """Every household holding this ID number (other than ``exclude_household``)."""
    try:
        number = idcard.parse(id_number).number
    except idcard.IdNumberError:
        number = (id_number or "").strip().upper()
    rows = db.execute(
        """SELECT p.id, p.name, h.id, coalesce(h.hh_no, ''), coalesce(v.name, ''),
                  coalesce(g.name, ''), coalesce(hp.name, ''), coalesce(m.relation, '')
           FROM persons p
           LEFT JOIN members m ON m.person_id = p.id
           LEFT JOIN households h ON h.id = m.household_id
           LEFT JOIN regions v ON v.code = h.village_code
           LEFT JOIN regions g ON g.code = h.group_code
           LEFT JOIN persons hp ON hp.id = h.head_person_id
           WHERE p.id_number = ? ORDER BY h.id""", [number]).fetchall()
    return [Placement(*row) for row in rows
            if exclude_household is None or row[2] != exclude_household]


def person_by_id_number(db: sqlite_utils.Database, number: str) -> tuple[int, str] | None:
    row = db.execute("SELECT id, name FROM persons WHERE id_number = ?", [number]).fetchone()
    return (row[0], row[1]) if row else None
