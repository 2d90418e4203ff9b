"""The package preview counts only the removals the import makes (issue 19 review): issues the
receiver registered itself in the sender's village are neither removed nor counted."""

from __future__ import annotations

import pytest
from exchange_support import copy_chain, export, make_chain, send

from ykt_desktop.exchange.importer import verify_package
from ykt_desktop.exchange.preview import preview_package
from ykt_desktop.ledger.issues import NewIssue, create_issue
from ykt_desktop.storage import open_db


@pytest.fixture(scope="module")
def base_chain(tmp_path_factory):
    return make_chain(tmp_path_factory.mktemp("preview-issues"))


def _own_issues(town, village: str, n: int) -> list[str]:
    db = open_db(town)
    try:
        ids = [create_issue(db, NewIssue("kekou", description=f"乡镇登记{i}",
                                         village_code=village)) for i in range(n)]
        return [db.execute("SELECT issue_no FROM issues WHERE id = ?", [i]).fetchone()[0]
                for i in ids]
    finally:
        db.close()


def test_preview_removes_nothing_the_import_keeps(base_chain, tmp_path):
    chain = copy_chain(base_chain, tmp_path / "chain")
    village = next(iter(chain.villages))
    town = chain.townships[chain.parent[village]]
    package = export(chain.villages[village], tmp_path / "v.ykt")
    send(town, package)                                   # the village's first upload
    numbers = _own_issues(town, village, 2)               # the township's own, in the village
    again = export(chain.villages[village], tmp_path / "v2.ykt")
    db = open_db(town)
    try:
        pkg = verify_package(db, again)
        preview = preview_package(db, pkg)
        pkg.close()
    finally:
        db.close()
    assert preview.total("issues").removed == 0
    send(town, again)
    db = open_db(town)
    try:
        kept = db.execute(f"SELECT count(*) FROM issues WHERE issue_no IN "
                          f"({','.join('?' * len(numbers))})", numbers).fetchone()[0]
    finally:
        db.close()
    assert kept == 2
