"""Open/save dialogs that start in the folder the officer used last (or 文档), not in the
program's folder.

Started from a shortcut or a USB stick, the working directory is the program's own folder:
exports with personal data would be offered a place next to the program. Every dialog of the
app goes through these functions; the folder chosen is remembered for the next one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

KEY = "dialogs/last_folder"


def _settings() -> QSettings:
    return QSettings("ykt-desktop", "ykt-desktop")


def last_folder() -> Path:
    """The folder used last, else the user's 文档 folder, else home."""
    remembered = _settings().value(KEY, "")
    if remembered and Path(str(remembered)).is_dir():
        return Path(str(remembered))
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def remember(path: str | Path) -> None:
    if path:
        folder = Path(path) if Path(path).is_dir() else Path(path).parent
        _settings().setValue(KEY, str(folder))


def start_at(name: str = "") -> str:
    """Where a dialog opens: ``name`` inside the last folder (an absolute ``name`` as is)."""
    if name and Path(name).is_absolute():
        return name
    return str(last_folder() / name) if name else str(last_folder())


def save_file_name(parent: QWidget | None, title: str, name: str = "",
                   filters: str = "") -> tuple[str, str]:
    path, chosen = QFileDialog.getSaveFileName(parent, title, start_at(name), filters)
    remember(path)
    return path, chosen


def open_file_name(parent: QWidget | None, title: str, folder: str = "",
                   filters: str = "") -> tuple[str, str]:
    path, chosen = QFileDialog.getOpenFileName(parent, title, start_at(folder), filters)
    remember(path)
    return path, chosen


def open_file_names(parent: QWidget | None, title: str, folder: str = "",
                    filters: str = "") -> tuple[list[str], str]:
    paths, chosen = QFileDialog.getOpenFileNames(parent, title, start_at(folder), filters)
    if paths:
        remember(paths[0])
    return paths, chosen


def existing_directory(parent: QWidget | None, title: str, folder: str = "") -> str:
    chosen = QFileDialog.getExistingDirectory(parent, title, start_at(folder))
    remember(chosen)
    return chosen
