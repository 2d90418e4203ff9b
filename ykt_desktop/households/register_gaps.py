"""村不漏户、户不漏人 against an outside list: the imported household register (issue 19).

A register household (village + 户号) is covered when at least one of its persons is a member
of a household entered here (一户一表). Gaps: register households nobody entered, and the
registered persons of a covered household who are in no household here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from ykt_desktop.regions import code_prefix
from ykt_desktop.security.read_scope import scoped_under

ENTRIES = """
SELECT e.village_code, e.group_name, e.register_no, e.id_number, e.name, e.relation,
       (SELECT min(h.hh_no) FROM persons p JOIN members m ON m.person_id = p.id
        JOIN households h ON h.id = m.household_id WHERE p.id_number = e.id_number)
FROM register_entries e {where} ORDER BY e.village_code, e.group_name, e.register_no, e.id
"""


@dataclass
class RegisterHousehold:
    village_code: str
    group_name: str
    register_no: str
    persons: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    # (id_number, name, relation, hh_no of the household here or None)

    @property
    def covered_by(self) -> list[str]:
        return sorted({p[3] for p in self.persons if p[3]})

    @property
    def missing_persons(self) -> list[tuple[str, str, str, str | None]]:
        return [p for p in self.persons if not p[3]]


@dataclass
class GapRow:
    village_code: str
    village_name: str
    group_name: str
    households: int = 0           # register households
    persons: int = 0              # register persons
    households_missing: int = 0   # no 一户一表 covers them
    persons_missing: int = 0      # registered persons in no household here


def register_households(db: sqlite_utils.Database, *, under: str | None = None
                        ) -> list[RegisterHousehold]:
    under = scoped_under(db, under)         # the session's region only (issue 14)
    where, args = ("WHERE e.village_code LIKE ?", [f"{code_prefix(under)}%"]) if under \
        else ("", [])
    out: dict[tuple[str, str], RegisterHousehold] = {}
    for village, group, no, number, name, relation, hh_no in db.execute(
            ENTRIES.format(where=where), args).fetchall():
        entry = out.setdefault((village or "", no),
                               RegisterHousehold(village or "", group, no))
        entry.persons.append((number, name, relation, hh_no))
    return list(out.values())


def register_gaps(db: sqlite_utils.Database, *, under: str | None = None) -> list[GapRow]:
    """Per village and group: register households and persons, and what is missing here."""
    names = dict(db.execute("SELECT code, name FROM regions"))
    rows: dict[tuple[str, str], GapRow] = {}
    for hh in register_households(db, under=under):
        key = (hh.village_code, hh.group_name)
        row = rows.setdefault(key, GapRow(hh.village_code, names.get(hh.village_code, ""),
                                          hh.group_name))
        row.households += 1
        row.persons += len(hh.persons)
        row.households_missing += not hh.covered_by
        row.persons_missing += len(hh.missing_persons)
    return [rows[key] for key in sorted(rows)]


def missing_rows(db: sqlite_utils.Database, *, under: str | None = None,
                 limit: int = 1000) -> list[tuple]:
    """The register's persons no 一户一表 holds, as display rows (户号, 村, 组, 姓名, 与户主关系,
    情况): a whole household missing (漏户) or one person of a household entered (漏人)."""
    names = dict(db.execute("SELECT code, name FROM regions"))
    out: list[tuple] = []
    for hh in register_households(db, under=under):
        done = "、".join(hh.covered_by)
        for _, name, relation, _ in (hh.missing_persons if done else hh.persons):
            out.append((hh.register_no, names.get(hh.village_code, hh.village_code),
                        hh.group_name, name, relation,
                        f"漏人（该户已录入：{done}）" if done else "漏户：全户没有一户一表"))
            if len(out) >= limit:
                return out
    return out
