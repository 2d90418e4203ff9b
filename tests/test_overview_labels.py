"""概览 charts readable at 1366×768 and in the A4 summary (issue 18 review): long, similar
deadline titles and money figures are drawn whole (labels above their bars when the column
is narrow), the PDF wraps instead of cutting; a calendar bar selects its deadline in 工作日程;
a one-village database charts its 组."""

from __future__ import annotations

import datetime as dt
import subprocess

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from ui.context import AppContext
from ui.main_window import MainWindow
from ykt_desktop import stats
from ykt_desktop.campaign.calendar import add_deadline
from ykt_desktop.demo.generator import DemoParams, generate_demo
from ykt_desktop.ledger.issues import NewIssue, create_issue
from ykt_desktop.overview_charts import campaign_charts
from ykt_desktop.overview_pdf import write_summary_pdf
from ykt_desktop.progress import run
from ykt_desktop.storage import open_db

TITLES = [f"汇总报告报省财政厅监督处（{m}月）" for m in (6, 7, 8)]


def _long_labels(db) -> None:
    today = dt.date.today()
    for n, title in enumerate(TITLES):
        add_deadline(db, title=title, due=(today - dt.timedelta(days=165 - n * 30)).isoformat())
    village = db.execute("SELECT min(code) FROM regions WHERE level = 'village'").fetchone()[0]
    create_issue(db, NewIssue(category="kekou", description="克扣低保金", amount=42940,
                              village_code=village))


def _whole(chart) -> list[str]:
    """Labels and figures that the chart would cut short."""
    fm, cut = chart.fontMetrics(), []
    for i, bar in enumerate(chart.bars()):
        for text, rect in ((bar.label, chart.label_rect(i)), (bar.text, chart.text_rect(i))):
            if fm.horizontalAdvance(text) > rect.width():
                cut.append(text)
    return cut


def test_labels_whole_at_1366_and_calendar_click_selects_the_deadline(qtbot, demo_db):
    _long_labels(demo_db)
    window = MainWindow(AppContext(demo_db))
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    page = window.show_page_by_key("overview")
    qtbot.waitUntil(lambda: page.loads == 1, timeout=10000)
    for key, chart in page.charts.items():
        assert chart.isVisible() and not _whole(chart), key
    calendar = page.charts["calendar"]
    row = next(i for i, b in enumerate(calendar.bars()) if b.label == TITLES[1])
    wanted = int(calendar.bars()[row].key)
    QTest.mouseClick(calendar, Qt.MouseButton.LeftButton,
                     pos=QPointF(calendar.bar_rect(row).center()).toPoint())
    tab = window.stack.currentWidget().calendar
    selected = tab.deadline_view.selectionModel().selectedRows()
    assert [tab.deadline_rows[i.row()].id for i in selected] == [wanted]


def test_a_narrow_chart_puts_labels_above_the_bars(qtbot, demo_db):
    from ui.overview.bar_chart import BarChart

    _long_labels(demo_db)
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.resize(330, 300)
    chart.set_chart(next(c for c in campaign_charts(demo_db) if c.key == "calendar"))
    assert chart.columns()[2] and not _whole(chart)
    assert chart.sizeHint().height() >= chart.row_height() * len(chart.bars())


def test_summary_pdf_wraps_long_labels(demo_db, tmp_path):
    _long_labels(demo_db)
    out = write_summary_pdf(demo_db, tmp_path / "概览.pdf")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout.replace("\n", "")
    assert all(title in text for title in TITLES)
    assert "追回0/涉及42,940元" in text and "…" not in text


def test_a_village_database_charts_its_groups(tmp_path):
    db = open_db(tmp_path / "village.db")
    run(generate_demo(db, DemoParams(villages=1, households_per_village=12, seed=3,
                                     townships=1)))
    groups = db.execute("SELECT count(DISTINCT group_code) FROM households "
                        "WHERE group_code != ''").fetchone()[0]
    assert groups > 1
    data = stats.overview(db)
    assert data.level == "group" and len(data.rows) >= groups
    assert sum(r.households for r in data.rows) == 12
    progress = next(c for c in campaign_charts(db, data=data) if c.key == "progress")
    assert [b.label for b in progress.bars][:2] == ["一组", "二组"]
