"""A password prompt with no terminal ends in a Chinese error naming how to give it instead
(not ``termios.error``/``EOFError`` and a traceback)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _cli(*args: str, stdin_text: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("YKT_PASSWORD", "YKT_DB_PASSPHRASE", "YKT_RECOVERY_KEY")}
    return subprocess.run([sys.executable, "-m", "ykt_desktop", *args], cwd=ROOT, env=env,
                          input=stdin_text, capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL if stdin_text is None else None)


def test_encrypted_database_without_terminal_names_the_ways_to_give_the_passphrase(tmp_path):
    db = tmp_path / "enc.db"
    made = _cli("--db", str(db), "create-encrypted", "--password-stdin",
                stdin_text="testpass123\n")
    assert made.returncode == 0, made.stderr
    for stdin_text in (None, ""):               # /dev/null, and an empty pipe
        done = _cli("--db", str(db), "demo", stdin_text=stdin_text)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        assert "没有可以输入密码的终端" in done.stderr and "YKT_DB_PASSPHRASE" in done.stderr
        assert "Warning" not in done.stderr


def test_login_prompt_without_terminal_names_password_stdin(monkeypatch):
    import io

    import pytest

    from ykt_desktop.errors import UserError
    from ykt_desktop.secret_prompt import ask_secret

    monkeypatch.setattr(sys, "stdin", io.StringIO("not a terminal\n"))
    with pytest.raises(UserError, match="--password-stdin.*YKT_PASSWORD"):
        ask_secret("用户 admin 的密码：")
