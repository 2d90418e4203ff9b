"""Writes say what they changed (issue 13 item 5, Anki's ``OpChanges`` habit): a write hands
its ``Changes`` to ``ctx.notify_changed`` and only the pages showing one of those kinds
refresh; a page behind another one refreshes when it is shown again."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from exchange_support import export, make_chain
from PySide6.QtWidgets import QMessageBox

from ui.context import AppContext
from ui.main_window import MainWindow
from ykt_desktop import changes
from ykt_desktop.changes import ALL, NOTHING, Changes, Kind, changes_of, union
from ykt_desktop.exchange.importer import import_package
from ykt_desktop.households.load import load_household
from ykt_desktop.households.validate import validate
from ykt_desktop.progress import run
from ykt_desktop.storage import open_db

UI = Path(__file__).resolve().parent.parent / "ui"
KEYS = ("overview", "households", "checks", "ledger", "publicity", "submissions", "campaign",
        "returns", "users", "audit_log")


def _window(qtbot, db, *, shown: bool = False) -> MainWindow:
    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    if shown:
        window.show()
    for key in KEYS:                 # every page built (a page is built on its first visit)
        window.show_page_by_key(key)
    return window


def _reloads(window: MainWindow) -> dict[str, int]:
    return {key: window.pages[key].follower.reloads for key in KEYS}


def _refreshed(window: MainWindow, before: dict[str, int]) -> set[str]:
    return {key for key, n in _reloads(window).items() if n != before[key]}


def test_changes_combine_and_say_what_they_touch():
    both = Changes.of(Kind.HOUSEHOLDS) | Changes.of(Kind.ISSUES)
    assert both.kinds == {Kind.HOUSEHOLDS, Kind.ISSUES}
    assert both.touches([Kind.ISSUES, Kind.USERS]) and not both.touches([Kind.PUBLICITY])
    assert not NOTHING and ALL.touches([Kind.BACKUPS]) and ALL.kinds == set(Kind)
    assert changes_of(both) is both
    with pytest.raises(TypeError):
        changes_of(42)
    assert union([Changes.of(Kind.USERS), ValueError("拒收"), Changes.of(Kind.UNIT)]).kinds == {
        Kind.USERS, Kind.UNIT}
    assert changes.writes(Kind.CAMPAIGN)(lambda db: None).changes == Changes.of(Kind.CAMPAIGN)


def test_a_write_without_its_changes_is_refused(qtbot, demo_db):
    ctx = AppContext(demo_db)
    with pytest.raises(TypeError):
        ctx.notify_changed()                    # type: ignore[call-arg]
    with pytest.raises(TypeError):
        ctx.notify_changed("households")        # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ctx.data_changed.emit()


def test_no_page_listens_to_every_write():
    """``notify_changed`` always gets the write's Changes, and pages follow kinds through
    ``follow_changes`` (only the main window's audit head hears every write)."""
    bare, listeners = [], []
    for path in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                name = node.func.attr
                if name == "notify_changed" and not node.args:
                    bare.append(f"{path.name}:{node.lineno}")
                if (name == "connect" and isinstance(node.func.value, ast.Attribute)
                        and node.func.value.attr == "data_changed"):
                    listeners.append(path.relative_to(UI).as_posix())
    assert bare == []
    assert sorted(listeners) == ["common/follow_changes.py", "main_window.py"]


def _valid_household(db) -> int:
    for (hid,) in db.execute("SELECT id FROM households ORDER BY id").fetchall():
        if not validate(db, load_household(db, hid)):
            return hid
    raise AssertionError("no valid household in the demo")


def test_a_household_save_refreshes_its_pages_only(qtbot, demo_db):
    window = _window(qtbot, demo_db)
    page = window.pages["households"]
    form = page.open_form(_valid_household(demo_db))
    form.record.address = "新地址8号"
    before = _reloads(window)
    assert form.save(), form.status.text()
    refreshed = _refreshed(window, before)
    # every page that shows a person's name or a household (ledger 对象, findings, notices,
    # returns' households, progress) follows; users and the campaign's own page do not
    assert {"households", "overview", "audit_log", "ledger", "checks", "publicity",
            "returns", "submissions"} <= refreshed
    assert not refreshed & {"campaign", "users"}
    form.dirty = False
    form.reject()


def test_a_hidden_page_refreshes_when_shown(qtbot, demo_db):
    window = _window(qtbot, demo_db, shown=True)
    window.show_page_by_key("households")
    publicity = window.pages["publicity"]
    before = publicity.follower.reloads
    window.ctx.notify_changed(Changes.of(Kind.PUBLICITY))
    assert publicity.follower.stale and publicity.follower.reloads == before
    window.ctx.notify_changed(Changes.of(Kind.PUBLICITY))      # still once, when shown
    window.show_page_by_key("publicity")
    assert not publicity.follower.stale and publicity.follower.reloads == before + 1
    window.show_page_by_key("households")
    window.ctx.notify_changed(ALL)                  # everything may have changed: all stale
    assert all(window.pages[k].follower.stale for k in KEYS if k != "households")


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    return make_chain(tmp_path_factory.mktemp("refresh"))


def test_a_package_import_refreshes_what_it_touched(qtbot, chain, tmp_path, monkeypatch):
    village = next(iter(chain.villages))
    package = export(chain.villages[village], tmp_path / "v.ykt")
    db = open_db(chain.townships[chain.parent[village]])
    window = _window(qtbot, db)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    result = run(import_package(db, package))
    assert result.outcome == "imported" and result.changes.touches([Kind.SUBMISSIONS])
    before = _reloads(window)
    window.pages["submissions"].inbox._imported(result)
    refreshed = _refreshed(window, before)
    assert {"submissions", "households", "overview", "ledger", "publicity", "users",
            "audit_log"} <= refreshed
    assert "campaign" not in refreshed
    again = run(import_package(db, package))
    assert again.outcome == "duplicate" and again.changes == NOTHING
    db.close()
