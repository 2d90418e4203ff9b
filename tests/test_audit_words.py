"""审计日志 in words (issue 18): Chinese table and field names, 修改前 → 修改后 field by field with
the glossary's labels, masked per role, filtered by household or issue, the filtered rows
exported."""

from __future__ import annotations

import re

from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog

from ui.context import AppContext
from ui.security.audit_log_page import AuditLogPage
from ykt_desktop.ledger.issues import NewIssue, create_issue, start_rectification
from ykt_desktop.security.session import Session, attach


def _changes(db):
    hh, hh_no = db.execute("SELECT id, hh_no FROM households ORDER BY id LIMIT 1").fetchone()
    db.execute("UPDATE households SET address = '东风村三组12号', verify_status = 'verified' "
               "WHERE id = ?", [hh])
    issue = create_issue(db, NewIssue(category="kekou", description="克扣低保金", amount=350))
    start_rectification(db, issue, deadline="2026-06-30")
    issue_no = db.execute("SELECT issue_no FROM issues WHERE id = ?", [issue]).fetchone()[0]
    return hh_no, issue_no


def test_audit_page_reads_in_words_and_filters(qtbot, demo_db, tmp_path, monkeypatch):
    hh_no, issue_no = _changes(demo_db)
    page = AuditLogPage(AppContext(demo_db))
    qtbot.addWidget(page)
    page.household.setText(hh_no)
    page.search()
    rows = [page.model.row(r) if hasattr(page.model, "row") else
            [page.model.data(page.model.index(r, c)) for c in range(8)]
            for r in range(page.model.rowCount())]
    update = next(r for r in rows if r[3] == "修改")
    assert update[4] == "户" and update[5] == hh_no
    assert "家庭住址" in update[6] and "家庭住址：东风村三组12号" in update[7]
    assert "核查结果：已核查" in update[7]
    assert not any(re.search(r"[a-z_]{4,}", str(r[4]) + str(r[6]) + str(r[7])) for r in rows)
    page.view.setCurrentIndex(page.model.index(rows.index(update), 0))
    assert "家庭住址：" in page.detail.text() and "→ 东风村三组12号" in page.detail.text()
    page.household.clear()
    page.issue.setText(issue_no)
    page.search()
    tables = {page.model.data(page.model.index(r, 4)) for r in range(page.model.rowCount())}
    assert tables == {"问题", "问题处理记录"}
    out = tmp_path / "审计.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    assert page.export() == str(out)
    sheet = load_workbook(out).active
    assert sheet.cell(row=2, column=9).value.startswith("逐项变化")
    assert sheet.max_row == 2 + page.model.rowCount()
    page.issue.setText("没有这个号")
    page.search()
    assert "不在本库中" in page.filter_error.text()


def test_audit_values_masked_for_a_village_clerk(qtbot, demo_db):
    pid, idn = demo_db.execute("SELECT id, id_number FROM persons ORDER BY id LIMIT 1").fetchone()
    demo_db.execute("UPDATE persons SET phone = '13912345678' WHERE id = ?", [pid])
    attach(demo_db, Session("a", "county_admin", "420999000000"))
    page = AuditLogPage(AppContext(demo_db))
    qtbot.addWidget(page)
    page.table.setCurrentIndex(page.table.findData("persons"))
    page.search()
    whole = [page.model.data(page.model.index(0, c)) for c in range(8)]
    assert idn in whole[5] and "13912345678" in whole[7]
    attach(demo_db, Session("i", "inspector"))
    page.search()
    masked = [page.model.data(page.model.index(0, c)) for c in range(8)]
    assert idn not in masked[5] and "13912345678" not in masked[7]


def test_head_file_finding_in_words():
    """Review 2 of issue 14: the finding row showed the English category word ``truncated``."""
    import json

    from ykt_desktop.audit import words
    from ykt_desktop.security.display import NumberView

    for kind, why in (("truncated", ""), ("missing", ""), ("forged", "bad_signature"),
                      ("rewritten", ""), ("checkpoints", ""), ("sent_deleted", "")):
        after = json.dumps({"kind": kind, "why": why, "说明": "x"}, ensure_ascii=False)
        shown = {c.field: c.after for c in words.changes("audit_log", None, after,
                                                          NumberView())}
        assert kind not in shown.values() and (not why or why not in shown.values()), shown
