"""上报与导入 page: the board, the history, the preview dialog and the certificate tab."""

from __future__ import annotations

import pytest
from exchange_support import PERIOD, export, make_chain, send
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QPushButton

from ui.context import AppContext
from ui.submissions.package_preview import PackagePreviewDialog, preview_rows
from ui.submissions.page import SubmissionsPage
from ui.submissions.return_package import parse_lines
from ykt_desktop.storage import open_db


@pytest.fixture(scope="module")
def township(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exchange-ui")
    chain = make_chain(folder)
    village = next(iter(chain.villages))
    town = chain.townships[chain.parent[village]]
    package = export(chain.villages[village], folder / "v.ykt")
    preview = send(town, package, preview_only=True)
    send(town, package)
    return town, village, preview


def test_page_shows_board_history_and_certificate(qtbot, township):
    town, village, _ = township
    db = open_db(town)
    page = SubmissionsPage(AppContext(db))
    qtbot.addWidget(page)
    page.board.period.setText(PERIOD)
    page.board.reload()
    rows = {page.board.model.row(r)[1]: page.board.model.row(r)
            for r in range(page.board.model.rowCount())}
    assert rows[village][3] == "已报"
    assert {r[3] for code, r in rows.items() if code != village} == {"未报"}
    assert page.inbox.model.rowCount() == 1
    assert page.inbox.model.row(0)[0] == "收到下级上报"
    assert "已登记" in page.certs.summary.text()
    assert page.certs.buttons["为下级签发证书…"].isEnabled()
    assert not page.certs.buttons["建立本县根证书"].isEnabled()
    db.close()


def test_preview_dialog_lists_changes_per_village(qtbot, township):
    _, village, preview = township
    dialog = PackagePreviewDialog(preview, "v.ykt")
    qtbot.addWidget(dialog)
    rows = preview_rows(preview)
    assert rows[0][1] == village and rows[0][2] > 0 and rows[0][5] > 0
    keys = sorted(QKeySequence.mnemonic(b.text()).toString()
                  for b in dialog.findChildren(QPushButton))
    assert keys == ["Alt+C", "Alt+I"]       # 导入(&I), 取消(&C)


def test_return_comment_lines_are_parsed():
    comments = parse_lines("核查率偏低\n户 4209991002000001：地址不全\n问题 X-WT1: 未整改")
    assert [(c.target_table, c.target_key, c.text) for c in comments] == [
        ("package", "", "核查率偏低"), ("households", "4209991002000001", "地址不全"),
        ("issues", "X-WT1", "未整改")]
