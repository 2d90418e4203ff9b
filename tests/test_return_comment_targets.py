"""退回 comments name what the lower unit sent (issue 18 review): a line for a household that is
not in its submission ("户 123：不存在的户") is refused with the line and the reason, before
the file is chosen, and the typed text stays; the village lists the comments' time as
2026-12-07 18:42, not ISO."""

from __future__ import annotations

import re

import pytest
from exchange_support import PERIOD, export, make_chain, send

from ui.context import AppContext
from ui.submissions.return_package import ReturnPackageDialog
from ui.submissions.send import SubmissionSend
from ykt_desktop.exchange import history
from ykt_desktop.exchange.correction import (
    Comment,
    ReturnCommentError,
    import_return,
    write_return,
)
from ykt_desktop.storage import open_db


@pytest.fixture(scope="module")
def sent(tmp_path_factory):
    folder = tmp_path_factory.mktemp("return-targets")
    chain = make_chain(folder)
    village = next(iter(chain.villages))
    town_path = chain.townships[chain.parent[village]]
    send(town_path, export(chain.villages[village], folder / "v1.ykt"))
    return chain, village, town_path, folder


def test_unknown_household_refused(sent, tmp_path):
    _chain, village, town_path, _ = sent
    town = open_db(town_path)
    with pytest.raises(ReturnCommentError, match="没有户编号“123”"):
        write_return(town, village, PERIOD, [Comment("households", "123", "不存在的户")],
                     tmp_path / "r.ykr")
    assert not (tmp_path / "r.ykr").exists()
    assert history.latest_in(town, village, PERIOD).status != "returned"
    town.close()


def test_dialog_says_which_line_before_asking_for_the_file(qtbot, sent, monkeypatch,
                                                            no_blocking_message_boxes):
    _chain, village, town_path, _ = sent
    town = open_db(town_path)
    asked = []
    monkeypatch.setattr("ui.common.file_dialogs.save_file_name", lambda *a, **k: asked.append(a) or
                        ("", ""))
    dialog = ReturnPackageDialog(town, village, "东风村", PERIOD)
    qtbot.addWidget(dialog)
    dialog.text.setPlainText("请补全入户核查\n户 123：不存在的户")
    dialog.write()
    kind, text = no_blocking_message_boxes[-1]
    assert kind == "warning" and "户 123：不存在的户" in text and "没有户编号“123”" in text
    assert not asked and "户 123：不存在的户" in dialog.text.toPlainText()
    town.close()


def test_village_lists_comment_time_without_iso(qtbot, sent, tmp_path):
    chain, village, town_path, _ = sent
    town = open_db(town_path)
    hh_no = town.execute("SELECT hh_no FROM households WHERE village_code = ? LIMIT 1",
                         [village]).fetchone()[0]
    write_return(town, village, PERIOD, [Comment("households", hh_no, "地址不全")],
                 tmp_path / "r.ykr")
    town.close()
    vdb = open_db(chain.villages[village])
    assert import_return(vdb, tmp_path / "r.ykr") == 1
    widget = SubmissionSend(AppContext(vdb))
    qtbot.addWidget(widget)
    widget.reload()             # the page reloads it when shown
    shown = widget.model.row(0)[5]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", shown), shown
    vdb.close()
