"""Death lists and cadre lists: aliases, merged cells, the checks pick them up."""

from __future__ import annotations

import datetime as dt

import openpyxl

from tests.imports_helpers import table_counts, write_xlsx
from ykt_desktop.checks.runner import run_checks
from ykt_desktop.imports.run import import_file
from ykt_desktop.progress import run


def _living_recipient(db):
    return db.execute(
        "SELECT p.id_number, p.name FROM persons p WHERE p.status = 'normal' AND p.id IN "
        "(SELECT person_id FROM payments WHERE period = '2025-12' AND status = 'paid') "
        "AND p.id_number NOT IN (SELECT id_number FROM death_list) "
        "AND p.id_number NOT IN (SELECT id_number FROM cadre_list) ORDER BY p.id LIMIT 2"
    ).fetchall()


def test_death_list_import_feeds_dead_paid(demo_db, tmp_path):
    (number, name), (other, other_name) = _living_recipient(demo_db)
    path = write_xlsx(tmp_path / "deaths.xlsx", ["序号", "死者姓名", "身份证号码", "死亡时间"],
                      [["1", name, number, dt.date(2025, 6, 3)],
                       ["2", other_name, other, "2025年12月5日"]],
                      title="2025年火化人员名单")
    result = run(import_file(demo_db, "deaths", path, default_source="殡葬"))
    assert result.rows == 2
    stored = demo_db.execute("SELECT death_date, source FROM death_list WHERE id_number = ?",
                             [number]).fetchone()
    assert stored == ("2025-06-03", "殡葬")
    found = run(run_checks(demo_db, ["dead_paid"])).results[0].keys
    assert number in found and other not in found      # died in December, paid for December


def test_cadre_list_with_merged_village_cells(demo_db, tmp_path):
    (number, name), (other, other_name) = _living_recipient(demo_db)
    village = demo_db.execute("SELECT name FROM regions WHERE level = 'village' LIMIT 1"
                              ).fetchone()[0]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["村", "姓名", "身份证号", "职务", "与干部关系", "干部身份证号"])
    ws.append([village, name, number, "村主任", "本人", number])
    ws.append([None, other_name, other, "", "配偶", number])
    ws.merge_cells("A2:A3")
    path = tmp_path / "cadres.xlsx"
    wb.save(path)
    before = table_counts(demo_db)
    result = run(import_file(demo_db, "cadres", path))
    assert result.rows == 2
    assert table_counts(demo_db)["cadre_list"] == before["cadre_list"] + 2
    villages = demo_db.execute("SELECT DISTINCT village_code FROM cadre_list WHERE batch_id = ?",
                               [result.batch_id]).fetchall()
    assert len(villages) == 1 and villages[0][0] is not None   # merged cell filled down
