"""Roles x actions: every pair checked, and writes refused by the connection itself."""

from __future__ import annotations

import pytest

from ykt_desktop.security import display, roles
from ykt_desktop.security.session import PermissionDenied, Session, attach, authorize, detach
from ykt_desktop.storage import DB_ERRORS

VILLAGE_A, VILLAGE_B, VILLAGE_C = "420999100200", "420999100201", "420999101200"
TOWNSHIP_A = "420999100000"

# Written out by hand (not derived from roles.PERMISSIONS) so a change to the table fails here.
EXPECTED = {
    "village_clerk": {"write", "import", "export", "sign", "view_full_numbers", "backup"},
    "township_reviewer": {"write", "import", "export", "sign", "review", "view_full_numbers",
                          "view_audit", "backup", "view_complainant"},
    "county_admin": {"write", "import", "export", "sign", "review", "view_full_numbers",
                     "view_audit", "manage_users", "backup", "restore", "settings",
                     "view_complainant"},
    "inspector": {"view_audit"},
}
UNITS = {"village_clerk": VILLAGE_A, "township_reviewer": TOWNSHIP_A,
         "county_admin": "420999000000", "inspector": ""}


@pytest.mark.parametrize("role", sorted(roles.ROLES))
@pytest.mark.parametrize("action", sorted(roles.ACTIONS))
def test_every_role_action_pair(empty_db, role, action):
    attach(empty_db, Session("u", role, UNITS[role]))
    if action in EXPECTED[role]:
        authorize(empty_db, action)
    else:
        with pytest.raises(PermissionDenied, match="权限不足"):
            authorize(empty_db, action)
    # whole numbers only inside the role's own region; an unknown region counts as outside
    whole = "view_full_numbers" in EXPECTED[role]
    assert display.can_see_full_numbers(empty_db, VILLAGE_A) == whole
    assert display.can_see_full_numbers(empty_db) == (whole and role == "county_admin")
    assert display.can_see_full_numbers(empty_db, VILLAGE_C) == (whole and role == "county_admin")


def test_region_scope_of_actions(empty_db):
    attach(empty_db, Session("c", "village_clerk", VILLAGE_A))
    authorize(empty_db, "export", VILLAGE_A)
    with pytest.raises(PermissionDenied, match=VILLAGE_A):
        authorize(empty_db, "export", VILLAGE_B)
    attach(empty_db, Session("t", "township_reviewer", TOWNSHIP_A))
    authorize(empty_db, "sign", VILLAGE_B)
    with pytest.raises(PermissionDenied):
        authorize(empty_db, "sign", VILLAGE_C)
    detach(empty_db)
    authorize(empty_db, "manage_users")   # no session: the operator's command line


def _household(db, village):
    return db.execute("SELECT id FROM households WHERE village_code = ? LIMIT 1",
                      [village]).fetchone()[0]


def _person(db, village):
    """A person of ``village`` only (one in two villages may be edited from either)."""
    return db.execute("SELECT m.person_id FROM members m JOIN households h "
                      "ON h.id = m.household_id GROUP BY m.person_id "
                      "HAVING min(h.village_code) = ? AND max(h.village_code) = ? "
                      "AND m.person_id IN (SELECT person_id FROM cards) LIMIT 1",
                      [village, village]).fetchone()[0]


def _writes(db, village):
    """Each write a data-entry screen would do, for a record in ``village``."""
    hh, pid = _household(db, village), _person(db, village)
    card = db.execute("SELECT id FROM cards WHERE person_id = ? UNION ALL "
                      "SELECT -1 LIMIT 1", [pid]).fetchone()[0]
    assert card > 0
    pay = db.execute("SELECT id FROM payments WHERE village_code = ? LIMIT 1",
                     [village]).fetchone()[0]
    return {
        "household": ("UPDATE households SET notes = 'x' WHERE id = ?", [hh]),
        "person": ("UPDATE persons SET notes = 'x' WHERE id = ?", [pid]),
        "card": ("UPDATE cards SET notes = 'x' WHERE id = ?", [card]),
        "payment": ("UPDATE payments SET amount_paid = amount_paid + 1 WHERE id = ?", [pay]),
        "member": ("DELETE FROM members WHERE household_id = ? AND person_id = ?", [hh, pid]),
        "statement": ("INSERT INTO statements(household_id, item_id, period) "
                      "VALUES (?, (SELECT min(id) FROM subsidy_items), '2025-01')", [hh]),
        "new_household": ("INSERT INTO households(hh_no, village_code) VALUES (?, ?)",
                          [f"T{village}", village]),
    }


def _try(db, sql, args):
    try:
        with db.atomic():
            db.execute(sql, args)
        return True
    except DB_ERRORS as exc:
        assert "权限不足" in str(exc) or "not authorized" in str(exc)
        return False


@pytest.mark.parametrize(("role", "unit", "own", "other"), [
    ("village_clerk", VILLAGE_A, VILLAGE_A, VILLAGE_B),
    ("township_reviewer", TOWNSHIP_A, VILLAGE_B, VILLAGE_C),
])
def test_confined_roles_write_only_inside(demo_db, role, unit, own, other):
    attach(demo_db, Session("u1", role, unit))
    for name, (sql, args) in _writes(demo_db, own).items():
        assert _try(demo_db, sql, args), f"{role} should write {name} in {own}"
    for name, (sql, args) in _writes(demo_db, other).items():
        assert not _try(demo_db, sql, args), f"{role} must not write {name} in {other}"
    moved = ("UPDATE households SET village_code = ? WHERE id = ?",
             [other, _household(demo_db, own)])
    assert not _try(demo_db, *moved), "moving a household out of scope"


def test_inspector_cannot_write_anything(demo_db):
    attach(demo_db, Session("jj", "inspector"))
    for sql, args in [*_writes(demo_db, VILLAGE_A).values(),
                      ("DELETE FROM issues", []), ("UPDATE users SET role = 'county_admin'", []),
                      ("INSERT INTO settings VALUES ('x', '1')", []),
                      ("DROP TABLE cadre_list", []), ("DELETE FROM findings", [])]:
        assert not _try(demo_db, sql, args), sql
    assert demo_db.execute("SELECT count(*) FROM households").fetchone()[0] == 90
    detach(demo_db)
    assert _try(demo_db, "UPDATE households SET notes = 'ok' WHERE id = 1", [])


def test_county_admin_writes_everywhere(demo_db):
    attach(demo_db, Session("admin", "county_admin", "420999000000"))
    for village in (VILLAGE_A, VILLAGE_C):
        for name, (sql, args) in _writes(demo_db, village).items():
            assert _try(demo_db, sql, args), name


def test_only_admin_manages_users_and_policy(empty_db):
    empty_db.execute("INSERT INTO users(username, role, unit_code) VALUES "
                     "('a', 'village_clerk', ?), ('b', 'village_clerk', ?)", [VILLAGE_A, VILLAGE_A])
    attach(empty_db, Session("a", "village_clerk", VILLAGE_A))
    assert _try(empty_db, "UPDATE users SET must_change = 0 WHERE username = 'a'", [])
    assert not _try(empty_db, "UPDATE users SET role = 'county_admin' WHERE username = 'a'", [])
    assert not _try(empty_db, "UPDATE users SET must_change = 0 WHERE username = 'b'", [])
    assert not _try(empty_db, "INSERT INTO users(username, role) VALUES ('c', 'inspector')", [])
    assert not _try(empty_db, "INSERT INTO settings VALUES ('masking_policy', '{}')", [])
    assert _try(empty_db, "INSERT INTO settings VALUES ('ui.last_page', '1')", [])
    attach(empty_db, Session("root", "county_admin", "420999000000"))
    assert _try(empty_db, "INSERT INTO settings VALUES ('masking_policy', '{}')", [])
    assert _try(empty_db, "INSERT INTO users(username, role) VALUES ('c', 'inspector')", [])


def test_inspector_cannot_sign(county_db):
    from ykt_desktop.db_errors import explain
    from ykt_desktop.unit_keys import ensure_unit_key

    ensure_unit_key(county_db)
    attach(county_db, Session("jj", "inspector"))
    with pytest.raises(DB_ERRORS) as info:
        county_db.execute("SELECT key_pem FROM unit_keys").fetchall()
    assert "不能签章" in explain(info.value)
    assert county_db.execute("SELECT fingerprint FROM unit_keys").fetchone()[0]
