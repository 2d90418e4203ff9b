"""问题编号 on the command line (issue 18 review): the short form WT2026000001 (as the help shows
it) is taken when one issue in the database ends so; several are listed; unknown says how
numbers look."""

from __future__ import annotations

import pytest

from ykt_desktop.cli import main as cli_main
from ykt_desktop.ledger.issues import NewIssue, create_issue, get_issue
from ykt_desktop.ledger.query import IssueNotFound, issue_by_number
from ykt_desktop.storage import open_db


def test_short_number_when_unique(demo_path, capsys):
    db = open_db(demo_path)
    iid = create_issue(db, NewIssue(category="kekou", description="克扣低保金", amount=350))
    whole = get_issue(db, iid)["issue_no"]
    short = whole.rsplit("-", 1)[1]
    assert short.startswith("WT") and issue_by_number(db, short) == iid
    db.close()
    assert cli_main(["--db", str(demo_path), "issues", "start", short,
                     "--deadline", "2026-12-31"]) == 0
    assert "已开始整改" in capsys.readouterr().out


def test_several_listed_and_unknown_explained(demo_db):
    iid = create_issue(demo_db, NewIssue(category="kekou", description="一", amount=1))
    short = get_issue(demo_db, iid)["issue_no"].rsplit("-", 1)[1]
    demo_db.execute("UPDATE issues SET issue_no = ? WHERE id = ?", [f"420999100201-{short}", iid])
    other = create_issue(demo_db, NewIssue(category="kekou", description="二", amount=1))
    demo_db.execute("UPDATE issues SET issue_no = ? WHERE id = ?",
                    [f"420999100202-{short}", other])
    with pytest.raises(IssueNotFound, match=f"以 {short} 结尾的问题有 2 个"):
        issue_by_number(demo_db, short)
    with pytest.raises(IssueNotFound, match="本库中唯一时可只写"):
        issue_by_number(demo_db, "WT1999000001")
