"""A list file is parsed once per import (issue 13): the CLI's import, the UI's preview, 检查
and 导入, and the job's check then import all read the sheet once; the check's result is
written as it is only while the file and the database are unchanged."""

from __future__ import annotations

import pytest

from tests.imports_helpers import roster_rows, write_xlsx
from ui.checks.import_mapping import ImportMappingDialog
from ui.context import AppContext
from ykt_desktop.cli import main
from ykt_desktop.imports import reader
from ykt_desktop.imports.run import check_file, import_file
from ykt_desktop.progress import run

HEADER = ["公民身份号码", "姓名", "项目名称", "发放月份", "实发金额", "发放日期", "银行账号",
          "代理银行", "发放状态"]


@pytest.fixture()
def parses(monkeypatch) -> list[str]:
    """Every time a workbook is opened for its rows (the guard and calamine's load)."""
    seen: list[str] = []
    real = reader._workbook

    def counted(path):
        seen.append(path.name)
        return real(path)

    monkeypatch.setattr(reader, "_workbook", counted)
    return seen


def _roster(db, tmp_path, name: str = "roster.xlsx", period: str = "2026-01"):
    return write_xlsx(tmp_path / name, HEADER, roster_rows(db, 30, period))


def _payments(db) -> int:
    return db.execute("SELECT count(*) FROM payments").fetchone()[0]


def test_cli_import_parses_once(demo_db, demo_path, tmp_path, parses, capsys):
    path = _roster(demo_db, tmp_path)
    before = _payments(demo_db)
    assert main(["import-roster", "--db", str(demo_path), str(path)]) == 0
    assert "第1行是表头" in capsys.readouterr().out        # the preview, from the same read
    assert parses == ["roster.xlsx"]
    assert _payments(demo_db) == before + 30
    cards = demo_db.execute(
        "SELECT count(card_id), total(card_id IS NOT (SELECT min(c.id) FROM cards c "
        "WHERE c.card_number = payments.card_number)) FROM payments WHERE batch_id = "
        "(SELECT max(id) FROM import_batches)").fetchone()
    assert cards == (30, 0)             # each row's card id looked up by the insert


def test_cli_check_only_parses_once(demo_db, demo_path, tmp_path, parses):
    path = _roster(demo_db, tmp_path)
    assert main(["import-roster", "--db", str(demo_path), str(path), "--check-only"]) == 0
    assert parses == ["roster.xlsx"]


def test_job_check_then_import_parses_once(demo_db, tmp_path, parses):
    path = _roster(demo_db, tmp_path)
    before = _payments(demo_db)
    checked = run(check_file(demo_db, "roster", path))
    result = run(import_file(demo_db, "roster", path, checked=checked))
    assert parses == ["roster.xlsx"] and result.rows == 30
    assert _payments(demo_db) == before + 30


def test_a_changed_database_or_file_or_option_is_checked_again(demo_db, tmp_path, parses):
    path = _roster(demo_db, tmp_path)
    other = _roster(demo_db, tmp_path, "other.xlsx", "2026-02")
    checked = run(check_file(demo_db, "roster", path))
    run(import_file(demo_db, "roster", other))              # the database changed since
    result = run(import_file(demo_db, "roster", path, checked=checked))
    assert parses == ["roster.xlsx", "other.xlsx", "roster.xlsx"] and result.rows == 30
    parses.clear()
    third = _roster(demo_db, tmp_path, "third.xlsx", "2026-03")
    checked = run(check_file(demo_db, "roster", third))
    _roster(demo_db, tmp_path, "third.xlsx", "2026-04")      # the file was replaced
    run(import_file(demo_db, "roster", third, checked=checked))
    assert parses == ["third.xlsx", "third.xlsx"]
    assert demo_db.execute("SELECT count(*) FROM payments WHERE period = '2026-04'"
                           ).fetchone()[0] == 30                 # what the file says now
    parses.clear()
    fourth = _roster(demo_db, tmp_path, "fourth.xlsx", "2026-05")
    checked = run(check_file(demo_db, "roster", fourth))
    run(import_file(demo_db, "roster", fourth, checked=checked, skip_unknown=True))
    assert parses == ["fourth.xlsx", "fourth.xlsx"]            # other options: checked again


def test_dialog_preview_check_and_import_parse_once(qtbot, demo_db, tmp_path, parses):
    path = _roster(demo_db, tmp_path)
    before = _payments(demo_db)
    dialog = ImportMappingDialog(AppContext(demo_db), "roster", path)
    qtbot.addWidget(dialog)
    dialog.run_check()
    qtbot.waitUntil(lambda: not dialog.runner.running, timeout=30000)
    assert dialog.import_button.isEnabled(), dialog.summary.text()
    dialog.run_import()
    qtbot.waitUntil(lambda: not dialog.runner.running, timeout=30000)
    assert dialog.result.rows == 30 and _payments(demo_db) == before + 30
    assert parses == ["roster.xlsx"]
