"""表格完全相同: households checked by the same 核查人 whose forms agree in every answered field
(each member's relation and, for each subsidy and period, whether received, how much, when, on
which card) — with at least ``desk_min_answers`` answers, two real households rarely match.
Forms of different 核查人 are not compared: a form copied at a desk is copied by its writer."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterator

from ykt_desktop.checks.base import CheckContext, Finding, Rule
from ykt_desktop.progress import Job, Progress

SQL = """
SELECT s.household_id, coalesce(m.relation, ''), i.code, s.period, s.received, s.amount,
       coalesce(s.received_date, ''), s.card_desc
FROM statements s JOIN subsidy_items i ON i.id = s.item_id
LEFT JOIN members m ON m.household_id = s.household_id AND m.person_id = s.person_id
WHERE s.received IS NOT NULL OR s.amount IS NOT NULL
"""


STEP = 20_000      # answers or households between two progress steps (取消 within 0.5 s)


def fingerprints(ctx: CheckContext) -> Job[dict[int, tuple[str, int]]]:
    """{household_id: (hash of its answers, number of answered fields)}; a job (progress
    between steps: a county's forms take seconds of Python on a busy PC)."""
    answers: dict[int, list] = defaultdict(list)
    for n, (hid, *fields) in enumerate(ctx.rows(SQL)):
        answers[hid].append([str(f) for f in fields])
        if n % STEP == STEP - 1:
            yield Progress(0, 2, "整理一户一表的回答")
    out = {}
    for n, (hid, rows) in enumerate(answers.items()):
        if n % STEP == STEP - 1:
            yield Progress(n, 2 * len(answers), "比较一户一表")
        rows.sort()
        count = sum((r[3] != "None") + (r[4] != "None") for r in rows)
        digest = hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()
        out[hid] = (digest, count)
    return out


VERIFIERS = """
SELECT v.household_id, v.verifiers FROM verifications v
WHERE v.id = (SELECT w.id FROM verifications w WHERE w.household_id = v.household_id
              ORDER BY w.visit_date DESC, w.id DESC LIMIT 1)
"""


def find(ctx: CheckContext) -> Iterator[Finding | Progress]:
    least = int(ctx.params.get("desk_min_answers", 8))
    who = dict(ctx.rows(VERIFIERS))
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    prints = yield from fingerprints(ctx)
    for hid, (digest, count) in prints.items():
        if count >= least and who.get(hid):
            groups[(who[hid], digest)].append(hid)
    for (verifier, digest), ids in sorted(groups.items()):
        if len(ids) < 2:
            continue
        marks = ",".join("?" * len(ids))
        rows = list(ctx.rows(f"SELECT hh_no, village_code FROM households WHERE id IN ({marks}) "
                             "ORDER BY hh_no", ids))
        numbers = [r[0] for r in rows]
        yield Finding(subject_key=f"desk_identical:{verifier}:{digest[:16]}",
                      household_id=min(ids), village_code=rows[0][1],
                      summary=f"核查人{verifier}填写的{len(ids)}户一户一表每一项回答都相同"
                              f"（户编号 {'、'.join(numbers[:10])}）",
                      evidence={"核查人": verifier, "户编号": numbers, "户数": len(ids)})


RULE = Rule(name="desk_identical_forms", title="多户表格完全相同",
            description="同一核查人填写的两户以上的一户一表在每一个已答项目上都相同（成员关系、"
                        "每个补贴项目和期间的是否收到、收到金额、收到日期、入账卡），且已答项数"
                        "不少于参数 desk_min_answers（默认8项）。",
            find=find, order=330)
