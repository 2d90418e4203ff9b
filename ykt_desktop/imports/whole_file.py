"""What a sheet says once for all its rows.

Many county rosters are one sheet per item and month: "某县2026年1月城乡居民最低生活保障金发放
花名册" in a title row, and no 项目 or 期间 column. The officer then gives the item and the period
once for the whole file: guessed from the title, shown, and applied only when given.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import sqlite_utils

from ykt_desktop.imports.convert import CONVERTERS, item_lookup
from ykt_desktop.imports.errors import ImportFileError
from ykt_desktop.imports.items import candidates, exact_items, item_key
from ykt_desktop.imports.kinds import KIND_TITLES, WHOLE_FILE_FIELDS, fields

_MONTH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")
_YEAR = re.compile(r"(\d{4})\s*年度?")


def title_text(head: Sequence[Sequence[object]], header_index: int) -> str:
    """The text of the rows above the header (the sheet's title and notes)."""
    cells = [str(v).strip() for row in head[:header_index] for v in row
             if v not in (None, "") and str(v).strip()]
    return " ".join(dict.fromkeys(cells))     # merged titles repeat: once each


def guess_whole_file(db: sqlite_utils.Database, kind: str, title: str,
                     mapping: dict[str, str]) -> dict[str, str]:
    """Item and period read from the title, for the fields no column gives."""
    guesses: dict[str, str] = {}
    wanted = [key for key in WHOLE_FILE_FIELDS.get(kind, ()) if key not in mapping]
    if not title or not wanted:
        return guesses
    if "period" in wanted:
        month, year = _MONTH.search(title), _YEAR.search(title)
        if month and 1 <= int(month.group(2)) <= 12:
            guesses["period"] = f"{month.group(1)}-{int(month.group(2)):02d}"
        elif year:
            guesses["period"] = year.group(1)
    if "item" in wanted:
        compact = "".join(unicodedata.normalize("NFKC", title).split()).lower()
        lookup = item_lookup(db)
        names = sorted((key for key in lookup if len(key) >= 3 and not key.isascii()),
                       key=len, reverse=True)       # the longest name found in the title
        key = next((name for name in names if name in compact), None)
        found = lookup[key] if key else None
        # a short name several items share (高龄津贴 for three age bands) is not guessed
        if found and (key in exact_items(db) or len(candidates(db, key)) == 1):
            guesses["item"] = found.name
    return guesses


def convert_whole_file(db: sqlite_utils.Database, kind: str, values: dict[str, str] | None,
                       mapping: dict[str, str]) -> dict[str, object]:
    """The stored values of the whole-file fields; a Chinese error naming a bad one."""
    out: dict[str, object] = {}
    labels = {f.key: f.label for f in fields(kind)}
    for key, text in (values or {}).items():
        if text is None or not str(text).strip():
            continue
        if key not in WHOLE_FILE_FIELDS.get(kind, ()):
            raise ImportFileError(f"{KIND_TITLES[kind]}不能整表指定“{labels.get(key, key)}”")
        if key in mapping:
            raise ImportFileError(f"“{labels[key]}”已对应文件中的列“{mapping[key]}”，"
                                  "不能再整表指定")
        try:
            out[key] = CONVERTERS[key](str(text).strip())
        except ValueError as exc:
            raise ImportFileError(f"整表{labels[key]}“{text}”：{exc}") from None
        if key == "item" and exact_items(db).get(item_key(str(out[key]))) is None:
            names = "、".join(f"“{i.name}”" for i in candidates(db, str(out[key]))[:4])
            raise ImportFileError(f"整表{labels[key]}“{text}”"
                                  + (f"与补贴项目清单中的名称不完全一致，可能是{names}，"
                                     "请写出清单中的全称" if names else "不在补贴项目清单中"))
    return out
