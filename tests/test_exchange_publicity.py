"""A village's notices and their posting records travel up in its package."""

import pytest
from exchange_support import copy_chain, export, make_chain, scalar, send

from ykt_desktop.cli import main


@pytest.fixture
def chain(tmp_path):
    return copy_chain(make_chain(tmp_path / "base"), tmp_path / "chain")


def test_notice_and_posting_reach_the_township(chain, tmp_path, capsys):
    village = next(iter(chain.villages))
    db = str(chain.villages[village])
    code = main(["--db", db, "publicity", "--item", "dibao", "--period", "2025-12",
                 "--scope", village, "--out", str(tmp_path / "notice.pdf")])
    assert code == 0, capsys.readouterr().err
    publicity_id = scalar(chain.villages[village], "SELECT max(id) FROM publicity")
    assert main(["--db", db, "publicity-post", "--id", str(publicity_id),
                 "--location", "村务公开栏", "--from", "2026-01-05", "--to", "2026-01-12"]) == 0
    township = chain.townships[chain.parent[village]]
    result = send(township, export(chain.villages[village], tmp_path / "v.ykt"))
    assert result.outcome == "imported"
    title = scalar(chain.villages[village], "SELECT title FROM publicity")
    assert scalar(township, "SELECT count(*) FROM publicity WHERE title = ?", [title]) == 1
    assert scalar(township, "SELECT count(*) FROM postings p JOIN publicity b "
                            "ON b.id = p.publicity_id WHERE b.title = ? "
                            "AND p.location = '村务公开栏' AND p.posted_to = '2026-01-12'",
                  [title]) == 1
    assert scalar(township, "SELECT file_attachment_id IS NOT NULL FROM publicity "
                            "WHERE title = ?", [title]) == 1
