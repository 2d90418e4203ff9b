"""What every import kind's builder does: report problems, find duplicates, check ID numbers.

Below each kind's builder (:mod:`ykt_desktop.imports.builders`,
:mod:`ykt_desktop.imports.register_builder`), so the table of kinds can name them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from ykt_desktop.imports.errors import Problem, Report
from ykt_desktop.imports.resolve import UnitLookups, persons_by_id


@dataclass
class Builder:
    db: sqlite_utils.Database
    report: Report
    skip_unknown: bool = False
    default_source: str = ""
    records: list[tuple[int, dict]] = field(default_factory=list)
    seen: dict[int, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)   # field key -> "表头（B列）"
    lookups: UnitLookups | None = None    # the whole unit's persons and cards, read beforehand
    item_map: dict = field(default_factory=dict)   # confirmed: normalised file name -> item
    replace_batch: int | None = None      # roster: the stored batch this file replaces
    whole_keys: frozenset = frozenset()   # fields given once for the whole file

    def __post_init__(self) -> None:
        """Subclasses load their lookups here."""

    def problem(self, row: int, key: str, value: str, reason: str,
                level: str = "error") -> None:
        column = self.labels.get(key, key)
        self.report.add(Problem(self.report.file, self.report.sheet, row, column, value,
                                reason, level))

    def duplicate(self, row: int, key: tuple, what: str) -> bool:
        first = self.seen.setdefault(hash(key), row)   # 64-bit hash: no key tuples kept
        if first != row:
            self.problem(row, "", "", f"与第{first}行重复（{what}）")
            return True
        return False

    def add(self, row: int, rec: dict) -> None:
        self.records.append((row, rec))

    def people(self, numbers) -> dict:
        if self.lookups is not None:
            return self.lookups.people
        return persons_by_id(self.db, numbers)

    def check_ids(self, on_file: dict, ids=None) -> None:
        """Invalid ID numbers are accepted only when exactly that number is on file.

        ``ids`` yields (row, number, reason); by default from the records' ``id_number``.
        """
        if ids is None:
            ids = ((row, *rec["id_number"]) for row, rec in self.records)
        for row, number, reason in ids:
            if reason and number not in on_file:
                self.problem(row, "id_number", number, f"无效：{reason}")
            elif reason:
                self.problem(row, "id_number", number, f"与本单位登记一致，但号码无效：{reason}",
                             "warning")
