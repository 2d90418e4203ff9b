"""Loading the region tree below this unit from a list (统计用区划代码 and names).

A new township knows only itself until its villages enrol or report; with the list loaded its
completeness board lists every village (未报 until the first package) and the county every
township. The list is .xlsx/.xls/.csv with a 区划代码 column and a 名称 column; the level
follows from the code (township: last 3 digits 0; village: 12 digits; group: 15 digits).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from ykt_desktop.changes import Kind, writes
from ykt_desktop.errors import UserError
from ykt_desktop.imports.errors import column_letter
from ykt_desktop.imports.headers import header_texts, norm_header
from ykt_desktop.imports.reader import open_rows
from ykt_desktop.regions import LEVEL_ORDER, RegionError, add_region, check_code, code_prefix
from ykt_desktop.unit import require_unit

CODE_HEADERS = ("区划代码", "统计用区划代码", "代码", "单位代码", "行政区划代码", "code")
NAME_HEADERS = ("名称", "单位名称", "区划名称", "村名", "乡镇名称", "村社区名称", "name")


class RegionListError(ValueError, UserError):
    """The region list cannot be read; the message is Chinese and names file, row, column."""


@dataclass
class RegionListResult:
    added: dict[str, int] = field(default_factory=dict)     # level -> regions added or renamed
    skipped: list[str] = field(default_factory=list)        # rows outside this unit, with why


def level_of(code: str) -> str | None:
    for level in LEVEL_ORDER:
        try:
            check_code(level, code)
        except RegionError:
            continue
        return level
    return None


@writes(Kind.UNIT, Kind.SUBMISSIONS)
def import_region_list(db: sqlite_utils.Database, path: Path | str) -> RegionListResult:
    """Add (or rename) every region of the list that lies below this unit, in one transaction."""
    unit = require_unit(db)
    result = RegionListResult()
    entries = _entries(open_rows(path), unit.code, unit.level, result)
    with db.atomic():
        for _, code, name, level in sorted(entries):
            add_region(db, code=code, name=name, level=level)
            result.added[level] = result.added.get(level, 0) + 1
    return result


def _entries(rows, unit_code: str, unit_level: str, result: RegionListResult) -> list[tuple]:
    """(depth, code, name, level) of the rows below the unit; others go to ``result.skipped``."""
    where = f"{rows.file}" + (f"，工作表“{rows.sheet}”" if rows.sheet else "")
    header, cols, entries = None, (None, None), []
    seen: dict[str, tuple[int, str]] = {}      # code -> (first row, name)
    for number, row in enumerate(rows.rows, start=1):
        if header is None:
            cols = _columns(header_texts(row))
            header = number if None not in cols else None
            if header is None and number >= 30:
                break
            continue
        code, name = (_text(row[i]) if i < len(row) else "" for i in cols)
        if not code and not name:
            continue
        level = level_of(code)
        if level is None:
            raise RegionListError(f"{where}，第{number}行，{column_letter(cols[0])}列："
                                  f"“{code}”不是12位（组15位）的区划代码")
        if not name:
            raise RegionListError(f"{where}，第{number}行，{column_letter(cols[1])}列：名称为空")
        depth = LEVEL_ORDER.index(level)
        if not code.startswith(code_prefix(unit_code)) or depth <= LEVEL_ORDER.index(unit_level):
            result.skipped.append(f"第{number}行 {code} {name}：不是本单位的下级，未导入")
            continue
        if _repeated(seen, code, name, number, f"{where}，第{number}行，"
                     f"{column_letter(cols[0])}列", result):
            continue
        entries.append((depth, code, name, level))
    if header is None:
        raise RegionListError(f"{where}：前30行中找不到“区划代码”和“名称”两列的表头")
    return entries


def _repeated(seen: dict[str, tuple[int, str]], code: str, name: str, number: int,
              where: str, result: RegionListResult) -> bool:
    """A code met before: the same name is skipped with a note, another name refuses the
    list (which of the two is right, only the sender of the list knows)."""
    first = seen.setdefault(code, (number, name))
    if first[0] == number:
        return False
    if first[1] != name:
        raise RegionListError(f"{where}：区划代码“{code}”与第{first[0]}行重复，名称却不同"
                              f"（第{first[0]}行“{first[1]}”，本行“{name}”）；请核对名单后重新导入，"
                              "数据库未改动")
    result.skipped.append(f"第{number}行 {code} {name}：与第{first[0]}行重复，未重复导入")
    return True


def _columns(headers: list[str]) -> tuple[int | None, int | None]:
    keys = [norm_header(h) for h in headers]
    code = next((i for i, k in enumerate(keys) if k in {norm_header(h) for h in CODE_HEADERS}),
                None)
    name = next((i for i, k in enumerate(keys) if k in {norm_header(h) for h in NAME_HEADERS}),
                None)
    return code, name


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()
