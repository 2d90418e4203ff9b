"""Guard against PySide6 6.12.0 on Python 3.11, which drops a reference to None on every call
that returns None until Python dies with "none_dealloc". We pin 6.11.x; this test fails if a
release with that bug is installed."""

import sys

from PySide6.QtWidgets import QComboBox, QLineEdit


def test_setters_do_not_leak_none_references(qtbot):
    edit = QLineEdit()
    combo = QComboBox()
    qtbot.addWidget(edit)
    qtbot.addWidget(combo)
    before = sys.getrefcount(None)
    for i in range(20000):
        edit.setText(str(i))
        combo.addItem("x")
        combo.clear() if i % 1000 == 0 else None
    after = sys.getrefcount(None)
    assert after >= before - 100, f"None refcount fell by {before - after}"


def test_pyside_pinned_to_611():
    import PySide6

    assert PySide6.__version__.startswith("6.11."), PySide6.__version__
