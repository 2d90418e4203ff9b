"""Money is kept to the 分 and never negative at every entry point (issue 17 review): typed
amounts with a third decimal or a minus sign are refused with a Chinese message naming the
field, imported amounts are rounded 四舍五入 once, and the returns' SQL turns any stored amount
into the same 分 the lists print (1049.995 -> 1050.00 on both)."""

from __future__ import annotations

import sqlite3

import pytest

from ykt_desktop.campaign.errors import CampaignError
from ykt_desktop.campaign.self_reports import add_self_report
from ykt_desktop.cli import main
from ykt_desktop.imports import values
from ykt_desktop.ledger.issues import LedgerError, NewIssue, create_issue, get_issue, update_issue
from ykt_desktop.money import MoneyError, rounded_amount, typed_amount
from ykt_desktop.returns.figures import fen_sql
from ykt_desktop.storage import open_db

VILLAGE = "420999100200"


def _issue_count(path) -> int:
    db = open_db(path)
    try:
        return db.execute("SELECT count(*) FROM issues").fetchone()[0]
    finally:
        db.close()


@pytest.mark.parametrize("amount, word", [("1049.995", "最多两位小数"), ("-45", "不能为负数")])
def test_cli_issues_add_refuses_a_third_decimal_and_a_negative(demo_path, capsys, amount, word):
    before = _issue_count(demo_path)
    code = main(["issues", "add", "--db", str(demo_path), "--category", "jiecun",
                 "--village", VILLAGE, "--description", "结存资金未存专户",
                 f"--amount={amount}"])
    err = capsys.readouterr().err
    assert code != 0 and "涉及金额" in err and word in err
    assert _issue_count(demo_path) == before


def test_cli_issues_add_keeps_two_decimals(demo_path, capsys):
    assert main(["issues", "add", "--db", str(demo_path), "--category", "jiecun",
                 "--village", VILLAGE, "--description", "结存资金未存专户",
                 "--amount", "1049.99"]) == 0
    db = open_db(demo_path)
    assert db.execute("SELECT amount FROM issues ORDER BY id DESC LIMIT 1").fetchone()[0] \
        == 1049.99
    db.close()


def test_core_edit_close_and_self_report_refuse(demo_db):
    iid = create_issue(demo_db, NewIssue(category="jiecun", description="结存",
                                         village_code=VILLAGE, amount=0.1 + 0.2))
    assert get_issue(demo_db, iid)["amount"] == 0.3          # a computed sum's binary noise
    for field, label in (("amount", "涉及金额"), ("recovered_amount", "追缴收回金额"),
                         ("returned_amount", "返还发放金额")):
        for bad in ("12.345", -1):
            with pytest.raises(LedgerError, match=label):
                update_issue(demo_db, iid, {field: bad})
    with pytest.raises(LedgerError, match="涉及金额"):
        create_issue(demo_db, NewIssue(category="jiecun", description="x", amount=-45))
    for bad in (10.005, -3):
        with pytest.raises(CampaignError, match="主动上缴资金"):
            add_self_report(demo_db, iid, persons=1, amount=bad, reported_on="2026-10-08")
    assert get_issue(demo_db, iid)["self_returned_amount"] == 0


def test_typed_and_imported_amounts():
    assert typed_amount("1,200.50", "amount") == 1200.5
    with pytest.raises(MoneyError, match="不是数字"):
        typed_amount("十元", "amount")
    assert rounded_amount(1049.995) == 1050.0 and rounded_amount("2.675") == 2.68
    assert values.amount(1049.995) == 1050.0 and values.amount("12.345元") == 12.35


def test_sql_fen_is_half_up_and_exact():
    con = sqlite3.connect(":memory:")
    sql = "SELECT " + ", ".join(fen_sql(str(x)) for x in (1049.995, 12.635, 0.145, 1.005, 0.29))
    assert con.execute(sql).fetchone() == (105000, 1264, 15, 101, 29)


def test_a_negative_stored_amount_fails_a_rule_of_the_return(tmp_path):
    from tests.returns_case import load_case
    from ykt_desktop.returns.engine import fill
    from ykt_desktop.returns.rules import failures
    from ykt_desktop.returns.template import get_template

    db = load_case(tmp_path / "case.db")
    template = get_template("tianmen_wenti_tongji")
    assert failures(fill(db, template, "420999000000", "2025", use_draft=False)) == []
    db.execute("UPDATE issues SET amount = -45 WHERE id = (SELECT max(id) FROM issues "
               "WHERE created_at LIKE '2025%')")       # stored before entries were checked
    texts = [f.text for f in failures(fill(db, template, "420999000000", "2025",
                                           use_draft=False))]
    assert texts == ["合计：问题WT-CASE-021的涉及金额为负数（-45.00元），"
                     "请在问题台账或发放记录中更正"]
    db.close()
