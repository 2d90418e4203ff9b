"""未按规定公示: notices never posted, or posted for fewer days than required."""

from __future__ import annotations

from collections.abc import Iterator

from ykt_desktop.checks.base import CheckContext, Finding, Rule
from ykt_desktop.publicity.compliance import unposted_notices


def find(ctx: CheckContext) -> Iterator[Finding]:
    for status in unposted_notices(ctx.db):
        village = status.scope_code[:12] if len(status.scope_code) >= 12 and \
            not status.scope_code[:12].endswith("000") else None
        what = ("没有张贴记录" if status.status == "never_posted"
                else f"只张贴了{status.posted_days}天")
        yield Finding(
            subject_key=f"publicity:{status.publicity_id}", village_code=village,
            summary=f"《{status.title}》{what}，规定至少公示{status.required_days}天",
            evidence={"公示编号": status.publicity_id, "公示期间": status.period,
                      "计划公示结束": status.end_date, "已张贴天数": status.posted_days,
                      "规定天数": status.required_days, "项目": list(status.item_codes)})


RULE = Rule(name="publicity_not_posted", title="未按规定公示",
            description="已生成的公示在计划公示期结束后仍没有张贴记录，或张贴天数（多次张贴"
                        "重叠的日期只算一次）少于规定天数（默认7天，可在设置中调整）。",
            find=find, order=200)
