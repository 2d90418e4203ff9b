"""Words for people (issue 18): the demo banner names no command-line flag, `info` names every
table in Chinese, every table of a database has a Chinese name."""

from __future__ import annotations

import re

from ui.context import AppContext
from ui.main_window import demo_banner
from ykt_desktop.cli import main as cli_main
from ykt_desktop.table_names import TABLE_NAMES, table_name


def test_demo_banner_names_no_flag(demo_db):
    for read_only in (True, False):
        text = demo_banner(AppContext(demo_db, read_only=read_only, demo=True))
        assert text and "--" not in text and not re.search(r"[A-Za-z]", text)


def test_info_prints_chinese_table_names(demo_path, capsys):
    assert cli_main(["--db", str(demo_path), "info"]) == 0
    out = capsys.readouterr().out
    counted = [line for line in out.splitlines() if line.startswith("  ")]
    assert len(counted) > 10
    assert not any(re.search(r"[A-Za-z_]{3,}", line) for line in counted), counted


def test_every_table_has_a_chinese_name(demo_db):
    for table in demo_db.table_names():
        if table.startswith(("_", "sqlite_")):
            continue
        assert table in TABLE_NAMES and not re.search(r"[A-Za-z]", table_name(table)), table
