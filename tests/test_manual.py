"""The user manual (docs/用户手册.md) names only real things: every image it links exists and is
made by docs/make_screenshots.py, every `python -m ykt_desktop <command>` is a real subcommand
(and sub-action), and every “…”页 it names is a page of the main window."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from ykt_desktop.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
MANUAL = ROOT / "docs" / "用户手册.md"
SCRIPT = ROOT / "docs" / "make_screenshots.py"
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
COMMAND = re.compile(r"python -m ykt_desktop((?:\s+--db\s+\S+)?)\s+([a-z][a-z-]*)"
                     r"(?:\s+([a-z][a-z-]*))?")
PAGE = re.compile(r"“([^”]{1,12})”页")


@pytest.fixture(scope="module")
def text() -> str:
    return MANUAL.read_text(encoding="utf-8")


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # argparse keeps sub-parsers only here
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_every_linked_image_exists_and_is_regenerated(text):
    links = IMAGE.findall(text)
    assert len(links) >= 15
    script = SCRIPT.read_text(encoding="utf-8")
    for link in links:
        path = (MANUAL.parent / link).resolve()
        assert path.is_file(), f"手册引用的图片不存在：{link}"
        assert path.parent == ROOT / "docs" / "images", link
        assert f'"{path.stem}"' in script, f"{link} 不由 make_screenshots.py 生成"


def test_every_command_in_the_manual_is_real(text):
    commands = subcommands(build_parser())
    found = COMMAND.findall(text)
    assert len(found) >= 40
    for _db, name, action in found:
        assert name in commands, f"手册中的命令 {name} 不存在"
        actions = subcommands(commands[name])
        if actions and action:
            assert action in actions, f"手册中的 {name} {action} 不存在"


def test_the_command_table_lists_every_subcommand(text):
    table = text[text.index("## 13. 命令行速查"):text.index("## 14.")]
    listed = set(re.findall(r"^\| `([a-z-]+)` \|", table, re.MULTILINE))
    assert listed == set(subcommands(build_parser()))


def test_every_named_page_exists_and_every_page_is_described(text):
    from ui.pages import discover_pages

    titles = {spec.title for spec in discover_pages()}
    named = set(PAGE.findall(text))
    assert named <= titles, f"手册提到的页面不存在：{named - titles}"
    assert titles <= named, f"手册没有提到这些页面：{titles - named}"


def test_the_manual_catches_a_wrong_name():
    """The checks above do fail on a made-up command or page."""
    fake = "python -m ykt_desktop import-everything --db x.db\n“统计分析”页"
    name = COMMAND.findall(fake)[0][1]
    assert name not in subcommands(build_parser())
    assert PAGE.findall(fake) == ["统计分析"]
