"""``--self-check`` passes on a working install and reports a broken step."""

import subprocess
import sys
from pathlib import Path

from ykt_desktop import selfcheck

ROOT = Path(__file__).resolve().parent.parent


def test_main_self_check_runs_without_a_screen():
    env = {k: v for k, v in __import__("os").environ.items() if k != "DISPLAY"}
    result = subprocess.run([sys.executable, "main.py", "--self-check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in ("资源文件", "中文字体", "数据库", "PDF", "Excel", "数字签名", "界面"):
        assert f"[通过] {name}" in result.stdout
    assert "自检全部通过" in result.stdout


def test_a_failing_step_is_reported(monkeypatch):
    def broken(_folder):
        raise FileNotFoundError("缺少资源文件：wqy-microhei.ttf")

    monkeypatch.setattr(selfcheck, "STEPS", [("中文字体", broken)])
    results = list(selfcheck.run_checks())
    assert [r.ok for r in results] == [False]
    assert "wqy-microhei.ttf" in results[0].detail
