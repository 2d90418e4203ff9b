"""A return's draft changed elsewhere (the command line's returns fill --set, another window,
a signature) while the 报表 page shows it: 保存草稿 and 签章导出 are refused with the reload
question and the other draft is kept; 重新载入 fills again with it; own saves and own
signatures never make the page stale."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog

from ui.common import stale_reload
from ui.context import AppContext
from ui.returns.page import ReturnsPage
from ykt_desktop.cli import main
from ykt_desktop.record_versions import StaleRecordError
from ykt_desktop.returns.drafts import load_draft, save_draft
from ykt_desktop.returns.engine import fill
from ykt_desktop.returns.template import get_template

KEY, UNIT, YEAR = "tongchuan_paicha_tongji", "420999000000", "2025"


def _page(qtbot, db) -> ReturnsPage:
    page = ReturnsPage(AppContext(db))
    qtbot.addWidget(page)
    page.template.setCurrentIndex(page.template.findData(KEY))
    page.fill()
    qtbot.waitUntil(lambda: page.filled is not None, timeout=30000)
    return page


def _answers(monkeypatch, answer: bool) -> list[str]:
    asked: list[str] = []

    def ask(_parent, error) -> bool:
        asked.append(str(error))
        return answer
    monkeypatch.setattr(stale_reload, "ask_reload", ask)
    return asked


def test_draft_saved_on_the_command_line_is_not_overwritten(qtbot, demo_db, demo_path,
                                                           monkeypatch, capsys):
    page = _page(qtbot, demo_db)
    page.footer_edits["负责人"].setText("王五")
    page.save()                                        # own save: still current
    page.footer_edits["填表人"].setText("赵六")
    page.save()
    assert load_draft(demo_db, KEY, UNIT, YEAR)["footer"]["填表人"] == "赵六"
    code = main(["returns", "fill", "--db", str(demo_path), "--template", KEY, "--unit", UNIT,
                 "--period", YEAR, "--set", "1,c4=77"])
    assert code in (0, 1), capsys.readouterr()         # 1: a rule fails (the draft is saved)
    capsys.readouterr()
    cli_cells = load_draft(demo_db, KEY, UNIT, YEAR)["cells"]
    assert any(ref.endswith("|c4") and float(v) == 77 for ref, v in cli_cells.items())
    page.footer_edits["负责人"].setText("本窗口")
    asked = _answers(monkeypatch, answer=False)
    page.save()
    assert len(asked) == 1 and "的草稿在您打开后已被修改" in asked[0]
    assert load_draft(demo_db, KEY, UNIT, YEAR)["cells"] == cli_cells
    assert load_draft(demo_db, KEY, UNIT, YEAR)["footer"]["负责人"] == "王五"
    asked = _answers(monkeypatch, answer=True)          # 重新载入: filled again with it
    first = page.filled
    page.save()
    qtbot.waitUntil(lambda: page.filled is not first, timeout=30000)
    c4 = page.filled.row(page.filled.data_rows()[0].key).cells["c4"]
    assert float(c4.value) == 77 and page.footer_edits["负责人"].text() == "王五"
    page.save()
    assert "草稿已保存" in page.note.text()


def test_signing_over_a_changed_draft_writes_no_file(qtbot, demo_db, tmp_path, monkeypatch):
    page = _page(qtbot, demo_db)
    other = fill(demo_db, get_template(KEY), UNIT, YEAR)     # another window saves first
    other.footer["负责人"] = "另一个窗口"
    save_draft(demo_db, other)
    asked = _answers(monkeypatch, answer=False)
    pdf = tmp_path / "r.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), ""))
    page.export_to(pdf, signer="张三", reason="核定数")
    assert len(asked) == 1 and not pdf.exists()
    assert load_draft(demo_db, KEY, UNIT, YEAR)["status"] == "draft"


def test_core_compare_and_set(demo_db):
    template = get_template(KEY)
    mine, theirs = fill(demo_db, template, UNIT, YEAR), fill(demo_db, template, UNIT, YEAR)
    save_draft(demo_db, theirs)
    save_draft(demo_db, theirs)                        # its own token follows its saves
    with pytest.raises(StaleRecordError):
        save_draft(demo_db, mine)
    mine.draft_version = ""                            # filled without a draft: no token
    save_draft(demo_db, mine)
