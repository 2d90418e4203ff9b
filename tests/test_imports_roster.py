"""Roster imports: mapping by aliases below a title row, one transaction, remembered mapping."""

from __future__ import annotations

import pytest

from tests.imports_helpers import ROSTER_HEADER, roster_rows, table_counts, write_xlsx
from ykt_desktop.imports.errors import ImportFileError, ImportRefused
from ykt_desktop.imports.preview import parse_mapping_arg, preview_file
from ykt_desktop.imports.run import check_file, import_file
from ykt_desktop.progress import run


def test_roster_with_title_row_imports_whole(demo_db, tmp_path):
    rows = roster_rows(demo_db, 6)
    rows[1][8] = "发放失败"
    rows[2][0] = "  " + rows[2][0].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    path = write_xlsx(tmp_path / "roster.xlsx", ROSTER_HEADER, rows, title="2026年1月低保发放名册")
    preview = preview_file(demo_db, "roster", path)
    assert preview.header_row == 3
    assert preview.mapping["id_number"] == "公民身份号码"
    assert preview.mapping["amount"] == "实发金额（元）"
    before = table_counts(demo_db)
    result = run(import_file(demo_db, "roster", path))
    assert result.rows == 6 and result.report.errors == 0
    after = table_counts(demo_db)
    assert after["payments"] == before["payments"] + 6
    failed = demo_db.execute("SELECT status, amount_paid, amount_due, card_id FROM payments "
                             "WHERE batch_id = ? ORDER BY id", [result.batch_id]).fetchall()
    assert [r[0] for r in failed].count("failed") == 1
    assert all(r[3] is not None for r in failed)          # cards resolved from the card number
    assert next(r for r in failed if r[0] == "failed")[1:3] == (0.0, 350.0)
    # the mapping is remembered for the next file of the same shape
    again = preview_file(demo_db, "roster", path)
    assert again.remembered


def test_same_file_twice_is_refused(demo_db, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", ROSTER_HEADER, roster_rows(demo_db, 3))
    run(import_file(demo_db, "roster", path))
    before = table_counts(demo_db)
    with pytest.raises(ImportRefused, match="不能重复导入"):
        run(import_file(demo_db, "roster", path))
    assert table_counts(demo_db) == before


def test_unknown_person_blocks_unless_skipped(demo_db, tmp_path):
    rows = roster_rows(demo_db, 3)
    rows.append(["110101199001011237", "外人", "城乡居民最低生活保障金", "2026-01", "350", "",
                 "", "", "成功"])
    path = write_xlsx(tmp_path / "r.xlsx", ROSTER_HEADER, rows)
    before = table_counts(demo_db)
    with pytest.raises(ImportRefused, match="本单位没有此人"):
        run(import_file(demo_db, "roster", path))
    assert table_counts(demo_db) == before
    result = run(import_file(demo_db, "roster", path, skip_unknown=True))
    assert result.rows == 3 and result.report.warnings >= 1


def test_csv_with_explicit_mapping(demo_db, tmp_path):
    rows = roster_rows(demo_db, 2)
    lines = ["证件,项目,月份,钱"] + [f"{r[0]},{r[2]},2026年1月,350" for r in rows]
    path = tmp_path / "r.csv"
    path.write_text("\n".join(lines), encoding="gb18030")
    with pytest.raises(ImportFileError, match="缺少必需的列"):
        run(check_file(demo_db, "roster", path, {"id_number": "证件", "item": "项目"}))
    mapping = parse_mapping_arg("id_number=证件,item=项目,period=月份,amount=钱")
    result = run(import_file(demo_db, "roster", path, mapping))
    periods = demo_db.execute("SELECT DISTINCT period FROM payments WHERE batch_id = ?",
                              [result.batch_id]).fetchall()
    assert periods == [("2026-01",)]


def test_many_ids_through_temp_table_commit(demo_db, demo_path, tmp_path, monkeypatch):
    import sqlite3

    from ykt_desktop.imports import resolve

    monkeypatch.setattr(resolve, "TEMP_ABOVE", 0)        # the big-file path on a small file
    path = write_xlsx(tmp_path / "r.xlsx", ROSTER_HEADER, roster_rows(demo_db, 5))
    checked = run(check_file(demo_db, "roster", path))
    assert checked.report.ok and not demo_db.conn.in_transaction
    result = run(import_file(demo_db, "roster", path))
    assert not demo_db.conn.in_transaction
    other = sqlite3.connect(str(demo_path))
    assert other.execute("SELECT count(*) FROM payments WHERE batch_id = ?",
                         [result.batch_id]).fetchone() == (5,)
    other.close()
