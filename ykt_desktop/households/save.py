"""Saving a household form: household, members, persons, cards, statements, visit, attachments
and the problems raised from it, all in one transaction."""

from __future__ import annotations

import hashlib
import re

import sqlite_utils

from ykt_desktop import idcard
from ykt_desktop.changes import Changes, Kind
from ykt_desktop.db.database import write_transaction
from ykt_desktop.households.records import (
    Attachment,
    HouseholdRecord,
    MemberRecord,
    VisitRecord,
)
from ykt_desktop.households.validate import HouseholdError, Problem, validate_or_raise
from ykt_desktop.households.version import check_household_unchanged
from ykt_desktop.ledger.issues import NewIssue, create_issue
from ykt_desktop.pinyin import initials
from ykt_desktop.storage import INTEGRITY_ERRORS

NOW = "datetime('now','localtime')"


def saved_changes(record: HouseholdRecord) -> Changes:
    """What saving ``record`` changes: the household, and the ledger when the form raises
    issues (ask before saving: the saved record is loaded again without them)."""
    return Changes.of(Kind.HOUSEHOLDS, *([Kind.ISSUES] if record.new_issues else []))


def save_household(db: sqlite_utils.Database, record: HouseholdRecord, *,
                   by_user: str = "") -> int:
    """Validate and write the whole form; returns the household id. Nothing is half-written.

    A record loaded with a version token (``record.version``) is saved only if the household,
    its members, cards, statements and visits are still as they were loaded; otherwise
    ``StaleRecordError`` and nothing is written."""
    validate_or_raise(db, record)
    with write_transaction(db):
        if record.id is not None:
            check_household_unchanged(db, record.id, record.version, hh_no=record.hh_no)
        hh_id = _household_row(db, record)
        person_ids = _members(db, hh_id, record.members)
        head = record.head_index()
        db.execute(f"UPDATE households SET head_person_id = ?, updated_at = {NOW} WHERE id = ?",
                   [person_ids[head] if head is not None else None, hh_id])
        card_ids = [_cards(db, pid, m, f"成员第{i + 1}行（{m.name}）",
                           prune=m.person_id == pid)
                    for i, (pid, m) in enumerate(zip(person_ids, record.members, strict=True))]
        visit_id = _visit(db, hh_id, record.visit, by_user)
        _statements(db, hh_id, record, person_ids, visit_id)
        _issues(db, hh_id, record, person_ids, card_ids, by_user)
    return hh_id


def _household_row(db: sqlite_utils.Database, r: HouseholdRecord) -> int:
    hh_no = r.hh_no or next_hh_no(db, r.village_code)
    values = [hh_no, r.village_code, r.group_code, r.address.strip(), r.phone.strip(),
              r.notes.strip()]
    if r.id is None:
        cur = db.execute("INSERT INTO households (hh_no, village_code, group_code, address, "
                         "phone, notes) VALUES (?, ?, ?, ?, ?, ?)", values)
        return int(cur.lastrowid)
    db.execute(f"UPDATE households SET hh_no = ?, village_code = ?, group_code = ?, address = ?,"
               f" phone = ?, notes = ?, updated_at = {NOW} WHERE id = ?", [*values, r.id])
    return r.id


def next_hh_no(db: sqlite_utils.Database, village_code: str) -> str:
    """村代码 + 4-digit sequence, the next free one in the village."""
    row = db.execute("SELECT max(hh_no) FROM households WHERE hh_no LIKE ? AND length(hh_no) = ?",
                     [village_code + "%", len(village_code) + 4]).fetchone()
    last = int(row[0][len(village_code):]) if row and row[0] else 0
    return f"{village_code}{last + 1:04d}"


def _members(db: sqlite_utils.Database, hh_id: int, members: list[MemberRecord]) -> list[int]:
    person_ids = [_person(db, m) for m in members]
    old = {r[0] for r in db.execute("SELECT person_id FROM members WHERE household_id = ?",
                                    [hh_id]).fetchall()}
    for sort, (pid, m) in enumerate(zip(person_ids, members, strict=True)):
        db.execute("INSERT INTO members (household_id, person_id, relation, sort) "
                   "VALUES (?, ?, ?, ?) ON CONFLICT(household_id, person_id) DO UPDATE SET "
                   "relation = excluded.relation, sort = excluded.sort",
                   [hh_id, pid, m.relation, sort])
    for pid in old - set(person_ids):
        db.execute("DELETE FROM members WHERE household_id = ? AND person_id = ?", [hh_id, pid])
        _drop_orphan(db, pid)
    return person_ids


def _person(db: sqlite_utils.Database, m: MemberRecord) -> int:
    info = idcard.parse(m.id_number)
    known = db.execute("SELECT id FROM persons WHERE id_number = ?", [info.number]).fetchone()
    pid = known[0] if known else m.person_id
    dead = m.status == "dead"
    values = [info.number, m.name.strip(), initials(m.name.strip()), info.sex,
              info.birth_date.isoformat(), m.status, m.status_date if dead else None,
              None if dead else m.status_date, m.disability_cert.strip(),
              m.disability_type.strip(), m.disability_grade.strip(), m.phone.strip(),
              m.notes.strip()]
    cols = ("id_number", "name", "name_initials", "sex", "birth_date", "status", "death_date",
            "status_date", "disability_cert", "disability_type", "disability_grade", "phone",
            "notes")
    if pid is None:
        cur = db.execute(f"INSERT INTO persons ({', '.join(cols)}) "
                         f"VALUES ({', '.join('?' * len(cols))})", values)
        return int(cur.lastrowid)
    db.execute(f"UPDATE persons SET {', '.join(c + ' = ?' for c in cols)}, updated_at = {NOW} "
               "WHERE id = ?", [*values, pid])
    return int(pid)


def _drop_orphan(db: sqlite_utils.Database, pid: int) -> None:
    """A person removed from the form who belongs nowhere and has no records is deleted."""
    used = db.execute(
        "SELECT EXISTS(SELECT 1 FROM members WHERE person_id = :p) "
        "OR EXISTS(SELECT 1 FROM payments WHERE person_id = :p) "
        "OR EXISTS(SELECT 1 FROM statements WHERE person_id = :p) "
        "OR EXISTS(SELECT 1 FROM issues WHERE person_id = :p)", {"p": pid}).fetchone()[0]
    if not used:
        try:
            with write_transaction(db):
                db.execute("DELETE FROM persons WHERE id = ?", [pid])
        except INTEGRITY_ERRORS:  # sqlite3 or sqlcipher3 (encrypted file)
            pass  # a card of theirs is referenced elsewhere: keep the record


CARD_COLS = ("card_type", "bank", "card_number", "issuer_dept", "custodian", "custodian_name",
             "consent", "activated", "fee_charged", "fee_note", "notes")


def _cards(db: sqlite_utils.Database, pid: int, m: MemberRecord, where: str, *,
           prune: bool) -> list[int]:
    """Write the member's cards. Cards missing from the form are deleted only when the form
    was loaded with this person (``prune``); linking a person already on record from another
    household adds cards but never drops theirs."""
    ids = []
    for c in m.cards:
        values = [c.card_type, c.bank.strip(), re.sub(r"\s", "", c.card_number),
                  c.issuer_dept.strip(), c.custodian, c.custodian_name.strip(), int(c.consent),
                  int(c.activated), round(c.fee_charged or 0, 2), c.fee_note, c.notes]
        if c.id is None:
            cur = db.execute(f"INSERT INTO cards (person_id, {', '.join(CARD_COLS)}) "
                             f"VALUES (?, {', '.join('?' * len(CARD_COLS))})", [pid, *values])
            ids.append(int(cur.lastrowid))
        else:
            db.execute(f"UPDATE cards SET person_id = ?, "
                       f"{', '.join(c + ' = ?' for c in CARD_COLS)}, updated_at = {NOW} "
                       "WHERE id = ?", [pid, *values, c.id])
            ids.append(c.id)
    if prune:
        _drop_cards(db, pid, set(ids), where)
    return ids


def _drop_cards(db: sqlite_utils.Database, pid: int, keep: set[int], where: str) -> None:
    for (cid, number) in db.execute("SELECT id, card_number FROM cards WHERE person_id = ?",
                                    [pid]).fetchall():
        if cid in keep:
            continue
        if db.execute("SELECT 1 FROM payments WHERE card_id = ? LIMIT 1", [cid]).fetchone():
            raise HouseholdError([Problem(where, "卡折", f"尾号{number[-4:]}的卡已有发放记录，"
                                          "不能删除；如已丢失，请把保管情况改为“丢失”")])
        db.execute("UPDATE issues SET card_id = NULL WHERE card_id = ?", [cid])
        db.execute("DELETE FROM cards WHERE id = ?", [cid])


def _statements(db: sqlite_utils.Database, hh_id: int, r: HouseholdRecord,
                person_ids: list[int], visit_id: int | None) -> None:
    keep = []
    for s in r.statements:
        values = [person_ids[s.member], s.item_id, s.period,
                  None if s.received is None else int(s.received),
                  None if s.amount is None else round(s.amount, 2), s.received_date or None,
                  s.card_desc.strip(), s.notes.strip()]
        if s.id is None:
            cur = db.execute("INSERT INTO statements (household_id, person_id, item_id, period, "
                             "received, amount, received_date, card_desc, notes, visit_id) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [hh_id, *values, visit_id])
            keep.append(cur.lastrowid)
        else:
            db.execute("UPDATE statements SET person_id = ?, item_id = ?, period = ?, "
                       "received = ?, amount = ?, received_date = ?, card_desc = ?, notes = ?, "
                       "visit_id = coalesce(visit_id, ?) WHERE id = ? AND household_id = ?",
                       [*values, visit_id, s.id, hh_id])
            keep.append(s.id)
    marks = ",".join("?" * len(keep))
    db.execute(f"DELETE FROM statements WHERE household_id = ? AND id NOT IN ({marks})",
               [hh_id, *keep])


def _visit(db: sqlite_utils.Database, hh_id: int, v: VisitRecord, by_user: str) -> int | None:
    if not v.result:
        db.execute("UPDATE households SET verify_status = 'pending', verify_reason = '', "
                   "verified_by = '', verified_at = NULL WHERE id = ?", [hh_id])
        return v.id
    values = [v.visit_date, v.verifiers.strip(), v.result, v.reason.strip(),
              int(v.head_confirmed), v.notes.strip()]
    if v.id is None:
        cur = db.execute("INSERT INTO verifications (household_id, visit_date, verifiers, result,"
                         " reason, head_confirmed, notes, created_by) VALUES (?,?,?,?,?,?,?,?)",
                         [hh_id, *values, by_user])
        vid = int(cur.lastrowid)
    else:
        vid = v.id
        db.execute("UPDATE verifications SET visit_date = ?, verifiers = ?, result = ?, "
                   "reason = ?, head_confirmed = ?, notes = ? WHERE id = ?", [*values, vid])
    _visit_attachments(db, vid, v, by_user)
    db.execute("UPDATE households SET verify_status = ?, verify_reason = ?, verified_by = ?, "
               "verified_at = ? WHERE id = ?",
               [v.result, v.reason.strip(), v.verifiers.strip(), v.visit_date, hh_id])
    return vid


def _visit_attachments(db: sqlite_utils.Database, vid: int, v: VisitRecord, by_user: str) -> None:
    keep = []
    sig_id = None
    if v.signature is not None:
        sig_id = _attachment(db, v.signature, vid, by_user)
        keep.append(sig_id)
    keep += [_attachment(db, a, vid, by_user) for a in v.scans]
    db.execute("UPDATE verifications SET signature_attachment_id = ? WHERE id = ?", [sig_id, vid])
    marks = ",".join("?" * len(keep))
    db.execute(f"DELETE FROM attachments WHERE owner_table = 'verifications' AND owner_id = ? "
               f"AND id NOT IN ({marks})", [vid, *keep])


def _attachment(db: sqlite_utils.Database, a: Attachment, vid: int, by_user: str) -> int:
    if a.id is not None:
        return a.id
    cur = db.execute(
        "INSERT INTO attachments (kind, filename, mime, size, sha256, data, owner_table, "
        "owner_id, created_by) VALUES (?, ?, ?, ?, ?, ?, 'verifications', ?, ?)",
        [a.kind, a.filename, a.mime, len(a.data), hashlib.sha256(a.data).hexdigest(), a.data,
         vid, by_user])
    return int(cur.lastrowid)


def _issues(db: sqlite_utils.Database, hh_id: int, r: HouseholdRecord, person_ids: list[int],
            card_ids: list[list[int]], by_user: str) -> None:
    for d in r.new_issues:
        pid = person_ids[d.member] if d.member is not None else None
        cid = card_ids[d.member][d.card] if d.member is not None and d.card is not None else None
        create_issue(db, NewIssue(
            category=d.category, found_by="visit", description=d.description,
            village_code=r.village_code, household_id=hh_id, person_id=pid, card_id=cid,
            item_id=d.item_id, amount=round(d.amount or 0, 2)), by_user=by_user)
