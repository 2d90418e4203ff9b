"""Packages go through the same intake job as lists (issue 13): one backup step, one batch
record, the preview kept and written as previewed while the file and the database are
unchanged, the same file again a no-op without a backup."""

from __future__ import annotations

from exchange_support import export, make_chain, send

from ykt_desktop import backup
from ykt_desktop.intake import package_steps
from ykt_desktop.intake.packages import import_package
from ykt_desktop.progress import run
from ykt_desktop.storage import open_db


def _before_import(path) -> int:
    return sum(p.name.endswith("-before-import.db") for p in backup.list_backups(path))


def test_preview_kept_then_imported_and_repeat_is_a_no_op(tmp_path, monkeypatch):
    chain = make_chain(tmp_path)
    town_code = next(iter(chain.townships))
    first, village = [v for v in chain.villages if chain.parent[v] == town_code][:2]
    town = chain.townships[town_code]
    send(town, export(chain.villages[first], tmp_path / "first.ykt"))    # the town holds data
    package = export(chain.villages[village], tmp_path / "v.ykt")
    prepared: list[str] = []
    real = package_steps.prepare_result

    def counted(db, pkg, previous=None):
        prepared.append(pkg.path.name)
        return real(db, pkg, previous)

    monkeypatch.setattr("ykt_desktop.intake.packages.prepare_result", counted)
    db = open_db(town)
    try:
        preview = run(import_package(db, package, preview_only=True))
        assert preview.outcome == "preview" and preview.stamp is not None
        backups = _before_import(town)
        result = run(import_package(db, package, checked=preview))
        assert result.outcome == "imported" and prepared == ["v.ykt"]   # previewed once
        assert _before_import(town) == backups + 1
        batch = db.execute("SELECT kind, filename, sha256, rows FROM import_batches "
                           "ORDER BY id DESC LIMIT 1").fetchone()
        assert batch[:3] == ("package", "v.ykt", preview.stamp.identity.sha256) and batch[3] > 0
        again = run(import_package(db, package))
        assert again.outcome == "duplicate" and "本次未作任何改动" in again.message
        assert _before_import(town) == backups + 1                       # no backup for it
    finally:
        db.close()
