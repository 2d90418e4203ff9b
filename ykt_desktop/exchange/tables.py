"""What a package carries, table by table, with database ids replaced by natural keys.

Each :class:`TableSpec` gives the columns written to ``data/<name>.jsonl`` and the SELECT that
produces them for a scope (a region-code prefix bound as ``:p``, with the temporary tables
``x_hh`` (households in scope) and ``x_persons`` made by :func:`prepare_scope`). The same query
run at the receiver on its own rows gives the "before" picture for the preview.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from ykt_desktop.regions import code_prefix

PERSON_COLS = ("id_number", "name", "name_initials", "sex", "birth_date", "status", "death_date",
               "status_date", "disability_cert", "disability_type", "disability_grade", "phone",
               "notes", "created_at", "updated_at")
HOUSEHOLD_COLS = ("hh_no", "village_code", "group_code", "address", "head_id_number", "phone",
                  "verify_status", "verify_reason", "verified_by", "verified_at", "notes",
                  "created_at", "updated_at")
ITEM_COLS = ("code", "name", "department", "basis", "standard", "standard_unit", "channel",
             "frequency", "deadline_days", "eligibility", "year", "active", "sort", "notes")
CARD_COLS = ("card_number", "id_number", "card_type", "bank", "issuer_dept", "custodian",
             "custodian_name", "consent", "activated", "fee_charged", "fee_note", "notes",
             "created_at", "updated_at")
PAYMENT_COLS = ("id_number", "hh_no", "village_code", "item_code", "period", "standard",
                "amount_due", "amount_paid", "paid_date", "card_number", "bank", "status", "source")
STATEMENT_COLS = ("hh_no", "id_number", "item_code", "period", "received", "amount",
                  "received_date", "card_desc", "notes", "created_at")
VERIFICATION_COLS = ("ref", "hh_no", "visit_date", "verifiers", "result", "reason",
                     "head_confirmed", "signature_ref", "notes", "created_by", "created_at")
ISSUE_PLAIN = ("category", "status", "found_by", "village_code", "amount", "description",
               "responsible_unit", "responsible_person", "measure", "deadline", "rectified_at",
               "closed_at", "recovered_amount", "returned_amount", "self_reported_persons",
               "self_returned_amount", "referred", "referral_note", "party_sanctions",
               "gov_sanctions", "exposed", "exposed_persons", "created_by", "created_at",
               "updated_at")
ISSUE_COLS = ("issue_no", "hh_no", "id_number", "card_number", "item_code", *ISSUE_PLAIN)
EVENT_COLS = ("issue_no", "at", "by_user", "action", "from_status", "to_status", "note", "data")
PUBLICITY_COLS = ("ref", "title", "item_codes", "period", "scope_code", "issuer", "start_date",
                  "end_date", "hotlines", "policy", "line_count", "total_amount", "file_ref",
                  "created_by", "created_at")
POSTING_COLS = ("publicity_ref", "location", "posted_from", "posted_to", "photo_ref",
                "objections", "handling", "recorded_by", "recorded_at")
ATTACHMENT_COLS = ("ref", "kind", "filename", "mime", "size", "sha256", "data", "owner_table",
                   "owner_key", "created_at", "created_by")


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[str, ...]
    sql: str
    key: tuple[int, ...] = ()      # column positions of the natural key (for the preview)


def _q(alias: str, cols: tuple[str, ...]) -> str:
    return ", ".join(f"{alias}.{c}" for c in cols)


ISSUE_NO = ("CASE WHEN instr(i.issue_no, '-') > 0 THEN i.issue_no "
            "ELSE :unit || '-' || i.issue_no END")
SCOPE_ISSUES = ("(i.village_code BETWEEN :p AND :p || '~' "
                "OR i.household_id IN (SELECT id FROM x_hh))")

SPECS: tuple[TableSpec, ...] = (
    TableSpec("regions", ("code", "name", "level", "parent_code", "sort"),
              "SELECT code, name, level, parent_code, sort FROM regions "
              "WHERE code BETWEEN :p AND :p || '~' OR code IN (SELECT code FROM x_ancestors) "
              "ORDER BY code",
              (0,)),
    TableSpec("subsidy_items", ITEM_COLS,
              f"SELECT {_q('s', ITEM_COLS)} FROM subsidy_items s ORDER BY code", (0,)),
    TableSpec("issue_categories", ("code", "name", "grp", "sort"),
              "SELECT code, name, grp, sort FROM issue_categories ORDER BY code", (0,)),
    TableSpec("persons", PERSON_COLS,
              f"SELECT {_q('p', PERSON_COLS)} FROM persons p "
              "WHERE p.id IN (SELECT id FROM x_persons) ORDER BY p.id_number", (0,)),
    TableSpec("households", HOUSEHOLD_COLS,
              "SELECT h.hh_no, h.village_code, h.group_code, h.address, hp.id_number, h.phone, "
              "h.verify_status, h.verify_reason, h.verified_by, h.verified_at, h.notes, "
              "h.created_at, h.updated_at FROM households h "
              "LEFT JOIN persons hp ON hp.id = h.head_person_id "
              "WHERE h.id IN (SELECT id FROM x_hh) ORDER BY h.hh_no", (0,)),
    TableSpec("members", ("hh_no", "id_number", "relation", "sort"),
              "SELECT h.hh_no, p.id_number, m.relation, m.sort FROM members m "
              "JOIN households h ON h.id = m.household_id JOIN persons p ON p.id = m.person_id "
              "WHERE m.household_id IN (SELECT id FROM x_hh) ORDER BY h.hh_no, m.sort, p.id_number",
              (0, 1)),
    TableSpec("cards", CARD_COLS,
              "SELECT c.card_number, p.id_number, c.card_type, c.bank, c.issuer_dept, "
              "c.custodian, c.custodian_name, c.consent, c.activated, c.fee_charged, c.fee_note, "
              "c.notes, c.created_at, c.updated_at FROM cards c "
              "JOIN persons p ON p.id = c.person_id "
              "WHERE c.person_id IN (SELECT id FROM x_persons) ORDER BY c.card_number, p.id_number",
              (0, 1)),
    TableSpec("payments", PAYMENT_COLS,
              "SELECT p.id_number, h.hh_no, y.village_code, s.code, y.period, y.standard, "
              "y.amount_due, y.amount_paid, y.paid_date, y.card_number, y.bank, y.status, y.source "
              "FROM payments y JOIN subsidy_items s ON s.id = y.item_id "
              "LEFT JOIN persons p ON p.id = y.person_id "
              "LEFT JOIN households h ON h.id = y.household_id "
              "WHERE y.village_code BETWEEN :p AND :p || '~' "
              "OR y.household_id IN (SELECT id FROM x_hh) "
              "ORDER BY y.id"),
    TableSpec("statements", STATEMENT_COLS,
              "SELECT h.hh_no, p.id_number, s.code, t.period, t.received, t.amount, "
              "t.received_date, t.card_desc, t.notes, t.created_at FROM statements t "
              "JOIN households h ON h.id = t.household_id "
              "JOIN subsidy_items s ON s.id = t.item_id LEFT JOIN persons p ON p.id = t.person_id "
              "WHERE t.household_id IN (SELECT id FROM x_hh) ORDER BY t.id"),
    TableSpec("verifications", VERIFICATION_COLS,
              "SELECT v.id, h.hh_no, v.visit_date, v.verifiers, v.result, v.reason, "
              "v.head_confirmed, v.signature_attachment_id, v.notes, v.created_by, v.created_at "
              "FROM verifications v JOIN households h ON h.id = v.household_id "
              "WHERE v.household_id IN (SELECT id FROM x_hh) ORDER BY v.id"),
    TableSpec("issues", ISSUE_COLS,
              f"SELECT {ISSUE_NO}, h.hh_no, p.id_number, c.card_number, s.code, "
              f"{_q('i', ISSUE_PLAIN)} FROM issues i "
              "LEFT JOIN households h ON h.id = i.household_id "
              "LEFT JOIN persons p ON p.id = i.person_id LEFT JOIN cards c ON c.id = i.card_id "
              f"LEFT JOIN subsidy_items s ON s.id = i.item_id WHERE {SCOPE_ISSUES} "
              "ORDER BY i.issue_no", (0,)),
    TableSpec("issue_events", EVENT_COLS,
              f"SELECT {ISSUE_NO}, e.at, e.by_user, e.action, e.from_status, e.to_status, "
              "e.note, e.data FROM issue_events e JOIN issues i ON i.id = e.issue_id "
              f"WHERE {SCOPE_ISSUES} ORDER BY e.id"),
    TableSpec("publicity", PUBLICITY_COLS,
              "SELECT b.id, b.title, b.item_codes, b.period, b.scope_code, b.issuer, b.start_date, "
              "b.end_date, b.hotlines, b.policy, b.line_count, b.total_amount, "
              "b.file_attachment_id, b.created_by, b.created_at FROM publicity b "
              "WHERE b.scope_code BETWEEN :p AND :p || '~' ORDER BY b.id"),
    TableSpec("postings", POSTING_COLS,
              "SELECT t.publicity_id, t.location, t.posted_from, t.posted_to, "
              "t.photo_attachment_id, t.objections, t.handling, t.recorded_by, t.recorded_at "
              "FROM postings t JOIN publicity b ON b.id = t.publicity_id "
              "WHERE b.scope_code BETWEEN :p AND :p || '~' ORDER BY t.id"),
)
SPEC_BY_NAME = {spec.name: spec for spec in SPECS}

ATTACHMENT_OWNERS = f"""
CREATE TEMP TABLE x_att AS
SELECT a.id AS id, a.owner_table AS owner_table, CASE a.owner_table
    WHEN 'households' THEN (SELECT hh_no FROM households WHERE id = a.owner_id)
    WHEN 'persons' THEN (SELECT id_number FROM persons WHERE id = a.owner_id)
    WHEN 'issues' THEN (SELECT CASE WHEN instr(issue_no, '-') > 0 THEN issue_no
                        ELSE :unit || '-' || issue_no END FROM issues WHERE id = a.owner_id)
    ELSE CAST(a.owner_id AS TEXT) END AS owner_key
FROM attachments a WHERE
    (a.owner_table = 'households' AND a.owner_id IN (SELECT id FROM x_hh))
 OR (a.owner_table = 'persons' AND a.owner_id IN (SELECT id FROM x_persons))
 OR (a.owner_table = 'verifications' AND a.owner_id IN
        (SELECT id FROM verifications WHERE household_id IN (SELECT id FROM x_hh)))
 OR (a.owner_table = 'issues' AND a.owner_id IN (SELECT id FROM issues i WHERE {SCOPE_ISSUES}))
 OR (a.owner_table IN ('publicity') AND a.owner_id IN
        (SELECT id FROM publicity WHERE scope_code BETWEEN :p AND :p || '~'))
 OR a.id IN (SELECT signature_attachment_id FROM verifications
             WHERE household_id IN (SELECT id FROM x_hh))
 OR a.id IN (SELECT file_attachment_id FROM publicity WHERE scope_code BETWEEN :p AND :p || '~')
 OR a.id IN (SELECT t.photo_attachment_id FROM postings t JOIN publicity b
             ON b.id = t.publicity_id WHERE b.scope_code BETWEEN :p AND :p || '~')
"""

ATTACHMENTS_SQL = (
    "SELECT a.id, a.kind, a.filename, a.mime, a.size, a.sha256, a.data, x.owner_table, "
    "x.owner_key, a.created_at, a.created_by FROM attachments a JOIN x_att x ON x.id = a.id "
    "ORDER BY a.id")


def prepare_scope(db: sqlite_utils.Database, prefix: str, ancestors: list[str]) -> None:
    """Temporary tables of the households and persons inside the region ``prefix``."""
    with db.atomic():
        _fill_scope(db, prefix, ancestors)


def _fill_scope(db: sqlite_utils.Database, prefix: str, ancestors: list[str]) -> None:
    for name in ("x_hh", "x_persons", "x_ancestors", "x_att"):
        db.execute(f"DROP TABLE IF EXISTS temp.{name}")
    db.execute("CREATE TEMP TABLE x_ancestors (code TEXT PRIMARY KEY)")
    db.conn.executemany("INSERT OR IGNORE INTO x_ancestors VALUES (?)", [(c,) for c in ancestors])
    db.execute("CREATE TEMP TABLE x_hh (id INTEGER PRIMARY KEY)")
    db.execute("INSERT INTO x_hh SELECT id FROM households "
               "WHERE village_code BETWEEN :p AND :p || '~'",
               {"p": prefix})
    db.execute("CREATE TEMP TABLE x_persons (id INTEGER PRIMARY KEY)")
    db.execute(
        "INSERT OR IGNORE INTO x_persons SELECT person_id FROM members "
        "WHERE household_id IN (SELECT id FROM x_hh)")
    db.execute(
        "INSERT OR IGNORE INTO x_persons SELECT person_id FROM payments "
        "WHERE person_id IS NOT NULL AND (village_code BETWEEN :p AND :p || '~' "
        "OR household_id IN (SELECT id FROM x_hh))", {"p": prefix})
    db.execute(
        "INSERT OR IGNORE INTO x_persons SELECT person_id FROM issues "
        "WHERE person_id IS NOT NULL AND (village_code BETWEEN :p AND :p || '~' "
        "OR household_id IN (SELECT id FROM x_hh))", {"p": prefix})


def code_prefix_of(code: str) -> str:
    return code_prefix(code)
