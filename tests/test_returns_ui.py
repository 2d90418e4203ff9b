"""The 报表 page: fill in a worker, edit a cell and see the rule fail, drill down, save a
draft, export Excel, sign with an override reason."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.returns_data import add_issues
from ui.context import AppContext
from ui.returns.page import ReturnsPage
from ui.returns.sign import ReturnSignDialog
from ui.returns.table_model import FAILING
from ykt_desktop.returns.drafts import load_draft
from ykt_desktop.returns.signing import default_trust_roots, verify_pdf


def filled_page(qtbot, db, key):
    page = ReturnsPage(AppContext(db))
    qtbot.addWidget(page)
    page.template.setCurrentIndex(page.template.findData(key))
    assert page.unit.currentData() == "420999000000" and page.period.text() == "2025"
    page.fill()
    qtbot.waitUntil(lambda: page.filled is not None, timeout=30000)
    return page


def test_fill_edit_rules_drill_and_draft(qtbot, demo_db, monkeypatch):
    add_issues(demo_db)
    page = filled_page(qtbot, demo_db, "tongchuan_faxian_wenti")
    model = page.model
    assert model.rowCount() == len(page.filled.rows)
    assert "未通过 0 项" in page.rules.item(page.rules.count() - 1).text()
    c10 = next(i for i, c in enumerate(page.filled.template.columns) if c.key == "c10")
    index = model.index(0, c10)
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    c11 = next(i for i, c in enumerate(page.filled.template.columns) if c.key == "c11")
    assert model.setData(model.index(0, c11), "-0.75")
    assert page.rules.count() == 3                       # row 1 and 合计 fail, plus summary
    assert "第11栏不能为负数 不成立" in page.rules.item(0).text()
    assert model.setData(index, "0.75")
    assert model.data(model.index(0, c11), Qt.ItemDataRole.BackgroundRole).color() == FAILING
    page._goto_rule(page.rules.item(0))
    assert page.view.currentIndex().row() == 0
    total = model.index(model.rowCount() - 1, c10)
    assert not model.flags(total) & Qt.ItemFlag.ItemIsEditable

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    assert not model.setData(model.index(1, c10), "abc")
    assert "应填数字" in warnings[-1]

    c1 = next(i for i, c in enumerate(page.filled.template.columns) if c.key == "c1")
    dibao_row = next(i for i, r in enumerate(page.filled.rows)
                     if r.label == "城乡居民最低生活保障金")
    page.open_drill(model.index(dibao_row, c1))
    qtbot.waitUntil(lambda: page.drill_dialog is not None, timeout=30000)
    dialog = page.drill_dialog
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1 and dialog.model.row(0)[1] == "贪污侵占"

    page.footer_edits["负责人"].setText("王五")
    page.save()
    draft = load_draft(demo_db, "tongchuan_faxian_wenti", "420999000000", "2025")
    assert draft["footer"]["负责人"] == "王五" and len(draft["cells"]) == 2


def test_export_and_sign_from_the_page(qtbot, demo_db, tmp_path, monkeypatch):
    page = filled_page(qtbot, demo_db, "tongchuan_paicha_tongji")
    c4 = next(i for i, c in enumerate(page.filled.template.columns) if c.key == "c4")
    page.model.setData(page.model.index(0, c4), "99")
    xlsx = tmp_path / "r.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(xlsx), ""))
    page._export(".xlsx")
    qtbot.waitUntil(lambda: "已导出" in page.note.text(), timeout=30000)
    assert xlsx.exists()
    assert page.filled.title in page.status.text()      # the title stays above the message

    dialog = ReturnSignDialog(page.filled, "张三", page)
    qtbot.addWidget(dialog)
    dialog._accept()
    assert "必须填写理由" in dialog.error.text() and not dialog.result()
    dialog.reason.setPlainText("第4栏为财政所核定数")
    dialog._accept()
    assert dialog.result() == ReturnSignDialog.DialogCode.Accepted

    pdf = tmp_path / "r.pdf"
    page.export_to(pdf, signer=dialog.signer_name(), reason=dialog.override_reason())
    qtbot.waitUntil(lambda: "已签章" in page.status.text(), timeout=60000)
    assert verify_pdf(pdf.read_bytes(), default_trust_roots(demo_db)).ok
    assert "（已签章）" in page.status.text()


def test_first_column_stays_when_scrolling_right(qtbot, demo_db):
    page = filled_page(qtbot, demo_db, "tongchuan_faxian_wenti")
    page.resize(1000, 600)
    page.show()
    view = page.view
    qtbot.waitUntil(lambda: view.horizontalScrollBar().maximum() > 0)
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    assert view.columnViewportPosition(0) < 0                  # the real column scrolled away
    frozen = view.frozen                     # 序号 and 补贴项目 stay
    assert frozen.isVisible() and frozen.x() <= view.verticalHeader().width() + 2
    assert view.count == 2 and frozen.width() == view.columnWidth(0) + view.columnWidth(1)
    name = page.model.index(0, 1)
    assert page.filled.template.columns[1].key == "name"
    assert frozen.indexAt(frozen.visualRect(name).center()).data() == name.data()
