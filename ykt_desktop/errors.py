"""Exceptions whose message is meant for the user (Chinese). A leaf: imports nothing of ours.

Each feature's error classes subclass :class:`UserError` (keeping their own base, such as
``ValueError`` or ``OSError``, when they have one). The CLI prints a ``UserError`` as
``错误：...`` with exit code 2; the UI shows it in a message box (``except UserError``).
Anything else is a fault of the program and is not dressed up as a user's mistake.
"""

from __future__ import annotations


class UserError(Exception):
    """A failure the user can act on; the message is Chinese and names file, sheet, row, column.

    Also raised directly by feature modules that need no class of their own.
    """


class CliError(UserError):
    """A command-line failure (bad option, missing file): printed in Chinese, exit code 2."""
