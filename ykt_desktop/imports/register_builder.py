"""The household register (户籍/人口名单 from 公安 or 民政) as an import kind (issue 19).

Each row is a registered person with the register's household number (户号), village and
group. A new register of a village replaces the one imported before for that village.
"""

from __future__ import annotations

from ykt_desktop.imports.builder_base import Builder
from ykt_desktop.imports.resolve import village_lookup
from ykt_desktop.unit import get_unit


class RegisterBuilder(Builder):
    TABLE = "register_entries"
    COLUMNS = ("register_no", "id_number", "name", "relation", "village_code", "group_name",
               "source", "batch_id")

    def add(self, row: int, rec: dict) -> None:
        if not self.duplicate(row, (rec["id_number"][0],), "同一身份证号在名单中出现两次"):
            self.records.append((row, rec))

    def rows(self) -> list[tuple]:
        people = self.people(r["id_number"][0] for _, r in self.records)
        self.check_ids(people)
        villages = village_lookup(self.db)
        unit = get_unit(self.db)
        own = unit.code if unit and unit.level == "village" else None
        out = []
        for row, rec in self.records:
            number = rec["id_number"][0]
            if row in self.report.bad_rows:
                continue
            village = self._village(row, rec, villages, own, people.get(number))
            if village is None:
                continue
            out.append((rec["register_no"], number, rec.get("name") or "",
                        rec.get("relation") or "", village, rec.get("group") or "",
                        self.default_source))
        self.villages = {r[4] for r in out}
        return out

    def _village(self, row: int, rec: dict, villages: dict, own: str | None,
                 person: tuple | None) -> str | None:
        text = rec.get("village") or ""
        if text:
            code = villages.get(text) or villages.get(text.removesuffix("村委会"))
            if code is None:
                self.problem(row, "village", text, "不是本单位的村（请先导入区划名单或核对村名）")
            return code
        code = own or (person[3] if person else None)
        if code is None:
            self.problem(row, "village", "", "没有所在村：名单中没有村这一列，此人也不在本单位"
                         "任何一户中（请在列对应中指定村所在的列）")
        return code

    def before_write(self) -> None:
        """A new register of a village replaces the earlier one."""
        for village in sorted(getattr(self, "villages", ())):
            self.db.execute("DELETE FROM register_entries WHERE village_code = ?", [village])
