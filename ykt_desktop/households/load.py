"""Reading one household with everything the form shows."""

from __future__ import annotations

import sqlite_utils

from ykt_desktop.errors import UserError
from ykt_desktop.households.records import (
    Attachment,
    CardRecord,
    HouseholdRecord,
    MemberRecord,
    StatementRecord,
    VisitRecord,
)
from ykt_desktop.households.version import household_version

CARD_COLUMNS = ("card_type", "bank", "card_number", "issuer_dept", "custodian", "custodian_name",
                "consent", "activated", "fee_charged", "fee_note", "notes", "id")
PERSON_COLUMNS = ("name", "id_number", "status", "disability_cert", "disability_type",
                  "disability_grade", "phone", "notes", "death_date", "status_date", "id")


def load_household(db: sqlite_utils.Database, household_id: int) -> HouseholdRecord:
    row = db.execute("SELECT id, village_code, group_code, hh_no, address, phone, notes "
                     "FROM households WHERE id = ?", [household_id]).fetchone()
    if row is None:
        raise UserError(f"找不到编号为{household_id}的户")
    record = HouseholdRecord(id=row[0], village_code=row[1], group_code=row[2], hh_no=row[3],
                             address=row[4], phone=row[5], notes=row[6])
    record.members = _members(db, household_id)
    index = {m.person_id: i for i, m in enumerate(record.members)}
    record.statements = _statements(db, household_id, index, record.head_index() or 0)
    record.visit = _visit(db, household_id)
    record.version = household_version(db, household_id)
    return record


def _members(db: sqlite_utils.Database, household_id: int) -> list[MemberRecord]:
    rows = db.execute(
        f"SELECT m.relation, {', '.join('p.' + c for c in PERSON_COLUMNS)} FROM members m "
        "JOIN persons p ON p.id = m.person_id WHERE m.household_id = ? ORDER BY m.sort, m.id",
        [household_id]).fetchall()
    members = []
    for relation, *values in rows:
        p = dict(zip(PERSON_COLUMNS, values, strict=True))
        members.append(MemberRecord(
            name=p["name"], id_number=p["id_number"], relation=relation, status=p["status"],
            status_date=p["death_date"] if p["status"] == "dead" else p["status_date"],
            disability_cert=p["disability_cert"], disability_type=p["disability_type"],
            disability_grade=p["disability_grade"], phone=p["phone"], notes=p["notes"],
            person_id=p["id"], cards=_cards(db, p["id"])))
    return members


def _cards(db: sqlite_utils.Database, person_id: int) -> list[CardRecord]:
    rows = db.execute(f"SELECT {', '.join(CARD_COLUMNS)} FROM cards WHERE person_id = ? "
                      "ORDER BY id", [person_id]).fetchall()
    cards = []
    for values in rows:
        c = dict(zip(CARD_COLUMNS, values, strict=True))
        c["consent"], c["activated"] = bool(c["consent"]), bool(c["activated"])
        cards.append(CardRecord(**c))
    return cards


def _statements(db: sqlite_utils.Database, household_id: int, index: dict[int, int],
                head: int) -> list[StatementRecord]:
    rows = db.execute(
        "SELECT id, person_id, item_id, period, received, amount, received_date, card_desc, notes "
        "FROM statements WHERE household_id = ? ORDER BY id", [household_id]).fetchall()
    out = []
    for sid, pid, item, period, received, amount, day, card, notes in rows:
        out.append(StatementRecord(
            member=index.get(pid, head), item_id=item, period=period,
            received=None if received is None else bool(received), amount=amount,
            received_date=day, card_desc=card, notes=notes, id=sid))
    return out


def _visit(db: sqlite_utils.Database, household_id: int) -> VisitRecord:
    row = db.execute(
        "SELECT id, visit_date, verifiers, result, reason, head_confirmed, "
        "signature_attachment_id, notes FROM verifications WHERE household_id = ? "
        "ORDER BY visit_date DESC, id DESC LIMIT 1", [household_id]).fetchone()
    if row is None:
        hh = db.execute("SELECT verify_status, verify_reason, verified_by, verified_at "
                        "FROM households WHERE id = ?", [household_id]).fetchone()
        if hh and hh[0] != "pending":
            return VisitRecord(result=hh[0], reason=hh[1], verifiers=hh[2],
                               visit_date=hh[3] or "")
        return VisitRecord()
    vid, day, who, result, reason, confirmed, sig_id, notes = row
    atts = db.execute("SELECT id, kind, filename, mime, data FROM attachments "
                      "WHERE owner_table = 'verifications' AND owner_id = ? ORDER BY id",
                      [vid]).fetchall()
    signature = None
    scans = []
    for aid, kind, filename, mime, data in atts:
        att = Attachment(filename=filename, mime=mime, data=bytes(data), kind=kind, id=aid)
        if aid == sig_id:
            signature = att
        else:
            scans.append(att)
    return VisitRecord(visit_date=day, verifiers=who, result=result, reason=reason,
                       head_confirmed=bool(confirmed), signature=signature, scans=scans,
                       notes=notes, id=vid)


def new_household(village_code: str, group_code: str | None = None) -> HouseholdRecord:
    return HouseholdRecord(village_code=village_code, group_code=group_code)
