"""A refused ``slice-unit`` leaves no file (issue 14 outside review: a village clerk slicing
another village was refused, yet an empty database of that village and its head file stayed)."""

from __future__ import annotations

import pytest

from ykt_desktop.exchange.split import slice_unit
from ykt_desktop.progress import run
from ykt_desktop.security import users
from ykt_desktop.security.session import PermissionDenied, attach

VILLAGE_A, VILLAGE_B = "420999100200", "420999100201"


def test_a_clerk_slicing_another_village_leaves_no_file(demo_db, tmp_path):
    users.add_user(demo_db, "admin", "county_admin", "Root1234x", unit_code="420999000000")
    attach(demo_db, users.log_in(demo_db, "admin", "Root1234x")[0])
    users.add_user(demo_db, "clerk", "village_clerk", "Work4567qz", unit_code=VILLAGE_A)
    attach(demo_db, users.log_in(demo_db, "clerk", "Work4567qz")[0])
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "b.db"
    with pytest.raises(PermissionDenied):
        run(slice_unit(demo_db, VILLAGE_B, out))
    assert list((tmp_path / "out").iterdir()) == []
