import subprocess
import sys
from pathlib import Path

from ykt_desktop import __version__
from ykt_desktop.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_help_lists_subcommands(capsys):
    main([])
    out = capsys.readouterr().out
    for command in ("init", "demo", "info"):
        assert command in out


def test_version():
    result = subprocess.run([sys.executable, "-m", "ykt_desktop", "--version"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.stdout.strip() == f"ykt-desktop {__version__}"


def test_init_and_info(tmp_path, capsys):
    db = tmp_path / "v.db"
    assert main(["init", "--db", str(db), "--level", "村", "--code", "420999100201",
                 "--name", "东风村"]) == 0
    assert "东风村" in capsys.readouterr().out
    assert main(["--db", str(db), "info"]) == 0
    out = capsys.readouterr().out
    assert "本单位：村 东风村（420999100201）" in out
    assert "补贴项目" in out and "subsidy_items" not in out


def test_init_with_bad_code_is_a_clear_error(tmp_path, capsys):
    code = main(["init", "--db", str(tmp_path / "x.db"), "--level", "village", "--code", "12",
                 "--name", "某村"])
    assert code == 2
    assert "错误：区划代码“12”应为12位数字" in capsys.readouterr().err


def test_demo_command_writes_truth(tmp_path, capsys):
    db = tmp_path / "d.db"
    assert main(["demo", "--db", str(db), "--villages", "2", "--households-per-village", "5",
                 "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "演示县已生成" in out
    assert (tmp_path / "d.db.truth.json").exists()
