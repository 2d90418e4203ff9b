"""Inject desk-made forms into a demo county, for training and for the tests of the
desk-made-form checks. Returns the subject keys each check must report.

One invented 核查人 "visits" 30 households of one village on one day, eight of them within one
hour; three of those forms were printed five days after the visit; three carry the same
signature image; two have identical answers; three revisited households differ from the forms.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random

import sqlite_utils

from ykt_desktop.campaign.backcheck import original_answers, record_backcheck
from ykt_desktop.campaign.errors import CampaignError

FAKER = "演示核查人（伪造）"
SIGNATURE = b"\x89PNG\r\n\x1a\n" + b"demo signature reused on several forms" * 8


def _households(db: sqlite_utils.Database, rng: random.Random) -> tuple[str, list[int]]:
    village = db.execute("SELECT village_code FROM households GROUP BY village_code "
                         "HAVING count(*) >= 30 ORDER BY village_code LIMIT 1").fetchone()
    if village is None:
        raise CampaignError("演示县中没有30户以上的村，无法注入伪造表格")
    ids = [r[0] for r in db.execute("SELECT id FROM households WHERE village_code = ? AND "
                                    "head_person_id IS NOT NULL ORDER BY id", [village[0]])]
    return village[0], sorted(rng.sample(ids, 30))


def _visit(db: sqlite_utils.Database, hid: int, day: str, time: str, sig: int | None) -> int:
    cur = db.execute("INSERT INTO verifications(household_id, visit_date, verifiers, result, "
                     "head_confirmed, signature_attachment_id, visit_time, notes) VALUES "
                     "(?, ?, ?, 'verified', 1, ?, ?, '演示：伪造表格')",
                     [hid, day, FAKER, sig, time])
    db.execute("UPDATE households SET verify_status = 'verified', verified_by = ?, "
               "verified_at = ? WHERE id = ?", [FAKER, day, hid])
    return int(cur.lastrowid)


def _visits_of(db: sqlite_utils.Database, household_id: int) -> int:
    return db.execute("SELECT count(*) FROM verifications WHERE household_id = ?",
                      [household_id]).fetchone()[0]


def _identical(db: sqlite_utils.Database, pair: list[int], year: int) -> None:
    items = [r[0] for r in db.execute("SELECT id FROM subsidy_items WHERE code IN "
                                      "('dibao', 'gaoling_80') ORDER BY id")]
    for hid in pair:
        head = db.execute("SELECT head_person_id FROM households WHERE id = ?", [hid]).fetchone()
        db.execute("DELETE FROM statements WHERE household_id = ?", [hid])
        db.execute("UPDATE members SET relation = '户主' WHERE household_id = ? AND "
                   "person_id = ?", [hid, head[0]])
        for item in items:
            for month in range(1, 7):
                db.execute("INSERT INTO statements(household_id, person_id, item_id, period, "
                           "received, amount) VALUES (?, ?, ?, ?, 1, 350)",
                           [hid, head[0], item, f"{year}-{month:02d}"])


def is_demo_county(db: sqlite_utils.Database) -> bool:
    """Whether the file was made by the demo generator (its bulk load is in the audit log)."""
    return db.execute("SELECT 1 FROM audit_log WHERE action = 'import' AND table_name = 'demo' "
                      "LIMIT 1").fetchone() is not None


def inject_desk_forms(db: sqlite_utils.Database, *, seed: int = 16) -> dict[str, set[str]]:
    if not is_demo_county(db):
        raise CampaignError("只能在演示县中注入伪造表格（这个数据库不是用 demo 命令生成的）")
    rng = random.Random(seed)
    village, ids = _households(db, rng)
    latest = db.execute("SELECT max(visit_date) FROM verifications").fetchone()[0]
    day = (dt.date.fromisoformat(latest) + dt.timedelta(days=1) if latest
           else dt.date(dt.date.today().year, 3, 2))   # the newest visit: the form compared
    printed = (day + dt.timedelta(days=5)).isoformat() + "T10:00:00"
    truth: dict[str, set[str]] = {k: set() for k in (
        "desk_visit_rate", "desk_visit_timing", "desk_same_signature", "desk_identical_forms",
        "desk_backcheck_rate")}
    with db.atomic():
        sig = db.execute("INSERT INTO attachments(kind, filename, mime, size, sha256, data) "
                         "VALUES ('signature', 'sig.png', 'image/png', ?, ?, ?)",
                         [len(SIGNATURE), hashlib.sha256(SIGNATURE).hexdigest(),
                          SIGNATURE]).lastrowid
        visits = {}
        for n, hid in enumerate(ids):
            time = f"09:{n * 7:02d}" if n < 8 else f"{10 + n // 4:02d}:{(n % 4) * 15:02d}"
            visits[hid] = _visit(db, hid, day.isoformat(), time, sig if n < 3 else None)
        fresh = [h for h in ids[3:] if _visits_of(db, h) == 1][:3]   # no earlier visit
        for hid in fresh:
            db.execute("INSERT INTO form_prints(household_id, printed_at, printed_by) VALUES "
                       "(?, ?, 'demo')", [hid, printed])
            truth["desk_visit_timing"].add(f"desk_before_print:{visits[hid]}")
        _identical(db, ids[6:8], day.year - 1)
        for hid in ids[8:11]:
            found = {k: v for k, (_, v) in original_answers(db, hid).items()}
            found["members"] = str(int(found["members"]) + 2)
            record_backcheck(db, hid, checked_on=(day + dt.timedelta(days=20)).isoformat(),
                             checker="县财政局复核组", answers=found)
    truth["desk_visit_rate"] = {f"desk_rate:day:{FAKER}:{day.isoformat()}:",
                                f"desk_rate:hour:{FAKER}:{day.isoformat()}:09"}
    truth["desk_same_signature"] = {f"desk_signature:{hashlib.sha256(SIGNATURE).hexdigest()[:16]}"}
    truth["desk_backcheck_rate"] = {f"desk_backcheck:{FAKER}"}
    truth["desk_identical_forms"] = {"*"}     # one group holding ids[6:8]; its hash is derived
    truth["_identical_households"] = {str(h) for h in ids[6:8]}
    truth["_village"] = {village}
    return truth
