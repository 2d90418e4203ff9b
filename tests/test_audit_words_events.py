"""审计日志 in words for issue actions, settings and keys (issue 18 review): an issue's event
names the issue by its number, its attached data in words (Chinese field names, a check rule by
its title, money to the 分), settings by their Chinese names, 是/否 flags, a certificate as
subject/fingerprint/validity — never JSON, English keys or PEM text; the 表 drop-down in
Chinese; a long entry does not squeeze the table."""

from __future__ import annotations

import re

from ui.context import AppContext
from ui.security.audit_log_page import AuditLogPage
from ykt_desktop.checks.registry import get_rule
from ykt_desktop.ledger.issues import NewIssue, add_event, create_issue, update_issue
from ykt_desktop.security.users import add_user
from ykt_desktop.unit_keys import ensure_unit_key

ENGLISH = re.compile(r"[A-Za-z_]{4,}")


def _rows(page) -> list[list[str]]:
    return [[page.model.data(page.model.index(r, c)) for c in range(8)]
            for r in range(page.model.rowCount())]


def _issue_entries(db):
    issue = create_issue(db, NewIssue(category="kekou", description="克扣低保金", amount=350))
    update_issue(db, issue, {"responsible_unit": "东风村委会", "recovered_amount": 200})
    add_event(db, issue, action="comment", data={"比对规则": "dead_paid", "对象": "x"})
    return db.execute("SELECT issue_no FROM issues WHERE id = ?", [issue]).fetchone()[0]


def test_issue_events_and_settings_in_words(qtbot, demo_db):
    issue_no = _issue_entries(demo_db)
    add_user(demo_db, "admin", "county_admin", "Kouling-2026-long", unit_code="420999000000")
    page = AuditLogPage(AppContext(demo_db))
    qtbot.addWidget(page)
    page.issue.setText(issue_no)
    page.search()
    rows = _rows(page)
    events = [r for r in rows if r[4] == "问题处理记录"]
    assert events and all(issue_no in r[5] for r in events)
    text = " ".join(r[7] for r in rows)
    assert f"问题：{issue_no}" in text and "{" not in text and '"' not in text
    assert "责任单位：（空） → 东风村委会" in text and "追缴收回：0.00 → 200.00" in text
    assert f"比对规则：{get_rule('dead_paid').title}" in text
    assert not ENGLISH.search(text.replace(issue_no, ""))
    page.issue.clear()
    page.table.setCurrentIndex(page.table.findData("users"))
    page.search()
    assert "须改密码：是" in _rows(page)[0][7] and "启用：是" in _rows(page)[0][7]
    names = [page.table.itemText(i) for i in range(page.table.count())]
    assert not [n for n in names if ENGLISH.search(n)], names


def test_settings_and_certificate_summarised(qtbot, demo_db):
    ensure_unit_key(demo_db)
    page = AuditLogPage(AppContext(demo_db))
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitExposed(page)
    page.table.setCurrentIndex(page.table.findData("settings"))
    page.search()
    setting = _rows(page)[-1]
    assert setting[5] == "本单位" and "设置值：县 演示县（420999000000）" in setting[7]
    page.table.setCurrentIndex(page.table.findData("unit_keys"))
    page.search()
    page.view.setCurrentIndex(page.model.index(0, 0))
    detail = page.detail.text()
    assert "BEGIN CERTIFICATE" not in detail and "BEGIN CERTIFICATE" not in _rows(page)[0][7]
    assert "演示县（420999000000） 指纹" in detail and "有效期" in detail
    qtbot.wait(50)
    assert page.view.height() > 300        # the table keeps its rows under a long entry


def test_an_export_entry_in_words(demo_db):
    from ykt_desktop.audit import query
    from ykt_desktop.audit.chain import record

    record(demo_db, "export", table_name="publicity", row_id=1, after={
        "file": "公示.pdf", "title": "东风村公示", "scope": "420999100200",
        "items": ["gengdi"], "lines": 13, "policy": {"id_head": 3, "show_address": False}})
    entry = query.entry_ids(demo_db, query.AuditFilter(action="export"))[0]
    row = query.fetch(demo_db, [entry])[entry]
    assert "补贴项目：耕地地力保护补贴" in row[7] and "显示住址：否" in row[7]
    assert not ENGLISH.search(row[7].replace(".pdf", ""))
