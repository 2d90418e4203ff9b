"""A package imported by a logged-in user (issue 14 outside review): the import switches off
per-row foreign keys for its transaction, a pragma the schema guard refuses to raw SQL of every
session; the app's own step must pass it, or no level above could import once it had users."""

from __future__ import annotations

import pytest
from exchange_support import export, make_chain

from ykt_desktop.exchange.importer import import_package
from ykt_desktop.progress import run
from ykt_desktop.security import users
from ykt_desktop.security.session import attach, detach
from ykt_desktop.storage import open_db
from ykt_desktop.unit import get_unit


@pytest.fixture
def chain(tmp_path):
    return make_chain(tmp_path / "chain")


@pytest.mark.parametrize("role", ["county_admin", "township_reviewer"])
def test_a_logged_in_user_imports_a_village_package(chain, tmp_path, role):
    village = next(iter(chain.villages))
    package = export(chain.villages[village], tmp_path / "v.ykt")
    db = open_db(chain.townships[chain.parent[village]])
    town = get_unit(db).code
    users.add_user(db, "admin", "county_admin", "Root1234x", unit_code=town[:6] + "000000")
    if role != "county_admin":
        attach(db, users.log_in(db, "admin", "Root1234x")[0])
        users.add_user(db, "rev", role, "Work4567qz", unit_code=town)
        detach(db)
    name, password = ("admin", "Root1234x") if role == "county_admin" else ("rev", "Work4567qz")
    attach(db, users.log_in(db, name, password)[0])
    result = run(import_package(db, package))
    assert result.outcome == "imported", result.message
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1      # switched back on
    db.close()
