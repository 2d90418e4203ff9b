"""Importing several packages at once from the 上报与导入 page: a folder of two good village
packages and one tampered one runs as one job; the result table accepts the two and refuses the
third with the Chinese reason; a cancelled batch writes nothing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from exchange_support import export, make_chain

from ui.context import AppContext
from ui.submissions.page import SubmissionsPage
from ykt_desktop.exchange.batch import import_batch
from ykt_desktop.exchange.batch_report import batch_rows, packages_in_folder
from ykt_desktop.progress import run
from ykt_desktop.storage import open_db


def _tamper(source: Path, target: Path) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "data/persons.jsonl":
                data = data.replace(b'"F"', b'"M"', 1)
            zout.writestr(name, data)
    source.unlink()
    return target


@pytest.fixture
def inbox_folder(tmp_path):
    chain = make_chain(tmp_path)
    town = max(set(chain.parent.values()),
               key=lambda t: sum(v == t for v in chain.parent.values()))
    villages = sorted(c for c, t in chain.parent.items() if t == town)[:3]
    folder = tmp_path / "收到的上报"
    folder.mkdir()
    for code in villages[:2]:
        export(chain.villages[code], folder / f"{code}.ykt")
    _tamper(export(chain.villages[villages[2]], tmp_path / "raw.ykt", plaintext=True),
            folder / f"{villages[2]}.ykt")
    (folder / "说明.txt").write_text("不是上报文件", encoding="utf-8")
    return chain.townships[town], folder, villages


def _received(db) -> set[str]:
    return {r[0] for r in db.execute(
        "SELECT unit_code FROM submissions WHERE direction = 'in'").fetchall()}


def test_folder_batch_accepts_two_and_refuses_the_tampered_one(qtbot, inbox_folder):
    town, folder, villages = inbox_folder
    assert [p.name for p in packages_in_folder(folder)] == [f"{c}.ykt" for c in villages]
    db = open_db(town)
    page = SubmissionsPage(AppContext(db))
    qtbot.addWidget(page)
    assert page.inbox.batch_button.isEnabled() and page.inbox.folder_button.isEnabled()
    page.inbox.import_folder(folder)
    qtbot.waitUntil(lambda: page.inbox.batch_dialog is not None, timeout=60000)
    page.inbox.runner.wait()
    dialog = page.inbox.batch_dialog
    rows = [dialog.model.row(r) for r in range(dialog.model.rowCount())]
    assert [r[0] for r in rows] == [f"{c}.ykt" for c in villages]
    assert [r[3] for r in rows] == ["已导入", "已导入", "拒收（文件被改动）"]
    assert villages[0] in rows[0][1] and "户 " in rows[0][4]
    assert "data/persons.jsonl" in rows[2][4]
    assert "导入2个，拒收1个" in dialog.summary.text()
    assert _received(db) == set(villages[:2])
    assert page.inbox.model.rowCount() == 2          # the history reloaded
    page.inbox.run_batch(packages_in_folder(folder)[:2])
    qtbot.waitUntil(lambda: page.inbox.batch_dialog is not dialog
                    and page.inbox.batch_dialog is not None, timeout=60000)
    page.inbox.runner.wait()
    again = page.inbox.batch_dialog
    assert {again.model.row(r)[3] for r in range(again.model.rowCount())} == {"已导入过，未改动"}
    db.close()


def test_a_cancelled_batch_writes_nothing(inbox_folder):
    town, folder, villages = inbox_folder
    paths = packages_in_folder(folder)[:2]
    db = open_db(town)
    before = db.execute("SELECT count(*) FROM households").fetchone()[0]
    job = import_batch(db, paths)
    for step in job:                  # cancel (close the generator) once it starts writing
        if step.message.startswith("导入"):
            break
    job.close()
    assert db.execute("SELECT count(*) FROM households").fetchone()[0] == before
    assert _received(db) == set()
    rows = batch_rows(paths, run(import_batch(db, paths)))   # and afterwards it lands whole
    assert [r.outcome for r in rows] == ["imported", "imported"]
    assert _received(db) == set(villages[:2])
    db.close()
