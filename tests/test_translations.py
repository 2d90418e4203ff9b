"""Qt's own dialogs speak Chinese: the zh_CN catalogue, plus the strings it lacks."""

import re

from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox

from ui.style import apply_style


def test_standard_dialogs_in_chinese(qtbot):
    app = QApplication.instance()
    apply_style(app)
    dialog = QFileDialog(None, "选择文件")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    assert labels and not [t for t in labels if re.search(r"[A-Za-z]{2,}", t)], labels
    box = QMessageBox()
    qtbot.addWidget(box)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert sorted(b.text() for b in box.buttons()) == ["否(&N)", "是(&Y)"]
    assert app.translate("SomeContext", "untranslated text") == "untranslated text"


def test_question_buttons_have_alt_keys(qtbot):
    apply_style(QApplication.instance())
    box = QMessageBox()
    qtbot.addWidget(box)
    buttons = QMessageBox.StandardButton
    box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
    assert sorted(b.text() for b in box.buttons()) == ["不保存(&D)", "保存(&S)", "取消(&C)"]
