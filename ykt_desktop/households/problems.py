"""Problems the form itself shows, offered as issues to raise in one action (发现问题)."""

from __future__ import annotations

import sqlite_utils

from ykt_desktop import glossary
from ykt_desktop.households.records import HouseholdRecord, IssueDraft
from ykt_desktop.households.subsidies import SubsidyLine, subsidy_lines
from ykt_desktop.security.display import number_view


def candidate_issues(db: sqlite_utils.Database, record: HouseholdRecord) -> list[IssueDraft]:
    """Issues pre-filled from what the form knows: cards held by others without consent, fees,
    statements that disagree with the official figures, dead members still paid."""
    out = _card_issues(record)
    lines = subsidy_lines(db, record, all_periods=True)
    for line in lines:
        reason = line.mismatch(record)
        if reason:
            out.append(_mismatch_issue(record, line, reason))
    out += _dead_paid(record, lines)
    queued = {(d.category, d.member, d.card, d.item_id) for d in record.new_issues}
    registered = registered_subjects(db, record)
    return [d for d in out if (d.category, d.member, d.card, d.item_id) not in queued
            and not _already_registered(record, d, registered)]


def registered_subjects(db: sqlite_utils.Database, record: HouseholdRecord
                        ) -> list[tuple[str, int | None, int | None, int | None]]:
    """(category, person_id, card_id, item_id) of the issues already in the ledger for this
    household or any of its members, whatever their status."""
    people = [m.person_id for m in record.members if m.person_id is not None]
    if record.id is None and not people:
        return []
    marks = ",".join("?" * len(people)) or "NULL"
    return [tuple(r) for r in db.execute(
        "SELECT category, person_id, card_id, item_id FROM issues "
        f"WHERE household_id = ? OR person_id IN ({marks})", [record.id, *people]).fetchall()]


def _already_registered(record: HouseholdRecord, d: IssueDraft, registered: list) -> bool:
    """Same category and subject: the same person (or the whole household), and the same card
    and item wherever both the draft and the registered issue name one."""
    member = record.members[d.member] if d.member is not None else None
    person = member.person_id if member else None
    if member is not None and person is None:
        return False                      # a member not saved yet has no issues
    card = member.cards[d.card].id if member is not None and d.card is not None else None
    for category, person_id, card_id, item_id in registered:
        if category != d.category or person_id != person:
            continue
        if card is not None and card_id is not None and card_id != card:
            continue
        if d.card is not None and card is None:
            continue                      # a card not saved yet
        if d.item_id is not None and item_id is not None and item_id != d.item_id:
            continue
        return True
    return False


def _mismatch_issue(record: HouseholdRecord, line: SubsidyLine, reason: str) -> IssueDraft:
    """Paid more than stated: 克扣 suspicion; stated but no platform record: paid outside 一卡通."""
    m = record.members[line.member]
    s = record.statements[line.statement] if line.statement is not None else None
    stated = (s.amount or 0.0) if s and s.received else 0.0
    text = f"{m.name}的{line.item_name}（{line.period}）：{reason}"
    if line.official is None or line.official.paid <= 0:
        return IssueDraft(category="fei_yikatong", member=line.member, item_id=line.item_id,
                          amount=round(stated, 2), description=text + "，可能未通过“一卡通”发放")
    return IssueDraft(category="kekou", member=line.member, item_id=line.item_id,
                      amount=round(max(line.official.paid - stated, 0.0), 2), description=text)


def _card_issues(record: HouseholdRecord) -> list[IssueDraft]:
    out = []
    for i, m in enumerate(record.members):
        for j, c in enumerate(m.cards):
            tail = c.card_number[-4:]
            holder = glossary.label(glossary.CUSTODIANS, c.custodian)
            if c.custodian in ("cadre", "other") and not c.consent:
                out.append(IssueDraft(
                    category="daiguan" if c.custodian == "cadre" else "renkafenli",
                    member=i, card=j,
                    description=f"{m.name}的{c.bank or ''}卡（尾号{tail}）由{holder}"
                                f"{c.custodian_name}保管，本人未同意"))
            if c.fee_charged > 0:
                out.append(IssueDraft(
                    category="shoufei", member=i, card=j, amount=c.fee_charged,
                    description=f"{m.name}的卡（尾号{tail}）被收取费用{c.fee_charged:.2f}元"
                                + (f"：{c.fee_note}" if c.fee_note else "")))
    return out


def _dead_paid(record: HouseholdRecord, lines: list) -> list[IssueDraft]:
    out = []
    for i, m in enumerate(record.members):
        if m.status != "dead" or not m.status_date:
            continue
        death_month = m.status_date[:7]
        after = [ln for ln in lines if ln.member == i and ln.official and ln.official.paid > 0
                 and ln.period > death_month[:len(ln.period)]]
        if after:
            amount = round(sum(ln.official.paid for ln in after), 2)
            out.append(IssueDraft(
                category="ying_tui_wei_tui", member=i, item_id=after[0].item_id, amount=amount,
                description=f"{m.name}已于{m.status_date}死亡，此后仍发放"
                            f"{'、'.join(sorted({ln.item_name for ln in after}))}共{amount:.2f}元"))
    return out


def issue_categories(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """(code, name) of the ledger's problem categories, in catalogue order."""
    return [tuple(r) for r in db.execute(
        "SELECT code, name FROM issue_categories ORDER BY sort, rowid").fetchall()]


def household_issues(db: sqlite_utils.Database, household_id: int | None) -> list[tuple]:
    """Issues already registered for the household, as display rows (numbers in the
    description whole or masked by the user's role, :mod:`ykt_desktop.security.display`)."""
    if household_id is None:
        return []
    view = number_view(db)
    rows = db.execute(
        "SELECT i.issue_no, coalesce(c.name, i.category), i.status, coalesce(p.name, ''), "
        "i.description, i.amount, i.created_at, coalesce(i.village_code, "
        "(SELECT village_code FROM households WHERE id = i.household_id)) FROM issues i "
        "LEFT JOIN issue_categories c ON c.code = i.category "
        "LEFT JOIN persons p ON p.id = i.person_id WHERE i.household_id = ? ORDER BY i.id",
        [household_id]).fetchall()
    return [(no, cat, glossary.label(glossary.ISSUE_STATUS, st), who, view.text(text, village),
             f"{amount:.2f}", at) for no, cat, st, who, text, amount, at, village in rows]
