"""The command line's own words are Chinese too: help sections, usage and argument errors."""

import pytest

from ykt_desktop.cli import main
from ykt_desktop.cli_chinese import chinese_message


def test_help_and_errors_in_chinese(capsys):
    with pytest.raises(SystemExit) as ended:
        main(["import-roster", "--help"])
    assert ended.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：python -m ykt_desktop import-roster")
    assert "选项:" in out and "显示本帮助并退出" in out
    assert "usage" not in out and "show this help" not in out
    with pytest.raises(SystemExit) as ended:
        main(["import-roster"])
    assert ended.value.code == 2
    assert "错误：缺少必需的参数：file" in capsys.readouterr().err


def test_messages_translated_with_their_details():
    assert chinese_message("unrecognized arguments: --x") == "不认识的参数：--x"
    assert chinese_message("argument --rule: expected one argument") == "参数 --rule 需要一个值"
    assert chinese_message("something new") == "something new"


def test_a_mistyped_db_path_is_refused_not_created(tmp_path, capsys):
    missing = tmp_path / "typo" / "县.db"
    assert main(["info", "--db", str(missing)]) == 2
    assert "找不到数据库文件" in capsys.readouterr().err
    assert not missing.exists() and not missing.parent.exists()
    assert main(["init", "--db", str(tmp_path / "new.db"), "--level", "村", "--code",
                 "420999100201", "--name", "东风村"]) == 0
    assert main(["info", "--db", str(tmp_path / "new.db")]) == 0


def test_output_piped_into_head_ends_quietly(monkeypatch):
    """``... | head``: the reader has gone; the command ends with 0, not a traceback."""
    import io
    import os
    import sys

    read_end, write_end = os.pipe()
    os.close(read_end)                           # nobody reads any more
    closed = io.TextIOWrapper(open(write_end, "wb", buffering=0), line_buffering=True)
    monkeypatch.setattr(sys, "stdout", closed)
    assert main(["check", "--list"]) == 0
