"""A job's 取消 is noticed at its next step. An import that yielded a step after its commit
reported "cancelled" for a file that was written when 取消 came during the commit (code
review): the officer was told nothing was imported, and importing again was refused as a
repeat. Every step of an import now comes before its transaction commits."""

from __future__ import annotations

import sqlite3

import openpyxl

from tests.conftest import copy_db
from ykt_desktop.imports.run import import_file
from ykt_desktop.storage import open_db


def _roster(db, path) -> None:
    people = db.execute("SELECT id_number, name FROM persons WHERE status = 'normal' "
                        "AND id IN (SELECT person_id FROM members) ORDER BY id LIMIT 30"
                        ).fetchall()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "公民身份号码", "补贴项目名称", "发放月份", "实发金额"])
    for name_number in people:
        number, name = name_number
        ws.append([name, number, "城乡居民最低生活保障金", "2026-02", 350])
    for row in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        row[0].data_type = "s"
    wb.save(path)


def test_no_step_is_yielded_after_the_import_commits(demo_path, tmp_path):
    path = copy_db(demo_path, tmp_path / "c.db")
    db = open_db(path)
    xlsx = tmp_path / "roster.xlsx"
    _roster(db, xlsx)
    other = sqlite3.connect(path)       # sees only what is committed
    batches = "SELECT count(*) FROM import_batches WHERE kind = 'roster'"
    before = other.execute(batches).fetchone()[0]
    job = import_file(db, "roster", xlsx)
    steps = 0
    try:
        while True:
            next(job)
            steps += 1
            assert other.execute(batches).fetchone()[0] == before, \
                f"step {steps} came after the import was committed"
    except StopIteration as done:
        assert done.value.rows == 30
    assert steps > 0
    assert other.execute(batches).fetchone()[0] == before + 1
    other.close()
    db.close()
