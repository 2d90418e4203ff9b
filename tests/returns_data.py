"""Issues added to the small demo county so every return has numbers to check (shared by the
tests/test_returns_*.py modules)."""

from __future__ import annotations

import sqlite_utils

from ykt_desktop.ledger.issues import NewIssue, create_issue

# (category, item code, amount, status, recovered, returned, extra issue columns)
ISSUES = [
    ("tanwu", "dibao", 1200.0, "closed", 800.0, 400.0, {"referred": 1, "party_sanctions": 1}),
    ("xubao", "dibao", 3500.0, "rectifying", 1000.0, 0.0, {"gov_sanctions": 1}),
    ("jieliu", "gaoling_80", 600.0, "registered", 0.0, 0.0, {}),
    ("chaobiao", "gengdi", 945.0, "closed", 945.0, 0.0, {"exposed": 1, "exposed_persons": 2}),
    ("buji_shi", "gaoling_80", 300.0, "registered", 0.0, 0.0, {}),
    ("gongshi", "gengdi", 0.0, "rectifying", 0.0, 0.0, {}),
    ("daiguan", "tekun", 0.0, "closed", 0.0, 0.0, {"self_reported_persons": 1,
                                                   "self_returned_amount": 150.0}),
    ("daiguan", "dibao", 0.0, "registered", 0.0, 0.0, {}),
    ("ying_xiang_wei_xiang", "gaoling_80", 1200.0, "registered", 0.0, 0.0, {}),
    ("ying_tui_wei_tui", "dibao", 4200.0, "reopened", 0.0, 2100.0, {}),
    ("yirenduoka", "kunnan_canji", 0.0, "registered", 0.0, 0.0, {}),
    ("shoufei", "gengdi", 20.0, "closed", 0.0, 20.0, {}),
    ("youqin", "tekun", 900.0, "registered", 0.0, 0.0, {}),
    ("qita", "zhongdu_canji", 50.0, "registered", 0.0, 0.0, {}),
    ("renkafenli", "dibao", 0.0, "registered", 0.0, 0.0, {}),
]


def add_issues(db: sqlite_utils.Database) -> list[int]:
    """Register the ISSUES against real paid beneficiaries of the demo (spread over villages)."""
    ids = []
    for n, (cat, item, amount, status, recovered, returned, extra) in enumerate(ISSUES):
        row = db.execute(
            "SELECT p.person_id, p.household_id, p.village_code, p.item_id FROM payments p "
            "JOIN subsidy_items s ON s.id = p.item_id WHERE s.code = ? AND p.village_code = "
            "(SELECT code FROM regions WHERE level = 'village' ORDER BY code LIMIT 1 OFFSET ?) "
            "ORDER BY p.id LIMIT 1", [item, n % 3]).fetchone() or db.execute(
            "SELECT p.person_id, p.household_id, p.village_code, p.item_id FROM payments p "
            "JOIN subsidy_items s ON s.id = p.item_id WHERE s.code = ? ORDER BY p.id LIMIT 1",
            [item]).fetchone()
        if row is None:
            row = db.execute("SELECT NULL, h.id, h.village_code, s.id FROM households h, "
                             "subsidy_items s WHERE s.code = ? ORDER BY h.id LIMIT 1",
                             [item]).fetchone()
        issue_id = create_issue(db, NewIssue(
            category=cat, description=f"测试问题{n + 1}：{cat}", village_code=row[2],
            household_id=row[1], person_id=row[0], item_id=row[3], amount=amount,
            responsible_unit="城关镇", responsible_person="李四", measure="=追回资金",
            deadline="2026-12-31"))
        sets = {"status": status, "recovered_amount": recovered, "returned_amount": returned,
                "created_at": "2025-06-15 10:00:00", **extra}   # returns of 2025 hold them
        db.execute(f"UPDATE issues SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?",
                   [*sets.values(), issue_id])
        ids.append(issue_id)
    return ids
