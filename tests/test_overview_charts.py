"""概览 charts (issue 18): progress per area, problems by category and status, money, the
campaign calendar; a click opens the rows behind a bar; the same charts in an A4 PDF."""

from __future__ import annotations

import datetime as dt
import subprocess

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from ui.context import AppContext
from ui.main_window import MainWindow
from ykt_desktop.campaign.calendar import add_deadline
from ykt_desktop.cli import main as cli_main
from ykt_desktop.ledger.issues import NewIssue, create_issue
from ykt_desktop.overview_charts import campaign_charts


def _data(db):
    village = db.execute("SELECT min(code) FROM regions WHERE level = 'village'").fetchone()[0]
    create_issue(db, NewIssue(category="kekou", description="克扣低保金", amount=350,
                              village_code=village))
    today = dt.date.today()
    add_deadline(db, title="第一阶段情况报告", due=(today - dt.timedelta(days=2)).isoformat())
    add_deadline(db, title="月报", due=(today + dt.timedelta(days=5)).isoformat())
    return village


def test_charts_from_the_core(demo_db):
    _data(demo_db)
    charts = {c.key: c for c in campaign_charts(demo_db)}
    assert [b.label for b in charts["progress"].bars]            # one bar per township
    assert sum(b.total for b in charts["progress"].bars) == 90
    assert any(b.key == "kekou" for b in charts["categories"].bars)
    assert sum(b.value for b in charts["statuses"].bars) == demo_db.execute(
        "SELECT count(*) FROM issues").fetchone()[0]
    assert any("涉及350" in b.text for b in charts["money"].bars)
    calendar = charts["calendar"].bars
    assert [b.label for b in calendar] == ["第一阶段情况报告", "月报"]
    assert calendar[0].alert and "逾期2天" in calendar[0].text and not calendar[1].alert


def test_click_opens_the_rows(qtbot, demo_db):
    _data(demo_db)
    window = MainWindow(AppContext(demo_db))
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    page = window.show_page_by_key("overview")
    qtbot.waitUntil(lambda: page.loads == 1, timeout=10000)
    chart = page.charts["categories"]
    assert chart.isVisible() and chart.chart.bars
    row = next(i for i, b in enumerate(chart.bars()) if b.key == "kekou")
    point = chart.bar_rect(row).center()
    QTest.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPointF(point).toPoint())
    ledger = window.pages["ledger"] if "ledger" in window.pages else window.stack.currentWidget()
    assert window.stack.currentWidget() is ledger
    assert ledger.category.currentData() == "kekou"
    assert ledger.model.rowCount() >= 1
    window.show_page_by_key("overview")
    progress = page.charts["progress"]
    town = progress.bars()[0].key
    progress.setFocus()
    QTest.keyClick(progress, Qt.Key.Key_Down)
    QTest.keyClick(progress, Qt.Key.Key_Return)
    households = window.stack.currentWidget()
    assert households.regions.township.currentData() == town


def test_a_long_deadline_title_is_elided_with_the_whole_in_its_tooltip(qtbot, demo_db):
    from ui.overview.bar_chart import BarChart

    title = "自查工作进展和发现的问题（第二次）报送领导小组办公室并抄送省财政厅驻随州办事处"
    add_deadline(demo_db, title=title, due=(dt.date.today() + dt.timedelta(days=3)).isoformat())
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.resize(300, 120)
    chart.set_chart(next(c for c in campaign_charts(demo_db) if c.key == "calendar"))
    row = next(i for i, b in enumerate(chart.bars()) if b.label == title)
    assert title in chart.tooltip_at(chart.bar_rect(row).center().y())
    assert "工作日程" in chart.tooltip_at(2)


def test_summary_pdf_from_the_command_line(demo_db, demo_path, tmp_path, capsys):
    _data(demo_db)
    out = tmp_path / "概览汇总.pdf"
    assert cli_main(["--db", str(demo_path), "summary-pdf", "--out", str(out)]) == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    for title in ("入户核查进度", "问题类别", "问题整改状态", "涉及金额与追回", "工作日程"):
        assert title in text
    assert "第一阶段情况报告" in text and "逾期2天" in text
