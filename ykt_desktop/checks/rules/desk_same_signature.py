"""同一签名用于多户: one signature image (same content hash) on the visits of different
households — a head of household signs only their own form."""

from __future__ import annotations

from collections.abc import Iterator

from ykt_desktop.checks.base import CheckContext, Finding, Rule

SQL = """
SELECT a.sha256, count(DISTINCT v.household_id), group_concat(DISTINCT h.hh_no),
       min(h.village_code), min(v.household_id), group_concat(DISTINCT v.verifiers)
FROM verifications v JOIN attachments a ON a.id = v.signature_attachment_id
JOIN households h ON h.id = v.household_id
GROUP BY a.sha256 HAVING count(DISTINCT v.household_id) > 1
"""


def find(ctx: CheckContext) -> Iterator[Finding]:
    for digest, count, numbers, village, first, who in ctx.rows(SQL):
        yield Finding(subject_key=f"desk_signature:{digest[:16]}", village_code=village,
                      household_id=first,
                      summary=f"同一签名图片出现在{count}户的入户记录上（户编号 {numbers}）",
                      evidence={"签名校验值": digest, "户数": count,
                                "户编号": numbers.split(","), "核查人": who})


RULE = Rule(name="desk_same_signature", title="同一签名用于多户",
            description="不同户的入户核查记录使用了内容完全相同的签名图片（按 SHA-256 比较）。",
            find=find, order=320)
