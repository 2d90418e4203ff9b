"""Keep a period box at the default period (``ykt_desktop.periods``) until the user changes it.

The default moves when data arrives: a new database starts at the current month, and after the
first payment roster is imported it should start at the roster's latest month. A box the user
has typed into keeps what was typed.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit


def follow_default(edit: QLineEdit, default: str) -> None:
    """Set ``edit`` to ``default`` when it is empty or still shows the previous default."""
    previous = edit.property("periodDefault")
    if not edit.text() or edit.text() == previous:
        edit.setText(default)
    edit.setProperty("periodDefault", default)
