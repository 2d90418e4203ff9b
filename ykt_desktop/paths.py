"""Where things live: the user's data folder, the default database, bundled resources."""

from __future__ import annotations

import sys
from pathlib import Path

from platformdirs import user_data_dir

from ykt_desktop import APP_NAME


def resources_dir() -> Path:
    """The ``resources/`` folder, also inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def data_dir() -> Path:
    path = Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / "ykt.db"


def backups_dir(db_path: Path | str, *, create: bool = True) -> Path:
    """Backups sit in a ``backups`` folder beside the database file; ``create=False`` only
    names it (listing backups must not write: the data folder may be read-only)."""
    path = Path(db_path).resolve().parent / "backups"
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path
