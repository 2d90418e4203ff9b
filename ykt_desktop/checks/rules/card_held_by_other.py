"""违规代管: a card kept by a cadre, another person or family without the owner's consent."""

from __future__ import annotations

from collections.abc import Iterator

from ykt_desktop import glossary
from ykt_desktop.checks.base import CheckContext, Finding, Rule


def find(ctx: CheckContext) -> Iterator[Finding]:
    held = list(ctx.params.get("held_custodians", ["cadre", "other", "family"]))
    marks = ",".join("?" * len(held))
    rows = ctx.db.execute(f"""
        SELECT c.id, c.card_number, c.bank, c.custodian, c.custodian_name, p.id, p.id_number,
               p.name FROM cards c JOIN persons p ON p.id = c.person_id
        WHERE c.custodian IN ({marks}) AND c.consent = 0""", held).fetchall()
    homes = ctx.homes(r[5] for r in rows)
    for card_id, number, bank, custodian, holder, pid, idn, name in rows:
        hid, village = homes.get(pid, (None, None))
        who = f"{glossary.label(glossary.CUSTODIANS, custodian)}{holder}"
        yield Finding(
            subject_key=number, person_id=pid, household_id=hid, village_code=village,
            card_id=card_id,
            summary=f"{name}的{bank}卡（尾号{number[-4:]}）由{who}保管，本人未同意",
            evidence={"身份证号": idn, "卡号": number, "保管人": who})


RULE = Rule(name="card_held_by_other", title="卡折被他人代管",
            description="卡折由村干部、其他人或家属保管，且本人未同意（违规代管、扣押）。",
            find=find, order=120)
