"""复核: a drawn household revisited and compared, field by field, with its 一户一表.

The fields compared are the answers the original form holds: how many people live there, the
head, the phone, for each statement whether the subsidy was received and how much, and who
keeps each card. A back-check records what was found for the fields it asked; only those are
compared (a field not asked is neither agreement nor difference).
"""

from __future__ import annotations

import json

import sqlite_utils

from ykt_desktop.campaign.errors import CampaignError, iso_day
from ykt_desktop.changes import Kind, writes
from ykt_desktop.glossary import CUSTODIANS
from ykt_desktop.security.session import session_user

YES, NO = "是", "否"


def original_answers(db: sqlite_utils.Database, household_id: int) -> dict[str, tuple[str, str]]:
    """{field key: (label, value on the original form)} of one household."""
    row = db.execute("SELECT h.phone, coalesce(p.name, ''), (SELECT count(*) FROM members m "
                     "WHERE m.household_id = h.id) FROM households h LEFT JOIN persons p ON "
                     "p.id = h.head_person_id WHERE h.id = ?", [household_id]).fetchone()
    if row is None:
        raise CampaignError(f"没有编号为 {household_id} 的户")
    out = {"members": ("户内人数", str(row[2])), "head": ("户主", row[1]),
           "phone": ("联系电话", row[0])}
    for pid, name, code, item, period, received, amount in db.execute(
            "SELECT s.person_id, coalesce(p.name, ''), i.code, i.name, s.period, s.received, "
            "s.amount FROM statements s JOIN subsidy_items i ON i.id = s.item_id LEFT JOIN "
            "persons p ON p.id = s.person_id WHERE s.household_id = ? ORDER BY s.id",
            [household_id]).fetchall():
        key = f"stmt:{pid or 0}:{code}:{period}"
        if received is not None:
            out[key + ":received"] = (f"{name} {item} {period} 是否收到", YES if received else NO)
        if amount is not None:
            out[key + ":amount"] = (f"{name} {item} {period} 收到金额", f"{amount:.2f}")
    for cid, name, number, custodian in db.execute(
            "SELECT c.id, p.name, c.card_number, c.custodian FROM cards c JOIN persons p ON "
            "p.id = c.person_id JOIN members m ON m.person_id = p.id WHERE m.household_id = ? "
            "ORDER BY c.id", [household_id]).fetchall():
        out[f"card:{cid}:custodian"] = (f"{name} 卡号尾号{number[-4:]} 保管人",
                                        CUSTODIANS.get(custodian, custodian))
    return out


def household_number(db: sqlite_utils.Database, household_id: int) -> str:
    row = db.execute("SELECT hh_no FROM households WHERE id = ?", [household_id]).fetchone()
    if row is None:
        raise CampaignError(f"没有编号为 {household_id} 的户")
    return row[0]


def _same(key: str, original: str, found: str) -> bool:
    if key.endswith(":amount"):
        try:
            return abs(float(original or 0) - float(found or 0)) < 0.01
        except ValueError:
            return False
    return original.strip() == str(found).strip()


def compare(original: dict[str, tuple[str, str]], answers: dict[str, str]) -> list[dict]:
    """The differences between the original form and the answers found (asked fields only)."""
    unknown = sorted(set(answers) - set(original))
    if unknown:
        raise CampaignError(f"原一户一表中没有这些项目：{'、'.join(unknown)}")
    return [{"field": key, "label": original[key][0], "original": original[key][1],
             "found": str(value)} for key, value in answers.items()
            if not _same(key, original[key][1], str(value))]


@writes(Kind.CAMPAIGN)
def record_backcheck(db: sqlite_utils.Database, household_id: int, *, checked_on: str,
                     checker: str, answers: dict[str, str], sample_id: int | None = None,
                     notes: str = "") -> int:
    """Record one household's back-check (replacing an earlier one in the same sample)."""
    if not checker.strip():
        raise CampaignError("请填写复核人")
    if not answers:
        raise CampaignError("复核至少要核对一项")
    day = iso_day(checked_on, "复核日期")
    original = original_answers(db, household_id)
    diffs = compare(original, answers)
    village, verifiers = db.execute(
        "SELECT h.village_code, coalesce((SELECT v.verifiers FROM verifications v WHERE "
        "v.household_id = h.id ORDER BY v.visit_date DESC, v.id DESC LIMIT 1), h.verified_by) "
        "FROM households h WHERE h.id = ?", [household_id]).fetchone()
    if sample_id is not None:
        _check_in_sample(db, sample_id, household_id)
    values = [sample_id, household_id, village, day, checker.strip(), verifiers or "",
              json.dumps(answers, ensure_ascii=False), json.dumps(diffs, ensure_ascii=False),
              len(answers), len(diffs), notes.strip(), session_user(db)]
    with db.atomic():
        db.execute("DELETE FROM backchecks WHERE sample_id IS ? AND household_id = ?",
                   [sample_id, household_id])
        cur = db.execute(
            "INSERT INTO backchecks(sample_id, household_id, village_code, checked_on, checker, "
            "original_verifiers, answers, differences, n_fields, n_diff, notes, created_by) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", values)
    return int(cur.lastrowid)


def _check_in_sample(db: sqlite_utils.Database, sample_id: int, household_id: int) -> None:
    row = db.execute("SELECT kind, drawn FROM samples WHERE id = ?", [sample_id]).fetchone()
    if row is None:
        raise CampaignError(f"没有编号为 {sample_id} 的抽查")
    kind, drawn = row[0], json.loads(row[1])
    village, hh_no = db.execute("SELECT village_code, hh_no FROM households WHERE id = ?",
                                [household_id]).fetchone()
    if kind == "households" and household_id not in drawn:
        raise CampaignError(f"户（户编号 {hh_no}）不在抽查 {sample_id} 的名单中")
    if kind == "villages" and village not in drawn:
        raise CampaignError(f"户（户编号 {hh_no}）所在的村不在抽查 {sample_id} 的名单中")


def backchecks(db: sqlite_utils.Database, *, sample_id: int | None = None) -> list[dict]:
    where, args = ("WHERE b.sample_id = ?", [sample_id]) if sample_id is not None else ("", [])
    rows = db.query(
        "SELECT b.id, b.sample_id, b.household_id, h.hh_no, coalesce(r.name, b.village_code) "
        "AS village, b.checked_on, b.checker, b.original_verifiers, b.n_fields, b.n_diff, "
        "b.differences, b.issue_id, i.issue_no FROM backchecks b JOIN households h ON "
        "h.id = b.household_id LEFT JOIN regions r ON r.code = b.village_code LEFT JOIN issues i "
        f"ON i.id = b.issue_id {where} ORDER BY b.id", args)
    return [{**row, "differences": json.loads(row["differences"])} for row in rows]
