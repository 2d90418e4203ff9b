"""A return filled by a session confined to a region holds that region only (issue 14 review:
a 村级录入员 filling the township's return through the command line saw every village's row)."""

from __future__ import annotations

import pytest

from ykt_desktop.returns.engine import fill
from ykt_desktop.returns.template import get_template
from ykt_desktop.security import users
from ykt_desktop.security.session import PermissionDenied, attach

TOWNSHIP_A, VILLAGE_A, VILLAGE_B = "420999100000", "420999100200", "420999100201"


def test_a_clerk_gets_its_village_return_and_not_another(demo_db):
    template = get_template("tianmen_wenti_tongji")
    whole = fill(demo_db, template, TOWNSHIP_A, "2025")
    users.add_user(demo_db, "admin", "county_admin", "Root1234x", unit_code="420999000000")
    attach(demo_db, users.log_in(demo_db, "admin", "Root1234x")[0])
    users.add_user(demo_db, "clerk", "village_clerk", "Work4567qz", unit_code=VILLAGE_A)
    attach(demo_db, users.log_in(demo_db, "clerk", "Work4567qz")[0])
    mine = fill(demo_db, template, TOWNSHIP_A, "2025")
    assert mine.unit_code == VILLAGE_A and whole.unit_code == TOWNSHIP_A
    assert mine.unit_name != whole.unit_name
    with pytest.raises(PermissionDenied, match="只能查看本单位"):
        fill(demo_db, template, VILLAGE_B, "2025")
