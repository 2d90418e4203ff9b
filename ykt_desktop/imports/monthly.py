"""A whole year given as the period of a monthly item (issue 19 review).

Payments of a monthly item (低保, 高龄津贴 ...) are compared with its monthly standard per
period; twelve months stored under the period "2025" would all look paid twelve times over. A
year given once for the whole file is refused for such an item, naming the months the file's
发放日期 show; a year in a period column is a problem of its row.
"""

from __future__ import annotations

from collections.abc import Callable

ProblemFn = Callable[..., None]      # Builder.problem(row, key, value, reason, level)


class YearForMonthly:
    def __init__(self, whole_period: bool) -> None:
        self.whole_period = whole_period
        self.seen: dict[str, list] = {}     # item name -> [period, rows, months of the dates]

    def refuses(self, problem: ProblemFn, row: int, item, period: str,
                paid_date: str | None) -> bool:
        """True when this row gives a year for a monthly item (a problem is noted)."""
        if len(period) != 4 or item.standard_unit != "month":
            return False
        if not self.whole_period:
            problem(row, "period", period, f"“{item.name}”按月发放，发放期间应为月份（如"
                    f"{period}-03），不能是全年")
            return True
        entry = self.seen.setdefault(item.name, [period, 0, set()])
        entry[1] += 1
        if paid_date:
            entry[2].add(paid_date[:7])
        return True

    def file_problems(self, problem: ProblemFn) -> None:
        """One problem of the whole file per monthly item given a year for the whole file."""
        for name, (period, rows, months) in self.seen.items():
            dates = ""
            if len(months) == 1:
                dates = f"；文件中的发放日期都在{next(iter(months))}，如是该月的名册请整表指定该月"
            elif months:
                dates = (f"；文件中的发放日期在{min(months)}至{max(months)}的{len(months)}个月份，"
                         "请在文件中加“发放月份”列，或按月份分开导入")
            problem(0, "period", period, f"整表发放期间是全年，但“{name}”按月发放（{rows}行），"
                    f"不能按全年导入：请整表指定月份（如{period}-03）{dates}")
