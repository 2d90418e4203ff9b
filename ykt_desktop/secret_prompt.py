"""Asking for a password on the command line, with a Chinese answer when there is no terminal.

``getpass`` needs a terminal; run from a script, a scheduled task or with input redirected from
an empty file it ends in ``EOFError`` or ``termios.error``. :func:`ask_secret` turns those into a
user error that says how to give the password without a terminal.
"""

from __future__ import annotations

import getpass
import sys

from ykt_desktop.errors import UserError

try:
    import termios

    NO_TERMINAL: tuple[type[BaseException], ...] = (EOFError, OSError, termios.error)
except ImportError:            # Windows: no termios
    NO_TERMINAL = (EOFError, OSError)

LOGIN_HOW = "在命令后加 --password-stdin 从标准输入传入密码，或设置环境变量 YKT_PASSWORD"
DB_HOW = "设置环境变量 YKT_DB_PASSPHRASE（数据库加密密码或恢复密钥），或从标准输入传入"


def ask_secret(prompt: str, *, how: str = LOGIN_HOW) -> str:
    """The secret typed at the prompt; a :class:`UserError` naming ``how`` without a terminal
    (standard input redirected: getpass would echo, warn in English, or wait on a pipe)."""
    try:
        if sys.stdin is None or not sys.stdin.isatty():
            raise EOFError
        return getpass.getpass(prompt)
    except NO_TERMINAL as exc:
        raise UserError(f"无法读取密码：没有可以输入密码的终端（{prompt.rstrip('：')}）。"
                        f"请{how}") from exc
