"""Read-only (training demo, inspector): a household's form opens for viewing, nothing saves."""

from PySide6.QtWidgets import QPushButton

from ui.context import AppContext
from ui.households.page import HouseholdsPage


def _button(page, text: str) -> QPushButton:
    return next(b for b in page.findChildren(QPushButton) if b.text() == text)


def test_read_only_opens_the_form_in_view_mode(qtbot, demo_db):
    page = HouseholdsPage(AppContext(demo_db, read_only=True))
    qtbot.addWidget(page)
    assert not _button(page, "新增户").isEnabled()
    assert _button(page, "打开一户一表").isEnabled()
    hid = demo_db.execute("SELECT min(id) FROM households").fetchone()[0]
    dialog = page.open_form(hid)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()
    assert "只读" in dialog.status.text()
    assert dialog.save() is False
    dialog.close()
