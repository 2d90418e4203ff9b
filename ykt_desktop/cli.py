"""``python -m ykt_desktop``: the command line for every core job.

Each module in :mod:`ykt_desktop.commands` defines ``register(subparsers)`` and adds its own
subcommands; a subcommand sets ``func`` (taking the parsed args, returning an exit code).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path

from ykt_desktop import APP_TITLE, __version__, commands
from ykt_desktop.audit.head import flush_quietly
from ykt_desktop.cli_chinese import ChineseArgumentParser
from ykt_desktop.cli_login import add_login_options
from ykt_desktop.db_errors import explain
from ykt_desktop.errors import CliError, UserError

__all__ = ["CliError", "build_parser", "main"]     # CliError lives in ykt_desktop.errors


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog=program_name(),
        description=f"{APP_TITLE}：惠民惠农财政补贴资金“一卡通”专项治理（命令行）",
    )
    parser.add_argument("--version", action="version", version=f"ykt-desktop {__version__}",
                        help="显示版本号并退出")
    parser.add_argument("--db", metavar="PATH", help="数据库文件（默认在用户数据目录）")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(sub)
    add_login_options(parser, top=True)
    for name, leaf in leaf_parsers(parser):
        leaf.set_defaults(cli_command=name)
        add_login_options(leaf)
    return parser


def program_name() -> str:
    """How the officer started the command line: ``ykt`` (the installed script) or
    ``python -m ykt_desktop``; usage lines name the same."""
    started = Path(sys.argv[0]).stem if sys.argv and sys.argv[0] else ""
    return "ykt" if started.lower() == "ykt" else "python -m ykt_desktop"


def leaf_parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
                 ) -> list[tuple[str, argparse.ArgumentParser]]:
    """Every runnable subcommand as ("users passwd", its parser)."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return [(" ".join(path), parser)] if path else []
    found = []
    for action in subs:
        for name, child in action.choices.items():
            found += leaf_parsers(child, (*path, name))
    return found


def main(argv: Sequence[str] | None = None) -> int:
    utf8_stdout()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        try:
            return int(args.func(args) or 0)
        finally:
            flush_quietly(getattr(args, "opened_db", None))    # the head beside the file
    except KeyboardInterrupt:
        print("已取消", file=sys.stderr)
        return 130
    except BrokenPipeError:          # output piped into head/more that stopped reading
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - every core error reaches the user in Chinese
        if _is_user_error(exc):
            print(f"错误：{exc}", file=sys.stderr)
            return 2
        if explained := explain(exc) or file_problem(exc):
            print(f"错误：{explained}", file=sys.stderr)
            return 2
        raise


def file_problem(exc: Exception) -> str:
    """A file named on the command line that is missing or cannot be read, in Chinese."""
    if not isinstance(exc, OSError) or not exc.filename:
        return ""
    name = exc.filename
    if isinstance(exc, FileNotFoundError):
        return f"找不到文件：{name}"
    if isinstance(exc, IsADirectoryError):
        return f"{name} 是文件夹，请给出文件"
    if isinstance(exc, PermissionError):
        return f"没有权限读写文件：{name}"
    return f"无法读写文件 {name}：{exc.strerror or exc}"


def _is_user_error(exc: Exception) -> bool:
    return isinstance(exc, UserError)        # CliError is one


def utf8_stdout() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure and (stream.encoding or "").lower() not in ("utf-8", "utf8"):
            reconfigure(encoding="utf-8", errors="replace")
