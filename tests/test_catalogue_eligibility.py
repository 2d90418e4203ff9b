"""catalogue set-eligibility: an item's conditions changed in an existing database, audited,
and used by the next check (issue 19 review)."""

from __future__ import annotations

import json

import pytest

from ykt_desktop.catalogue_eligibility import EligibilityError, set_eligibility
from ykt_desktop.cli import main
from ykt_desktop.storage import open_db


def _eligibility(db, code):
    return json.loads(db.execute("SELECT eligibility FROM subsidy_items WHERE code = ?",
                                 [code]).fetchone()[0])


def test_cli_sets_and_clears_conditions_audited(demo_path, capsys):
    code = main(["catalogue", "set-eligibility", "kunnan_canji", "--db", str(demo_path),
                 "--requires-items", "dibao", "--requires-household", "是", "--min-age", "16"])
    out = capsys.readouterr().out
    assert code == 0 and "本户同期有人享受城乡居民最低生活保障金" in out and "16周岁以上" in out
    db = open_db(demo_path)
    try:
        rules = _eligibility(db, "kunnan_canji")
        assert rules["requires_items"] == ["dibao"] and rules["requires_household"] is True
        assert rules["disability_grades"] == ["一级", "二级", "三级", "四级"]   # kept
        entry = db.execute("SELECT before, after FROM audit_log WHERE action = "
                           "'catalogue-eligibility' ORDER BY id DESC").fetchone()
        assert "requires_items" not in entry[0] and "dibao" in entry[1]
    finally:
        db.close()
    assert main(["catalogue", "set-eligibility", "kunnan_canji", "--db", str(demo_path),
                 "--min-age", "无"]) == 0
    db = open_db(demo_path)
    try:
        assert "min_age" not in _eligibility(db, "kunnan_canji")
    finally:
        db.close()


def test_bad_values_refused_in_chinese(demo_db):
    before = _eligibility(demo_db, "gaoling_80")
    with pytest.raises(EligibilityError, match="不在清单中"):
        set_eligibility(demo_db, "kunnan_canji", {"requires_items": ["dibaoo"]})
    with pytest.raises(EligibilityError, match="最低年龄90大于最高年龄80"):
        set_eligibility(demo_db, "gaoling_80", {"min_age": 90, "max_age": 80})
    with pytest.raises(EligibilityError, match="没有代码或名称"):
        set_eligibility(demo_db, "nothing", {"min_age": 1})
    assert _eligibility(demo_db, "gaoling_80") == before


def test_lowered_age_found_by_the_next_check(tiny_case):
    """高龄津贴 from 80: a person of 78 paid it is 超范围; with the county's own rule of 75
    (set-eligibility) the same payment is not."""
    db, number = tiny_case
    from ykt_desktop.checks.runner import run_checks
    from ykt_desktop.progress import run

    def found():
        return run(run_checks(db, ["ineligible_paid"])).results[0].keys

    assert found() == {f"{number}|gaoling_80|2026-01"}
    set_eligibility(db, "gaoling_80", {"min_age": 75})
    assert found() == set()


@pytest.fixture
def tiny_case(county_db):
    import datetime as dt

    from tests.checks_helpers import Tiny

    tiny = Tiny(county_db)
    hh = tiny.household()
    pid, number = tiny.person(hh, born=dt.date(1947, 6, 1))
    tiny.pay(pid, hh, "gaoling_80", "2026-01", std=100)
    return county_db, number
