"""Enrolment under a logged-in session (review of issue 14): the county administrator builds
the root and issues; the unit's administrator or signing role installs its certificate; a clerk
of another unit's level or an inspector is refused."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from ykt_desktop.pki import enrol
from ykt_desktop.pki.errors import PkiError
from ykt_desktop.security import passwords, users
from ykt_desktop.security.session import PermissionDenied, attach
from ykt_desktop.storage import open_db
from ykt_desktop.unit_keys import active_unit_key
from ykt_desktop.unit_setup import init_unit

COUNTY, TOWN = "420999000000", "420999100000"
PASSWORD = "Pass1234x"


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    monkeypatch.setattr(passwords, "_HASHER",
                        PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def _unit(path, level, code, name, people):
    db = open_db(path)
    init_unit(db, level=level, code=code, name=name)
    for username, role, unit in people:
        users.add_user(db, username, role, PASSWORD, unit_code=unit, must_change=False)
    return db


def _as(db, username):
    attach(db, users.log_in(db, username, PASSWORD)[0])


def test_county_admin_builds_root_and_issues_township_reviewer_installs(tmp_path):
    county = _unit(tmp_path / "c.db", "county", COUNTY, "测试县",
                   [("admin", "county_admin", COUNTY), ("insp", "inspector", COUNTY)])
    _as(county, "insp")
    with pytest.raises((PkiError, PermissionDenied)):
        enrol.init_root(county)
    _as(county, "admin")
    root = enrol.init_root(county)
    assert active_unit_key(county).chain_pem          # the county's own key is enrolled
    town = _unit(tmp_path / "t.db", "township", TOWN, "测试镇",
                 [("admin", "county_admin", COUNTY), ("rev", "township_reviewer", TOWN),
                  ("insp", "inspector", COUNTY)])
    request = enrol.make_request(town)
    bundle = enrol.issue(county, request)
    _as(town, "insp")
    with pytest.raises((PkiError, PermissionDenied)):
        enrol.install(town, bundle)
    _as(town, "rev")
    leaf = enrol.install(town, bundle)
    assert leaf.issuer == root.subject
    assert active_unit_key(town).chain_pem


@pytest.mark.parametrize("username", ["clerk", "rev"])
def test_only_an_administrator_changes_the_unit(tmp_path, username):
    """Review 2 of issue 14: a clerk or reviewer renamed the county (``init``) and raw
    ``UPDATE settings ... WHERE key = 'unit'`` was allowed to them."""
    from ykt_desktop.unit import get_unit

    db = _unit(tmp_path / "c.db", "county", COUNTY, "测试县",
               [("admin", "county_admin", COUNTY), ("clerk", "village_clerk", "420999100200"),
                ("rev", "township_reviewer", TOWN)])
    _as(db, username)
    with pytest.raises(PermissionDenied):
        init_unit(db, level="county", code=COUNTY, name="改名县")
    for sql in ("UPDATE settings SET value = 'x' WHERE key = 'unit'",
                "DELETE FROM settings WHERE key = 'unit'"):
        with pytest.raises(Exception, match="权限不足"):
            db.execute(sql)
    assert get_unit(db).name == "测试县"
    _as(db, "admin")
    assert init_unit(db, level="county", code=COUNTY, name="改名县").name == "改名县"
