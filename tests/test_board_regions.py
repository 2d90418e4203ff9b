"""The completeness board lists every unit below from the region tree (issue 19): a new
township loads its village list and shows all villages as 未报 until their first package."""

from __future__ import annotations

import pytest

from ykt_desktop.exchange.board import board
from ykt_desktop.region_list import RegionListError, import_region_list
from ykt_desktop.storage import open_db
from ykt_desktop.unit_setup import init_unit

LIST = """区划代码,名称
420999100201,东风村
420999100202,西风村
420999100203,南风村
420999101201,别镇的村
420999100203001,南风村一组
"""


@pytest.fixture
def township(tmp_path):
    db = open_db(tmp_path / "town.db")
    init_unit(db, level="township", code="420999100000", name="城关镇")
    yield db
    db.close()


def test_new_township_lists_every_village_as_not_reported(township, tmp_path):
    assert board(township, "2026-01") == []
    path = tmp_path / "villages.csv"
    path.write_text(LIST, encoding="utf-8")
    result = import_region_list(township, path)
    assert result.added == {"village": 3, "group": 1}
    assert len(result.skipped) == 1 and "420999101201" in result.skipped[0]
    rows = board(township, "2026-01")
    assert [(r.unit_code, r.status) for r in rows] == [
        ("420999100201", "missing"), ("420999100202", "missing"), ("420999100203", "missing")]
    assert rows[0].status_label == "未报"


def test_county_lists_its_townships(tmp_path):
    db = open_db(tmp_path / "county.db")
    init_unit(db, level="county", code="420999000000", name="演示县")
    path = tmp_path / "towns.csv"
    path.write_text("区划代码,名称\n420999100000,城关镇\n420999101000,河口镇\n", encoding="utf-8")
    import_region_list(db, path)
    assert {r.unit_code for r in board(db, "2026-01") if r.level == "township"} == {
        "420999100000", "420999101000"}
    db.close()


def test_bad_code_names_file_row_and_column(township, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("区划代码,名称\n42099910020,东风村\n", encoding="utf-8")
    with pytest.raises(RegionListError, match=r"bad.csv，第2行，A列：“42099910020”"):
        import_region_list(township, path)


def test_a_repeated_code_is_refused_naming_both_rows(township, tmp_path):
    """A later row with the same code renamed the village silently (issue 19 review)."""
    path = tmp_path / "dup.csv"
    path.write_text("区划代码,名称\n420999100201,东风村\n420999100202,西风村\n"
                    "420999100201,北风村\n", encoding="utf-8")
    with pytest.raises(RegionListError, match=r"dup.csv，第4行，A列：区划代码“420999100201”与第2行"
                                              r"重复，名称却不同（第2行“东风村”，本行“北风村”）"):
        import_region_list(township, path)
    assert township.execute("SELECT count(*) FROM regions WHERE level = 'village'"
                            ).fetchone()[0] == 0
    path.write_text("区划代码,名称\n420999100201,东风村\n420999100201,东风村\n", encoding="utf-8")
    result = import_region_list(township, path)
    assert result.added == {"village": 1} and "与第2行重复" in result.skipped[0]
