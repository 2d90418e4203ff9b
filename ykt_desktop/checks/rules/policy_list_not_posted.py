"""政策清单未公开: a village with households but no recorded posting of a 政策清单 of the
campaign's year covering it (its own list, or its township's or county's)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ykt_desktop.campaign.policy_list import unposted_villages
from ykt_desktop.catalogue_year import catalogue_year
from ykt_desktop.checks.base import CheckContext, Finding, Rule


def find(ctx: CheckContext) -> Iterator[Finding]:
    year = catalogue_year(ctx.db) or dt.date.today().year
    for code, name in unposted_villages(ctx.db, year=year):
        yield Finding(subject_key=f"policy_list:{code}:{year}", village_code=code,
                      summary=f"{name}没有{year}年政策清单的张贴记录",
                      evidence={"村": name, "年度": year})


RULE = Rule(name="policy_list_not_posted", title="政策清单未公开",
            description="有户的村没有本年度（补贴项目目录年度）政策清单的张贴记录：本村、"
                        "所在乡镇或县的政策清单张贴一次即可。政策清单在“抽查与举报”页生成并"
                        "登记张贴。",
            find=find, order=210)
