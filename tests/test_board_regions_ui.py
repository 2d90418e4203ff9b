"""上报与导入 › 完成情况: 导入下级名单 lists every village of a new township as 未报 (issue 19)."""

from __future__ import annotations

from ui.common import file_dialogs
from ui.context import AppContext
from ui.submissions.board import SubmissionBoard
from ykt_desktop.storage import open_db
from ykt_desktop.unit_setup import init_unit


def test_import_region_list_fills_the_board(qtbot, tmp_path, monkeypatch,
                                            no_blocking_message_boxes):
    db = open_db(tmp_path / "town.db")
    init_unit(db, level="township", code="420999100000", name="城关镇")
    path = tmp_path / "villages.csv"
    path.write_text("区划代码,名称\n420999100201,东风村\n420999100202,西风村\n", encoding="utf-8")
    widget = SubmissionBoard(AppContext(db))
    qtbot.addWidget(widget)
    widget.period.setText("2026-01")
    widget.reload()
    assert widget.model.rowCount() == 0
    monkeypatch.setattr(file_dialogs, "open_file_name", lambda *a, **k: (str(path), ""))
    widget.import_regions()
    assert no_blocking_message_boxes[-1] == ("information", "已导入：村2个")
    assert [widget.model.row(i)[3] for i in range(widget.model.rowCount())] == ["未报", "未报"]
    db.close()
