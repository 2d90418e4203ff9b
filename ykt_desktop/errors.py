"""Exceptions whose message is meant for the user (Chinese), collected in one place.

The CLI prints these as ``错误：...`` with exit code 2; the UI shows them in a message box.
Feature modules append their own error classes to :data:`USER_ERRORS` on import.
"""

from __future__ import annotations

from ykt_desktop.atomic_files import WriteFailed
from ykt_desktop.backup import BackupError
from ykt_desktop.demo.generator import DemoError
from ykt_desktop.idcard import IdNumberError
from ykt_desktop.regions import RegionError
from ykt_desktop.storage import DatabaseError
from ykt_desktop.unit import UnitError


class UserError(Exception):
    """Generic user-facing error for feature modules that need no class of their own."""


USER_ERRORS: list[type[Exception]] = [
    UserError, BackupError, DemoError, IdNumberError, RegionError, DatabaseError, UnitError,
    WriteFailed,
]


def register_user_error(cls: type[Exception]) -> type[Exception]:
    """Decorator: mark an exception class as user-facing."""
    if cls not in USER_ERRORS:
        USER_ERRORS.append(cls)
    return cls
