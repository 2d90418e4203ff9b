"""Rows at the end of a sheet that are not data: 合计 / 小计 rows and the 制表人 / 审核人 line.

They start with one of the words below and have no ID number; they are skipped with a note
(提示), never imported and never an error. A row with anything in the ID column is data,
unless that cell is itself a signature label (制表人：张三 ... 审核人：李四, where 审核人 falls
in the ID column).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

FOOTER_WORDS = tuple(unicodedata.normalize("NFKC", w) for w in (
    "合计", "总计", "小计", "累计", "本页合计", "制表", "填表", "填报", "审核", "审批", "负责人",
    "经办人", "复核", "说明", "注：", "备注：", "日期", "签字", "签章", "盖章", "单位盖章"))


def is_footer(row: Sequence[object], id_index: int | None) -> bool:
    """A 合计 / 制表人 row: the first text cell starts with one of the footer words, and the ID
    column is empty or holds a footer label too (审核人：李四)."""
    if id_index is not None and id_index < len(row):
        value = row[id_index]
        if value not in (None, "") and str(value).strip() and not _label(value):
            return False
    for value in row:
        if isinstance(value, str) and value.strip():
            return _label(value)
    return False


def _label(value: object) -> bool:
    if not isinstance(value, str) or value.lstrip(" \u3000")[:1].isascii():
        return False        # every footer word starts with a Chinese character (an ID: digits)
    text = unicodedata.normalize("NFKC", value).replace(" ", "").replace("\u3000", "")
    return text.startswith(FOOTER_WORDS)
