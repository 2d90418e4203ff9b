"""argparse in Chinese: section titles, -h/--version help, "usage:" and its error messages.

argparse prints its own words in English; county staff running batch jobs read Chinese. The
parser classes below are used for the root parser and, through it, every subcommand's.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

MESSAGES = (   # argparse's English error texts -> Chinese (the variable part kept)
    (r"the following arguments are required: (.*)", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.*)", r"不认识的参数：\1"),
    (r"argument (.*?): invalid choice: (.*?) \(choose from (.*)\)",
     r"参数 \1 的值 \2 不在可选范围内（可选：\3）"),
    (r"argument (.*?): expected one argument", r"参数 \1 需要一个值"),
    (r"argument (.*?): invalid (\w+) value: (.*)", r"参数 \1 的值 \3 无效"),
    (r"argument (.*?): not allowed with argument (.*)", r"参数 \1 不能与 \2 同时使用"),
    (r"argument (.*?): (.*)", r"参数 \1：\2"),      # a value refused by its type, in Chinese
)


def chinese_message(message: str) -> str:
    for pattern, replacement in MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:  # noqa: ANN001
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{chinese_message(message)}\n")
