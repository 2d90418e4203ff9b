"""File dialogs start in the folder used last (or 文档), never in the program's folder."""

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog

from ui.common import file_dialogs


def test_dialogs_start_in_the_last_folder(qtbot, tmp_path, monkeypatch):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(file_dialogs, "_settings", lambda: settings)
    asked = []

    def save(parent, title, start, filters):
        asked.append(start)
        return str(tmp_path / "out" / "一户一表.pdf"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    (tmp_path / "out").mkdir()
    default = file_dialogs.last_folder()                  # nothing remembered: 文档 or home
    assert default.is_dir() and default != Path.cwd() or default == Path.home()
    first = file_dialogs.save_file_name(None, "打印", "一户一表.pdf", "PDF (*.pdf)")[0]
    assert asked[0] == str(default / "一户一表.pdf")
    assert first.endswith("一户一表.pdf")
    assert file_dialogs.last_folder() == tmp_path / "out"          # remembered
    file_dialogs.save_file_name(None, "打印", "空白.pdf", "PDF (*.pdf)")
    assert asked[1] == str(tmp_path / "out" / "空白.pdf")
    assert file_dialogs.start_at("/abs/x.pdf") == "/abs/x.pdf"


def test_cancel_keeps_the_folder_and_a_missing_folder_falls_back(qtbot, tmp_path, monkeypatch):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(file_dialogs, "_settings", lambda: settings)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: ("", ""))
    settings.setValue(file_dialogs.KEY, str(tmp_path))
    assert file_dialogs.open_file_name(None, "选择", "", "*.xlsx") == ("", "")
    assert file_dialogs.last_folder() == tmp_path
    settings.setValue(file_dialogs.KEY, str(tmp_path / "gone"))
    assert file_dialogs.last_folder() != tmp_path / "gone"
    assert file_dialogs.last_folder().is_dir()
