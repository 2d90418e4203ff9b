"""The command line for findings (confirm / dismiss / restore) and for every step of the ledger
(add, edit, start, evidence, close, reopen, refer, discipline, comment), through the same core
functions as the pages; --db accepted after the subcommand everywhere."""

from __future__ import annotations

import argparse

import pytest

from ykt_desktop.cli import build_parser, main
from ykt_desktop.ledger.issues import evidence_ids, get_issue
from ykt_desktop.storage import open_db


def _one(path, sql: str, args: list | None = None):
    db = open_db(path)
    try:
        return db.execute(sql, args or []).fetchone()
    finally:
        db.close()


@pytest.fixture
def checked(demo_path, capsys):
    assert main(["check", "--db", str(demo_path), "--rule", "dead_paid", "--rule",
                 "wrong_card"]) == 0
    capsys.readouterr()
    return demo_path


def test_findings_list_show_confirm_dismiss_restore(checked, capsys):
    db = str(checked)
    dead = [r[0] for r in open_db(checked).execute(
        "SELECT id FROM findings WHERE rule = 'dead_paid' ORDER BY id").fetchall()]
    assert len(dead) >= 2
    assert main(["findings", "list", "--db", db, "--rule", "dead_paid"]) == 0
    out = capsys.readouterr().out
    assert f"待确认比对结果共{len(dead)}条" in out and "死亡" in out
    assert main(["findings", "show", str(dead[0]), "--db", db]) == 0
    assert "规则代码：dead_paid" in capsys.readouterr().out
    assert main(["findings", "confirm", str(dead[0]), str(dead[1]), "--db", db,
                 "--unit", "东风村委会", "--deadline", "2026-06-30"]) == 0
    out = capsys.readouterr().out
    assert out.count("已确认，登记为问题 420999000000-WT") == 2     # the unit code first
    issue = _one(checked, "SELECT issue_id FROM findings WHERE id = ?", [dead[0]])[0]
    assert _one(checked, "SELECT status, responsible_unit, deadline, found_by FROM issues "
                "WHERE id = ?", [issue]) == ("registered", "东风村委会", "2026-06-30", "check")
    assert main(["findings", "dismiss", str(dead[0]), "--db", db, "--reason", "误报"]) == 2
    assert "已登记为问题" in capsys.readouterr().err
    other = _one(checked, "SELECT id FROM findings WHERE rule = 'wrong_card'")[0]
    assert main(["findings", "dismiss", str(other), "--db", db, "--reason",
                 "户主代领，已核实"]) == 0
    assert _one(checked, "SELECT status, dismiss_reason FROM findings WHERE id = ?",
                [other]) == ("dismissed", "户主代领，已核实")
    assert main(["findings", "list", "--db", db, "--status", "dismissed"]) == 0
    assert "已排除比对结果共1条" in capsys.readouterr().out
    assert main(["findings", "restore", str(other), "--db", db]) == 0
    assert _one(checked, "SELECT status FROM findings WHERE id = ?", [other]) == ("candidate",)


def test_confirming_several_is_all_or_nothing(checked, capsys):
    ids = [r[0] for r in open_db(checked).execute(
        "SELECT id FROM findings ORDER BY id LIMIT 2").fetchall()]
    before = _one(checked, "SELECT count(*) FROM issues")[0]
    assert main(["findings", "dismiss", str(ids[1]), "--db", str(checked), "--reason", "x"]) == 0
    assert main(["findings", "confirm", str(ids[0]), str(ids[1]), "--db", str(checked)]) == 2
    assert "已排除" in capsys.readouterr().err
    assert _one(checked, "SELECT count(*) FROM issues")[0] == before
    assert _one(checked, "SELECT status FROM findings WHERE id = ?", [ids[0]]) == ("candidate",)
    with pytest.raises(SystemExit):
        main(["findings", "confirm", "abc", "--db", str(checked)])
    assert "比对结果序号应为数字：abc" in capsys.readouterr().err


def test_the_ledger_flow_from_the_command_line(demo_path, tmp_path, capsys):
    db = str(demo_path)
    assert main(["issues", "add", "--db", db, "--category", "kekou", "--description",
                 "群众举报克扣低保金", "--amount", "350"]) == 0
    no = capsys.readouterr().out.split("：")[0].removeprefix("问题")
    iid = _one(demo_path, "SELECT id FROM issues WHERE issue_no = ?", [no])[0]
    steps = [
        (["edit", no, "--person", "王主任", "--deadline", "2026-06-30"], "已修改", "registered"),
        (["start", no, "--unit", "东风村委会", "--note", "约谈"], "已开始整改", "rectifying"),
    ]
    for argv, said, status in steps:
        assert main(["issues", *argv, "--db", db]) == 0
        assert said in capsys.readouterr().out
        assert get_issue(open_db(demo_path), iid)["status"] == status
    receipt = tmp_path / "收条.jpg"
    receipt.write_bytes(b"\xff\xd8 receipt")
    # a bad date: nothing lands, not even the evidence given with it
    assert main(["issues", "close", no, "--db", db, "--measure", "已退还", "--date", "2026-02-30",
                 "--evidence", str(receipt)]) == 2
    assert "不是有效日期" in capsys.readouterr().err
    assert evidence_ids(open_db(demo_path), iid) == []
    assert main(["issues", "close", no, "--db", db, "--measure", "已退还", "--date",
                 "2026-03-01"]) == 2
    assert "还没有整改佐证材料" in capsys.readouterr().err
    assert main(["issues", "evidence", no, str(receipt), "--db", db]) == 0
    assert main(["issues", "close", no, "--db", db, "--measure", "已退还克扣资金", "--date",
                 "2026-03-01", "--recovered", "0", "--returned", "350"]) == 0
    issue = get_issue(open_db(demo_path), iid)
    assert (issue["status"], issue["rectified_at"], issue["returned_amount"]) == (
        "closed", "2026-03-01", 350.0)
    assert main(["issues", "reopen", no, "--db", db, "--reason", ""]) == 2
    assert "必须说明理由" in capsys.readouterr().err
    assert main(["issues", "reopen", no, "--db", db, "--reason", "佐证不足"]) == 0
    assert main(["issues", "discipline", no, "--db", db, "--party", "1"]) == 2
    assert "尚未移交纪检监察" in capsys.readouterr().err
    assert main(["issues", "refer", no, "--db", db, "--note", "移交县纪委 纪移〔2026〕3号"]) == 0
    assert main(["issues", "discipline", no, "--db", db, "--party", "1", "--exposed",
                 "--exposed-persons", "1"]) == 0
    assert main(["issues", "comment", no, "电话督办", "--db", db]) == 0
    issue = get_issue(open_db(demo_path), iid)
    assert (issue["status"], issue["referred"], issue["party_sanctions"], issue["exposed"]) == (
        "reopened", 1, 1, 1)
    capsys.readouterr()
    assert main(["issues", "show", "--db", db, no]) == 0    # --db between action and number
    out = capsys.readouterr().out
    for text in ("已销号 → 退回重改 佐证不足", "上传佐证 上传佐证材料：收条.jpg",
                 "移交纪检监察 移交县纪委", "备注 电话督办", "整改措施：已退还克扣资金"):
        assert text in out, text


def test_unknown_issue_is_a_chinese_error(demo_path, capsys):
    assert main(["issues", "start", "WT1999000001", "--db", str(demo_path)]) == 2
    assert "没有编号为 WT1999000001 的问题" in capsys.readouterr().err


def _leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, parser
    for action in subs:
        for name, child in action.choices.items():
            yield from _leaves(child, (*path, name))


def test_db_is_accepted_after_every_subcommand_that_uses_a_database():
    for path, parser in _leaves(build_parser()):
        if path == ("self-check",):     # checks this machine, opens no database
            continue
        assert any("--db" in a.option_strings for a in parser._actions), " ".join(path)
