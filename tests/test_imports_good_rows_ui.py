"""The import dialog (issue 19): an item name is confirmed before it is used, the good rows
land when the officer says so, and the problem rows are saved to send back."""

from __future__ import annotations

import openpyxl
from PySide6.QtWidgets import QMessageBox

from tests.imports_helpers import ROSTER_HEADER, roster_rows, write_xlsx
from ui import file_dialogs
from ui.context import AppContext
from ui.dialogs.import_mapping import ImportMappingDialog


def _wait_job(qtbot, owner) -> None:
    qtbot.waitUntil(lambda: owner.runner is not None and not owner.runner.thread.isRunning(),
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
