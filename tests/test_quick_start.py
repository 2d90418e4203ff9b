"""The manual's quick start agrees with the demo it names (issue 18): the practice demo
(`main.py --demo-writable`: 12 villages × 100 households, every check run) has the household the
manual points to, its form lists problems to raise, and the 公示 page opens on the period the
manual says."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui.app import parse_args
from ykt_desktop.demo.generator import DemoParams
from ykt_desktop.demo.training import training_demo
from ykt_desktop.households.load import load_household
from ykt_desktop.households.problems import candidate_issues
from ykt_desktop.households.search import HouseholdFilter, search_ids
from ykt_desktop.periods import default_period
from ykt_desktop.progress import run
from ykt_desktop.storage import open_db

MANUAL = Path(__file__).resolve().parent.parent / "docs" / "用户手册.md"


@pytest.mark.slow
def test_quick_start_walks_on_the_practice_demo(tmp_path):
    quick = MANUAL.read_text(encoding="utf-8").split("### 从全新的数据库开始")[0]
    args = parse_args(["--demo-writable"])
    db = open_db(tmp_path / "demo.db")
    run(training_demo(db, DemoParams(villages=args.demo_villages,
                                     households_per_village=args.demo_households)))
    hid, head = db.execute(
        "SELECT h.id, p.name FROM households h JOIN persons p ON p.id = h.head_person_id "
        "WHERE h.hh_no = '4209991002000001'").fetchone()
    assert f"户主{head}" in quick and "`hwm`" in quick
    assert hid in search_ids(db, HouseholdFilter(village="420999100200", text="hwm"))
    candidates = candidate_issues(db, load_household(db, hid))
    names = dict(db.execute("SELECT code, name FROM issue_categories"))
    assert candidates and all(names[c.category] in quick for c in candidates[:2])
    assert f"`{default_period(db)}`" in quick
