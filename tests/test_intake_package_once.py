"""A package is opened and verified once per import (issue 13): the preview keeps the opened
package, bound to the file's hash, and the import written from it does not open the file
again. A batch of packages goes through the same intake check and write: the same bytes twice
in one batch are applied once, the later copy reported as a duplicate."""

from __future__ import annotations

import shutil

import pytest
from exchange_support import export, make_chain, send

from ykt_desktop.cli import main
from ykt_desktop.exchange.batch import import_batch
from ykt_desktop.intake import package_steps
from ykt_desktop.intake.packages import import_package
from ykt_desktop.progress import run
from ykt_desktop.storage import open_db


@pytest.fixture()
def opens(monkeypatch) -> list[str]:
    """Every time a package file is opened and verified (signature, decryption, SHA-256)."""
    seen: list[str] = []
    real = package_steps.open_verified

    def counted(db, path, *, kind):
        seen.append(path.name if hasattr(path, "name") else str(path))
        return real(db, path, kind=kind)

    monkeypatch.setattr(package_steps, "open_verified", counted)
    return seen


@pytest.fixture()
def town_and_package(tmp_path):
    chain = make_chain(tmp_path)
    town_code = next(iter(chain.townships))
    first, village = [v for v in chain.villages if chain.parent[v] == town_code][:2]
    town = chain.townships[town_code]
    send(town, export(chain.villages[first], tmp_path / "first.ykt"))    # the town holds data
    return town, export(chain.villages[village], tmp_path / "v1.ykt")


def _rows(db, sha: str) -> tuple[int, int]:
    return (db.execute("SELECT count(*) FROM submissions WHERE package_sha256 = ? "
                       "AND direction = 'in'", [sha]).fetchone()[0],
            db.execute("SELECT count(*) FROM import_batches WHERE kind = 'package' "
                       "AND sha256 = ?", [sha]).fetchone()[0])


def test_preview_then_import_opens_the_package_once(town_and_package, opens):
    town, package = town_and_package
    db = open_db(town)
    try:
        preview = run(import_package(db, package, preview_only=True))
        assert opens == ["v1.ykt"]
        result = run(import_package(db, package, checked=preview))
        assert result.outcome == "imported" and opens == ["v1.ykt"]     # reused, not reopened
        assert getattr(preview, "package", None) is None                # closed after the write
        assert _rows(db, preview.stamp.identity.sha256) == (1, 1)
    finally:
        db.close()


def test_a_changed_file_is_opened_again(town_and_package, opens, tmp_path):
    town, package = town_and_package
    db = open_db(town)
    try:
        preview = run(import_package(db, package, preview_only=True))
        shutil.copyfile(tmp_path / "first.ykt", package)       # other bytes under the name
        result = run(import_package(db, package, checked=preview))
        assert opens == ["v1.ykt", "v1.ykt"] and result.outcome == "duplicate"
    finally:
        db.close()


def test_same_bytes_twice_in_one_batch_are_applied_once(town_and_package, opens):
    town, package = town_and_package
    copy = shutil.copyfile(package, package.with_name("v1copy.ykt"))
    db = open_db(town)
    try:
        first, second = run(import_batch(db, [package, copy]))
        assert first.outcome == "imported" and second.outcome == "duplicate"
        assert "v1.ykt" in second.message and "未作任何改动" in second.message
        assert opens == ["v1.ykt", "v1copy.ykt"]                    # each file opened once
        assert _rows(db, first.stamp.identity.sha256) == (1, 1)
    finally:
        db.close()


def test_cli_batch_reports_the_copy_in_chinese(town_and_package, capsys):
    town, package = town_and_package
    copy = shutil.copyfile(package, package.with_name("v1copy.ykt"))
    assert main(["--db", str(town), "import-package", str(package), str(copy)]) == 0
    out = capsys.readouterr().out
    assert "该文件与本批的 v1.ykt 内容完全相同" in out
    db = open_db(town)
    try:
        sha = db.execute("SELECT package_sha256 FROM submissions WHERE direction = 'in' "
                         "ORDER BY id DESC LIMIT 1").fetchone()[0]
        assert _rows(db, sha) == (1, 1)
    finally:
        db.close()
