"""Command line in words (issue 18 review): the demo's counts and a package's progress name the
tables in Chinese, ``check`` names rules by their titles (and takes a title), coded options take
the Chinese word (角色, 层级, 状态), usage names ``ykt`` when started as ``ykt``, and messages
that name a command-line step also say where to do it in the window."""

from __future__ import annotations

import io
import re

import pytest

from ykt_desktop.checks.registry import get_rule
from ykt_desktop.cli import build_parser
from ykt_desktop.cli import main as cli_main
from ykt_desktop.errors import UserError
from ykt_desktop.exchange.writer import write_package
from ykt_desktop.pki import enrol
from ykt_desktop.progress import run
from ykt_desktop.storage import open_db
from ykt_desktop.unit import require_unit
from ykt_desktop.unit_keys import ensure_unit_key
from ykt_desktop.unit_setup import init_unit

TABLE_WORD = re.compile(r"\b(regions|households|death_list|cadre_list|postings|persons)\b")


def test_demo_counts_in_chinese(tmp_path, capsys):
    assert cli_main(["--db", str(tmp_path / "d.db"), "demo", "--villages", "1",
                     "--households", "2", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "户：2" in out and "死亡名单：" in out and not TABLE_WORD.search(out)


def test_package_progress_in_chinese(demo_db, tmp_path):
    village = demo_db.execute("SELECT min(code) FROM regions WHERE level = 'village'"
                              ).fetchone()[0]
    steps: list[str] = []
    run(write_package(demo_db, tmp_path / "p.ykt", scope_code=village,
                      key=ensure_unit_key(demo_db), period="2025-12",
                      unit={"code": "420999000000", "level": "county", "name": "演示县"}),
        lambda step: steps.append(step.message))
    assert "写入户" in steps and not [s for s in steps if re.search(r"[a-z_]{4,}", s)]


def test_check_by_rule_title(demo_path, capsys):
    title = get_rule("dead_paid").title
    assert cli_main(["--db", str(demo_path), "check", "--rule", title]) == 0
    out = capsys.readouterr().out
    assert title in out and "dead_paid" not in out
    assert cli_main(["--db", str(demo_path), "check"]) == 0
    assert not re.search(r"[a-z]+_[a-z_]+", capsys.readouterr().out)


def test_coded_options_take_the_chinese_word(demo_path, capsys, monkeypatch):
    db = str(demo_path)
    assert cli_main(["--db", db, "calendar-deadline", "--title", "月报", "--due", "2026-12-01",
                     "--level", "乡镇"]) == 0
    assert cli_main(["--db", db, "issues", "list", "--status", "已挂号"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("Kouling-2026-long\n"))
    assert cli_main(["--db", db, "users", "add", "boss", "--role", "县级管理员",
                     "--unit", "420999000000", "--password-stdin"]) == 0
    assert "县级管理员" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli_main(["--db", db, "issues", "list", "--status", "没这个"])
    err = capsys.readouterr().err
    assert "参数 --status：状态“没这个”不在可选范围内" in err and "已挂号（registered）" in err
    level = open_db(demo_path).execute("SELECT level FROM campaign_deadlines WHERE title = '月报'"
                                       ).fetchone()[0]
    assert level == "township"


def test_usage_names_ykt_when_started_as_ykt(monkeypatch):
    monkeypatch.setattr("sys.argv", ["/home/cadre/.local/bin/ykt", "--help"])
    assert build_parser().format_usage().startswith("用法：ykt ")
    monkeypatch.setattr("sys.argv", ["/x/ykt_desktop/__main__.py"])
    assert build_parser().format_usage().startswith("用法：python -m ykt_desktop")


def test_step_messages_say_where_in_the_window(empty_db, county_db, tmp_path):
    with pytest.raises(UserError, match="初始设置"):
        require_unit(empty_db)
    town = open_db(tmp_path / "town.db")
    init_unit(town, level="township", code="420999100000", name="城关镇")
    with pytest.raises(UserError, match="“上报与导入”页的“证书”中点“建立本县根证书”"):
        enrol.issue(county_db, enrol.make_request(town))
