"""比对参数 edited in the dialog while the command line (check --set) changed them: the dialog's
save is refused with the reload question and the command line's value is kept; only the keys
the officer edited are ever written."""

from __future__ import annotations

import json

from ui.checks.params import CheckParamsDialog
from ui.common import stale_reload
from ui.context import AppContext
from ykt_desktop.checks.params import load_params
from ykt_desktop.cli import main
from ykt_desktop.settings import get_setting


def test_params_changed_on_the_command_line_are_not_overwritten(qtbot, demo_db, demo_path,
                                                               monkeypatch, capsys):
    dialog = CheckParamsDialog(AppContext(demo_db))
    qtbot.addWidget(dialog)
    assert main(["check", "--db", str(demo_path), "--set", "late_grace_days=9",
                 "--rule", "dead_paid"]) == 0
    capsys.readouterr()
    assert load_params(demo_db)["late_grace_days"] == 9
    shown = json.loads(dialog.editor.toPlainText())
    shown["amount_tolerance"] = 0.5
    dialog.editor.setPlainText(json.dumps(shown, ensure_ascii=False))
    asked: list[str] = []

    def ask(_parent, error) -> bool:
        asked.append(str(error))
        return True
    monkeypatch.setattr(stale_reload, "ask_reload", ask)
    dialog.submit()
    assert len(asked) == 1 and "比对参数在您打开后已被修改" in asked[0]
    assert get_setting(demo_db, "checks.params")["late_grace_days"] == 9
    assert "amount_tolerance" not in get_setting(demo_db, "checks.params")
    reloaded = json.loads(dialog.editor.toPlainText())      # 重新载入: the new value shown
    assert reloaded["late_grace_days"] == 9
    reloaded["amount_tolerance"] = 0.5
    dialog.editor.setPlainText(json.dumps(reloaded, ensure_ascii=False))
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert get_setting(demo_db, "checks.params") == {"late_grace_days": 9,
                                                     "amount_tolerance": 0.5}
