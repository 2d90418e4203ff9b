"""The import dialog (issue 19): an item name is confirmed before it is used, the good rows
land when the officer says so, and the problem rows are saved to send back."""

from __future__ import annotations

import openpyxl
from PySide6.QtWidgets import QMessageBox

from tests.imports_helpers import ROSTER_HEADER, roster_rows, write_xlsx
from ui.checks.import_mapping import ImportMappingDialog
from ui.common import file_dialogs
from ui.context import AppContext


def _wait_job(qtbot, owner) -> None:
    qtbot.waitUntil(lambda: owner.runner is not None and not owner.runner.running,
                    timeout=30000)


def test_good_rows_land_after_yes_and_bad_rows_are_saved(qtbot, demo_db, tmp_path,
                                                         monkeypatch):
    rows = roster_rows(demo_db, 4)
    rows[1][0] = ""                                  # an empty ID
    path = write_xlsx(tmp_path / "r.xlsx", ROSTER_HEADER, rows)
    dialog = ImportMappingDialog(AppContext(demo_db), "roster", path)
    qtbot.addWidget(dialog)
    dialog.run_check()
    _wait_job(qtbot, dialog)
    out = tmp_path / "back.xlsx"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: (str(out), ""))
    dialog.save_rows_button.click()
    sheet = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert sheet[0][-2:] == ("问题", "行号") and [r[-1] for r in sheet[1:]] == [3]
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    dialog.run_import()
    _wait_job(qtbot, dialog)
    assert dialog.result.rows == 3 and list(dialog.result.report.bad_rows) == [3]


def test_item_name_is_confirmed_in_the_dialog(qtbot, demo_db, tmp_path, monkeypatch):
    rows = roster_rows(demo_db, 2)
    for row in rows:
        row[2] = "最低生活保障金"
    path = write_xlsx(tmp_path / "d.xlsx", ROSTER_HEADER, rows)
    dialog = ImportMappingDialog(AppContext(demo_db), "roster", path)
    qtbot.addWidget(dialog)
    asked = []
    monkeypatch.setattr(dialog, "ask_item", lambda text, names: asked.append((text, names))
                        or names[0])
    dialog.run_check()
    _wait_job(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.checked is not None, timeout=30000)
    _wait_job(qtbot, dialog)
    assert asked == [("最低生活保障金", ["城乡居民最低生活保障金"])]
    assert dialog.item_map == {"最低生活保障金": "城乡居民最低生活保障金"}
    assert dialog.checked.report.ok and len(dialog.checked.rows) == 2


def test_rows_contradicting_a_batch_ask_to_replace_it(qtbot, demo_db, tmp_path, monkeypatch):
    """A corrected roster (one amount changed) asks whether it replaces the stored batch; yes
    replaces it, and the month holds the file's rows once (issue 19 review)."""
    from ykt_desktop.imports.run import import_file
    from ykt_desktop.progress import run

    rows = roster_rows(demo_db, 3)
    first = run(import_file(demo_db, "roster", write_xlsx(tmp_path / "a.xlsx", ROSTER_HEADER,
                                                          rows)))
    rows[1][4] = "300.00"
    path = write_xlsx(tmp_path / "b.xlsx", ROSTER_HEADER, rows)
    dialog = ImportMappingDialog(AppContext(demo_db), "roster", path)
    qtbot.addWidget(dialog)
    asked = []
    monkeypatch.setattr(dialog, "ask_replace", lambda batch, n: asked.append((batch, n)) or True)
    dialog.run_check()
    qtbot.waitUntil(lambda: dialog.checked is not None, timeout=30000)
    _wait_job(qtbot, dialog)
    assert asked == [(first.batch_id, 1)] and dialog.replace_batch == first.batch_id
    assert dialog.checked.report.ok and "替换批次" in dialog.summary.text()
    dialog.run_import()
    _wait_job(qtbot, dialog)
    assert sorted(a for a, in demo_db.execute(
        "SELECT amount_paid FROM payments WHERE period = '2026-01'")) == [300, 350, 350]
