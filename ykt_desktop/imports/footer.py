"""Rows at the end of a sheet that are not data: 合计 / 小计 rows and the 制表人 / 审核人 line.

They have no ID number and start with one of the words below; they are skipped with a note
(提示), never imported and never an error. A row with an ID number is always data.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

FOOTER_WORDS = tuple(unicodedata.normalize("NFKC", w) for w in (
    "合计", "总计", "小计", "累计", "本页合计", "制表", "填表", "填报", "审核", "审批", "负责人",
    "经办人", "复核", "说明", "注：", "备注："))


def is_footer(row: Sequence[object], id_index: int | None) -> bool:
    """A 合计 / 制表人 row: no ID number, and a cell that starts with one of the footer words."""
    if id_index is not None and id_index < len(row):
        value = row[id_index]
        if value not in (None, "") and str(value).strip():
            return False
    for value in row:
        if isinstance(value, str) and value.strip():
            text = unicodedata.normalize("NFKC", value).replace(" ", "").replace("\u3000", "")
            return text.startswith(FOOTER_WORDS)
    return False
