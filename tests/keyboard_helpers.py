"""Typing into real dialogs as an officer does: one key event per character (a Chinese input
method sends whole characters), Tab and Enter between fields."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def focused():
    return QApplication.focusWidget()


def typed(text: str) -> None:
    """Type like a keyboard (with an input method for Chinese): one key event per character."""
    for ch in text:
        if ch.isascii():
            QTest.keyClicks(focused(), ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(focused(), QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                        ch))


_PRESSED = [0]


def keys_pressed() -> int:
    """How many non-text keys :func:`key` has sent so far (keys per household, issue 18)."""
    return _PRESSED[0]


def key(k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    _PRESSED[0] += 1
    QTest.keyClick(focused(), k, modifier)
