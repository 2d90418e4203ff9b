"""No dead ends in 上报与导入 (issue 18): a 上报文件 with an unregistered signature asks one
question at a time (no progress box over it), trusting imports it and the 签名者 column says
it was trusted; a village accepts a 退回文件 from an unregistered township after the same
question; a village's page has no receiver's tabs."""

from __future__ import annotations

import pytest
from exchange_support import PERIOD, export, make_chain
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QProgressDialog

from ui.context import AppContext
from ui.submissions.package_preview import PackagePreviewDialog
from ui.submissions.page import SubmissionsPage
from ykt_desktop.exchange.correction import Comment, write_return
from ykt_desktop.storage import open_db
from ykt_desktop.unit_setup import init_unit


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dead-ends")
    return folder, make_chain(folder)


class ModalWatcher:
    """Answers each modal as an officer would and records what else was visible at that time."""

    def __init__(self, answer) -> None:
        self.answer, self.seen, self.crowded = answer, [], []
        self.timer = QTimer()
        self.timer.timeout.connect(self._look)
        self.timer.start(30)

    def _look(self) -> None:
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()
                 and isinstance(w, QDialog)]
        boxes = [w for w in shown if not isinstance(w, QProgressDialog)]
        if not boxes:
            return
        if len(shown) > 1:          # a question next to another box or under a progress box
            self.crowded.append([w.windowTitle() for w in shown])
        modal = boxes[0]
        self.seen.append((modal.windowTitle(), getattr(modal, "text", lambda: "")()))
        self.answer(modal)


def _answer_trust(modal) -> None:
    if isinstance(modal, PackagePreviewDialog):
        modal.accept()
    elif isinstance(modal, QMessageBox) and modal.objectName() == "trustQuestion":
        next(b for b in modal.buttons() if "信任并导入" in b.text()).click()
    elif isinstance(modal, QMessageBox):
        modal.accept()


def _static_boxes(monkeypatch, watcher: ModalWatcher) -> list[tuple[str, str]]:
    """QMessageBox.information/warning/critical answered at once; each records its text and
    whether any other dialog (a progress box above all) was visible when it opened."""
    shown: list[tuple[str, str]] = []

    def recorder(kind: str):
        def box(parent, title, text, *rest, **kw):
            visible = [w.windowTitle() for w in QApplication.topLevelWidgets()
                       if w.isVisible() and isinstance(w, QDialog)]
            if visible:
                watcher.crowded.append([title, *visible])
            shown.append((kind, text))
            watcher.seen.append((title, text))
            return QMessageBox.StandardButton.Ok
        return staticmethod(box)

    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, recorder(kind))
    return shown


def test_unregistered_package_one_question_then_imported(qtbot, chain, tmp_path, monkeypatch):
    folder, c = chain
    village = next(iter(c.villages))
    town = c.townships[c.parent[village]]
    lone = open_db(tmp_path / "lone.db")
    init_unit(lone, level="village", code=village[:9] + "299", name="新村")
    lone.close()
    package = export(tmp_path / "lone.db", tmp_path / "lone.ykt", plaintext=True)
    db = open_db(town)
    page = SubmissionsPage(AppContext(db))
    qtbot.addWidget(page)
    watcher = ModalWatcher(_answer_trust)
    _static_boxes(monkeypatch, watcher)
    page.inbox.pending = [str(package)]
    page.inbox._next()
    qtbot.waitUntil(lambda: any("已导入" in text for _, text in watcher.seen), timeout=20000)
    watcher.timer.stop()
    titles = [title for title, _ in watcher.seen]
    assert titles[0] == "未登记签名" and titles.count("未登记签名") == 1
    assert not any("操作未完成" in text for _, text in watcher.seen)
    assert watcher.crowded == []             # never two boxes at once
    page.inbox.reload()
    signer = page.inbox.model.row(0)[6]
    assert "核对指纹后信任" in signer and "未登记" not in signer
    db.close()


def test_declined_trust_imports_nothing_and_asks_nothing_more(qtbot, chain, tmp_path,
                                                               monkeypatch):
    folder, c = chain
    village = next(iter(c.villages))
    town = c.townships[c.parent[village]]
    lone = open_db(tmp_path / "lone2.db")
    init_unit(lone, level="village", code=village[:9] + "298", name="新二村")
    lone.close()
    package = export(tmp_path / "lone2.db", tmp_path / "lone2.ykt", plaintext=True)
    db = open_db(town)
    before = db.execute("SELECT count(*) FROM submissions").fetchone()[0]
    page = SubmissionsPage(AppContext(db))
    qtbot.addWidget(page)

    def decline(modal):
        if isinstance(modal, QMessageBox):
            next(b for b in modal.buttons() if "不信任" in b.text()).click()

    watcher = ModalWatcher(decline)
    _static_boxes(monkeypatch, watcher)
    page.inbox.pending = [str(package)]
    page.inbox._next()
    qtbot.waitUntil(lambda: len(watcher.seen) == 1, timeout=30000)
    qtbot.wait(300)
    watcher.timer.stop()
    assert len(watcher.seen) == 1 and watcher.crowded == []
    assert db.execute("SELECT count(*) FROM submissions").fetchone()[0] == before
    db.close()


def test_village_accepts_a_return_from_an_unregistered_township(qtbot, chain, tmp_path,
                                                                monkeypatch):
    folder, c = chain
    village = next(iter(c.villages))
    town_path = c.townships[c.parent[village]]
    package = export(c.villages[village], tmp_path / "v.ykt")
    from exchange_support import send
    send(town_path, package)
    town = open_db(town_path)
    out = tmp_path / "退回.ykr"
    write_return(town, village, PERIOD, [Comment("package", "", "核查率偏低")], out)
    town.close()
    vdb = open_db(c.villages[village])
    # a village sliced for training: its trust store does not hold the township's key
    vdb.execute("DELETE FROM pki_trust")
    vdb.conn.commit()
    page = SubmissionsPage(AppContext(vdb))
    qtbot.addWidget(page)
    page.show()
    assert page.tabs.currentWidget() is page.send
    assert not page.tabs.isTabVisible(page.tabs.indexOf(page.board))
    assert not page.tabs.isTabVisible(page.tabs.indexOf(page.inbox))
    watcher = ModalWatcher(_answer_trust)
    _static_boxes(monkeypatch, watcher)
    page.send.import_return_file(str(out))
    watcher.timer.stop()
    assert [t for t, _ in watcher.seen] == ["未登记签名", "退回文件"]
    assert "已导入退回意见 1 条" in watcher.seen[1][1]
    vdb.close()


def test_unchanged_data_previews_as_no_change(qtbot, tmp_path):
    """A township sliced from a county that has issues, exported back unchanged: the county's
    preview says 无变化 (not 问题 新增N 删除N)."""
    from ykt_desktop.checks.decide import confirm_finding
    from ykt_desktop.checks.runner import run_checks
    from ykt_desktop.demo.generator import DemoParams, generate_demo
    from ykt_desktop.exchange.importer import import_package
    from ykt_desktop.exchange.split import slice_unit
    from ykt_desktop.exchange.writer import export_package
    from ykt_desktop.progress import run

    county = open_db(tmp_path / "county.db")
    run(generate_demo(county, DemoParams(villages=3, households_per_village=20, seed=7)))
    run(run_checks(county))
    for (fid,) in county.execute("SELECT id FROM findings ORDER BY id LIMIT 6").fetchall():
        confirm_finding(county, fid)
    town_code = county.execute("SELECT substr(village_code, 1, 9) || '000' FROM issues "
                               "GROUP BY 1 ORDER BY count(*) DESC").fetchone()[0]
    run(slice_unit(county, town_code, tmp_path / "town.db"))
    town = open_db(tmp_path / "town.db")
    assert town.execute("SELECT count(*) FROM issues").fetchone()[0] > 0
    from ykt_desktop.pki import enrol
    from ykt_desktop.pki.certs import load_pem_bundle

    county_cert = load_pem_bundle(enrol.own_certificate_pem(county), what="证书")[0]
    run(export_package(town, tmp_path / "town.ykt", period=PERIOD, encrypt_to=county_cert))
    trust = enrol_key(town)
    town.close()
    trust(county)
    result = run(import_package(county, tmp_path / "town.ykt", preview_only=True))
    assert not result.preview.any, result.preview.villages
    dialog = PackagePreviewDialog(result, "town.ykt")
    qtbot.addWidget(dialog)
    texts = [w.text() for w in dialog.findChildren(QLabel)]
    assert any("均无变化" in t for t in texts)
    county.close()


def enrol_key(db):
    from ykt_desktop.pki import enrol

    pem = enrol.own_certificate_pem(db)
    return lambda other: enrol.trust_key_file(other, pem)
