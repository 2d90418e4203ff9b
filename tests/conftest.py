"""Shared fixtures.

- ``empty_db``: a new migrated database file with no unit.
- ``county_db``: a county unit (演示县 420999000000) with the default catalogue, no households.
- ``demo_db``: a private copy of a small demo county (3 villages x 30 households, seed 7);
  ``demo_truth`` is its ground truth ({rule: set of subject keys}).
Qt tests run offscreen; the user's data folder points into a temporary directory.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["YKT_DEBUG"] = "1"       # a database connection used from a second thread raises
_DATA_HOME = tempfile.mkdtemp(prefix="ykt-test-data-")
os.environ["XDG_DATA_HOME"] = _DATA_HOME
# remembered folders and hidden columns (QSettings) of a test run never touch the user's
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="ykt-test-config-")

from ykt_desktop.demo.generator import DemoParams, generate_demo  # noqa: E402
from ykt_desktop.demo.truth import read_truth, truth_path  # noqa: E402
from ykt_desktop.progress import run  # noqa: E402
from ykt_desktop.storage import open_db  # noqa: E402
from ykt_desktop.unit_setup import init_unit  # noqa: E402

SMALL_DEMO = DemoParams(villages=3, households_per_village=30, seed=7, townships=2)


@pytest.fixture
def empty_db(tmp_path: Path):
    db = open_db(tmp_path / "empty.db")
    yield db
    db.close()


@pytest.fixture
def county_db(tmp_path: Path):
    db = open_db(tmp_path / "county.db")
    init_unit(db, level="county", code="420999000000", name="演示县")
    yield db
    db.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = open_db(path)
    run(generate_demo(db, SMALL_DEMO))
    db.close()
    return path


def copy_db(source: Path, target: Path) -> Path:
    src = sqlite3.connect(str(source))
    dst = sqlite3.connect(str(target))
    src.backup(dst)
    src.close()
    dst.close()
    truth = truth_path(source)
    if truth.exists():
        truth_path(target).write_bytes(truth.read_bytes())
    return target


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    return copy_db(demo_template, tmp_path / "demo.db")


@pytest.fixture
def demo_db(demo_path: Path):
    db = open_db(demo_path)
    yield db
    db.close()


@pytest.fixture
def demo_truth(demo_path: Path) -> dict[str, set[str]]:
    return read_truth(truth_path(demo_path))


@pytest.fixture(autouse=True)
def no_blocking_message_boxes(request, monkeypatch):
    """A modal QMessageBox left unanswered would hang the whole run (a worker's error box, say).

    Qt tests get message boxes that record their text in ``message_boxes`` and answer at once
    (question -> No). A test that wants another answer monkeypatches QMessageBox itself.
    """
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        yield []
        return
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str]] = []

    def recorder(kind: str, answer):
        def box(*args, **kwargs):
            text = args[2] if len(args) > 2 else kwargs.get("text", "")
            shown.append((kind, str(text)))
            return answer
        return staticmethod(box)

    buttons = QMessageBox.StandardButton
    monkeypatch.setattr(QMessageBox, "critical", recorder("critical", buttons.Ok))
    monkeypatch.setattr(QMessageBox, "warning", recorder("warning", buttons.Ok))
    monkeypatch.setattr(QMessageBox, "information", recorder("information", buttons.Ok))
    monkeypatch.setattr(QMessageBox, "question", recorder("question", buttons.No))
    yield shown


@pytest.fixture
def gui_thread_gc(qapp):
    """As in the app (ui/gui_gc.py): Python's cyclic collector runs only on the GUI thread
    during a Qt test, so a job or count thread never frees (deletes) a test's widgets. Torn
    down after qtbot: the test's garbage is collected here, then Python collects as usual."""
    from ui.gui_gc import GuiThreadCollector

    collector = GuiThreadCollector(qapp)
    yield collector
    collector.stop()
    collector.setParent(None)


@pytest.fixture(autouse=True)
def no_background_query_left_running(request):
    """A count still running after its test ends would outlive the widgets that asked for it:
    wait for it (and deliver its result) before qtbot closes and deletes the test's widgets."""
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("gui_thread_gc")  # first, so torn down last (after qtbot)
    request.getfixturevalue("qtbot")      # set up before, so torn down after this fixture
    yield
    from PySide6.QtWidgets import QApplication

    from ui.common import workers
    from ui.common.background import wait_all

    wait_all()
    workers.wait_all()
    QApplication.processEvents()


SLOW_TEST_TIMEOUT = 1200


def pytest_collection_modifyitems(items):
    """The 300 s timeout is a hang detector. A test marked slow (a PyInstaller build, 20 kills of
    a restore, the GUI soak) takes minutes by design and, on a machine loaded several times over,
    more than 300 s without hanging; pytest-timeout's thread method then ends the worker, which
    xdist reports as "worker crashed". Slow tests get a longer limit of their own."""
    for item in items:
        if item.get_closest_marker("slow") and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(SLOW_TEST_TIMEOUT))
