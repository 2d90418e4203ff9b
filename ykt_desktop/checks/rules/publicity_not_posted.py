"""未按规定公示: notices never posted, or posted for fewer days than required.

One finding per notice and item, so that a confirmed finding counts against that item in the
returns (issue category ``gongshi``); the region is the notice's village, or its township for
a township-wide notice.
"""

from __future__ import annotations

from collections.abc import Iterator

from ykt_desktop.checks.base import CheckContext, Finding, Rule
from ykt_desktop.publicity.compliance import NoticeStatus, unposted_notices


def _region(scope_code: str) -> str:
    """A group's notice belongs to its village; villages and townships keep their code."""
    return scope_code[:12]


def _summary(status: NoticeStatus, item_name: str) -> str:
    what = ("没有张贴记录" if status.status == "never_posted"
            else f"只张贴了{status.posted_days}天")
    return (f"《{status.title}》（{item_name}）{what}，规定至少公示{status.required_days}天")


def find(ctx: CheckContext) -> Iterator[Finding]:
    for status in unposted_notices(ctx.db):
        for code in status.item_codes:
            item = ctx.item_by_code.get(code)
            yield Finding(
                subject_key=f"publicity:{status.publicity_id}:{code}",
                village_code=_region(status.scope_code), item_id=item.id if item else None,
                summary=_summary(status, item.name if item else code),
                evidence={"公示编号": status.publicity_id, "公示期间": status.period,
                          "计划公示结束": status.end_date, "已张贴天数": status.posted_days,
                          "规定天数": status.required_days, "项目": code})


RULE = Rule(name="publicity_not_posted", title="未按规定公示",
            description="已生成的公示在计划公示期结束后仍没有张贴记录，或张贴天数（多次张贴"
                        "重叠的日期只算一次）少于规定天数（默认7天，可在公示设置中调整）。"
                        "每张公示的每个补贴项目列一条。",
            find=find, order=200)
