"""What the payment data covers, for rules that reason from absence (issue 19 review).

A rule that concludes something from a payment record that is NOT there (群众说收到了却没有
发放记录, 未享受须同期享受的低保) may conclude it only where the data covers that item, period
and village (:func:`ykt_desktop.imports.coverage.covered`: recorded roster imports and the
payments that came another way); elsewhere nothing is known and nothing is reported. The
finding names the scope it was judged in (:meth:`Scope.text`).
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

from ykt_desktop.imports.coverage import covered


class Scope:
    """Coverage of some items, looked up by (item, period, village)."""

    def __init__(self, db: sqlite_utils.Database, item_ids: Iterable[int]) -> None:
        self.db = db
        self.cover = covered(db, sorted(set(item_ids)), source="all")
        self._names: dict[str, str] | None = None

    def villages(self, item_id: int, period: str) -> set[str]:
        """Villages covered in ``period``; a year takes in its months, a month its year."""
        out = set(self.cover.get((item_id, period), ()))
        if len(period) == 4:
            for (item, other), villages in self.cover.items():
                if item == item_id and other[:4] == period:
                    out |= villages
        else:
            out |= self.cover.get((item_id, period[:4]), set())
        return out

    def covers(self, item_id: int, period: str, village: str | None) -> bool:
        villages = self.villages(item_id, period)
        return bool(villages) and (not village or village in villages)

    def covers_any(self, item_ids: Iterable[int], period: str, village: str | None) -> bool:
        return any(self.covers(i, period, village) for i in item_ids)

    def text(self, item_name: str, period: str, village: str | None) -> str:
        """比对范围 in words: '2026-01城乡居民最低生活保障金数据覆盖的幸福村'."""
        if self._names is None:
            self._names = dict(self.db.execute(
                "SELECT code, name FROM regions WHERE level = 'village'").fetchall())
        where = self._names.get(village or "", village or "本单位")
        return f"{period}{item_name.split('（')[0]}数据覆盖的{where}"
