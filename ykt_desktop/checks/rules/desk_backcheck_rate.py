"""复核差异率过高: a 核查人 whose forms, when households were revisited (复核), differed from
what was found in more than ``desk_backcheck_max_rate`` of them."""

from __future__ import annotations

from collections.abc import Iterator

from ykt_desktop.campaign.rates import discrepancy_rates
from ykt_desktop.checks.base import CheckContext, Finding, Rule


def find(ctx: CheckContext) -> Iterator[Finding]:
    limit = float(ctx.params.get("desk_backcheck_max_rate", 0.2))
    least = int(ctx.params.get("desk_backcheck_min_households", 3))
    for rate in discrepancy_rates(ctx.db, by="verifier"):
        if rate.households < least or rate.rate <= limit or not rate.key:
            continue
        village = ctx.db.execute("SELECT village_code FROM backchecks WHERE original_verifiers = ?"
                                 " GROUP BY village_code ORDER BY count(*) DESC LIMIT 1",
                                 [rate.key]).fetchone()[0]
        yield Finding(subject_key=f"desk_backcheck:{rate.key}", village_code=village,
                      summary=f"核查人{rate.key}填写的{rate.households}户中有{rate.differing}户"
                              f"复核不一致（{rate.rate:.0%}），超过{limit:.0%}",
                      evidence={"核查人": rate.key, "复核户数": rate.households,
                                "有差异户数": rate.differing, "差异率": round(rate.rate, 4),
                                "上限": limit})


RULE = Rule(name="desk_backcheck_rate", title="复核差异率过高",
            description="按原核查人统计的复核差异率（有差异户数 ÷ 复核户数）超过参数 "
                        "desk_backcheck_max_rate（默认20%），且复核户数不少于 "
                        "desk_backcheck_min_households（默认3户）。",
            find=find, order=340)
