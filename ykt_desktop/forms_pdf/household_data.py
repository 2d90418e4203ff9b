"""What a printed 一户一表 shows for one household (pre-filled from the database)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlite_utils

from ykt_desktop import glossary, idcard
from ykt_desktop.households.load import load_household
from ykt_desktop.households.subsidies import subsidy_lines
from ykt_desktop.masking import MaskingPolicy, mask_card, mask_id

TICK = "□是 □否"


@dataclass
class FormData:
    township: str = ""
    village: str = ""
    group: str = ""
    hh_no: str = ""
    address: str = ""
    head: str = ""
    phone: str = ""
    members: list[list[str]] = field(default_factory=list)
    cards: list[list[str]] = field(default_factory=list)
    subsidies: list[list[str]] = field(default_factory=list)
    status: str = ""
    blank: bool = False


def region_names(db: sqlite_utils.Database) -> dict[str, str]:
    return dict(db.execute("SELECT code, name FROM regions").fetchall())


def household_form_data(db: sqlite_utils.Database, household_id: int, names: dict[str, str], *,
                        policy: MaskingPolicy | None, today: dt.date | None = None) -> FormData:
    """``policy`` None prints whole ID numbers (for the officers' own door-to-door copy)."""
    r = load_household(db, household_id)
    today = today or dt.date.today()
    head = r.head_index()
    data = FormData(
        township=names.get(r.village_code[:9] + "000", ""), village=names.get(r.village_code, ""),
        group=names.get(r.group_code or "", ""), hh_no=r.hh_no, address=r.address,
        head=r.members[head].name if head is not None else "", phone=r.phone,
        status=glossary.label(glossary.VERIFY_STATUS, r.visit.result or "pending"))
    for i, m in enumerate(r.members):
        data.members.append(_member_row(i, m, policy, today))
        for c in m.cards:
            data.cards.append([
                m.name, glossary.label(glossary.CARD_TYPES, c.card_type), c.bank,
                mask_card(c.card_number, policy or MaskingPolicy()),
                glossary.label(glossary.CUSTODIANS, c.custodian) + (
                    f"（{c.custodian_name}）" if c.custodian_name else ""),
                "", TICK, TICK])
    for line in subsidy_lines(db, r):
        o = line.official
        data.subsidies.append([
            r.members[line.member].name, line.item_name, line.period,
            _money(o.standard if o else None), _money(o.due if o else None),
            _money(o.paid if o else None), (o.paid_date or "") if o else "",
            ("尾号" + o.card_number[-4:]) if o and o.card_number else "", TICK, "", ""])
    return data


def _member_row(i: int, m, policy: MaskingPolicy | None, today: dt.date) -> list[str]:
    try:
        info = idcard.parse(m.id_number)
        sex, age = glossary.SEX[info.sex], str(info.age_on(today))
    except idcard.IdNumberError:
        sex, age = "", "号码有误"
    status = glossary.label(glossary.PERSON_STATUS, m.status)
    if m.status_date:
        status += f" {m.status_date}"
    number = m.id_number if policy is None else mask_id(m.id_number, policy)
    return [str(i + 1), m.name, m.relation, number, sex, age, status, m.disability_cert and "有",
            "□无误 □有误"]


def _money(value: float | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def blank_form_data() -> FormData:
    return FormData(blank=True, members=[[str(i + 1)] + [""] * 7 + ["□无误 □有误"]
                                         for i in range(6)],
                    cards=[[""] * 6 + [TICK, TICK] for _ in range(5)],
                    subsidies=[[""] * 8 + [TICK, "", ""] for _ in range(10)])
