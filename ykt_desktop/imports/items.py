"""Matching a file's item names to the catalogue: exactly, or only after the officer confirms.

A name equal to an item's code or full name (ignoring width and spaces) matches. Any other
name (高龄津贴 for 高龄津贴（80-89周岁）, 低保金 for 城乡居民最低生活保障金) is never matched
silently: :func:`candidates` proposes catalogue items, the import refuses the file naming the
proposal, and the officer confirms it (``--item-map``, or the import dialog's question).
"""

from __future__ import annotations

import re
import unicodedata

import sqlite_utils

from ykt_desktop import catalogue
from ykt_desktop.imports.errors import ImportFileError

Item = catalogue.SubsidyItem


def item_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text)).split()).lower()


def _bare(text: str) -> str:
    """The name without a bracketed part and common suffixes (金, 补贴, 补助)."""
    key = re.sub(r"[(（][^)）]*[)）]", "", item_key(text))
    return re.sub(r"(资金|金|补贴|补助|津贴)$", "", key)


def exact_items(db: sqlite_utils.Database) -> dict[str, Item]:
    out: dict[str, Item] = {}
    for item in catalogue.list_items(db, active_only=False):
        out.setdefault(item_key(item.code), item)
        out.setdefault(item_key(item.name), item)
    return out


# Short names the paying departments use, and the catalogue codes they stand for (proposals
# only: the officer still confirms). 低保金 is not contained in 城乡居民最低生活保障金.
ALIASES = {
    "低保": ("dibao",), "最低生活保障": ("dibao",), "特困": ("tekun",), "五保": ("tekun",),
    "供养": ("tekun",), "高龄": ("gaoling_80", "gaoling_90", "gaoling_100"),
    "地力": ("gengdi",), "耕地": ("gengdi",), "护理补贴": ("zhongdu_canji",),
    "重度残疾": ("zhongdu_canji",), "困难残疾": ("kunnan_canji",),
    "残疾人生活补贴": ("kunnan_canji",), "奖励扶助": ("jisheng_jiangli",),
    "特别扶助": ("jisheng_tebie",), "护林": ("huanglin",), "退耕": ("tuigeng",),
}


def candidates(db: sqlite_utils.Database, text: str) -> list[Item]:
    """Catalogue items a non-exact name probably means, best first (may be empty): the same
    name without suffixes, one name containing the other, then the known short names."""
    bare = _bare(text)
    if len(bare) < 2:
        return []
    aliased = {code for alias, codes in ALIASES.items() if alias in bare for code in codes}
    found = []
    for order, item in enumerate(catalogue.list_items(db, active_only=False)):
        name = _bare(item.name)
        if bare == name:
            found.append((0, order, item))
        elif bare in name or name in bare:
            found.append((1, order, item))
        elif item.code in aliased:
            found.append((2, order, item))
    return [entry[2] for entry in sorted(found, key=lambda e: e[:2])]


def parse_item_map(values: list[str] | str | None) -> dict[str, str]:
    """``--item-map``: '文件中的名称=清单中的名称或代码', several separated by ';' or given
    repeatedly; '文件中的名称=' (nothing after =) declines: those rows are not imported."""
    if not values:
        return {}
    parts: list[str] = []
    for value in [values] if isinstance(values, str) else values:
        parts.extend(p.strip() for p in re.split(r"[;；\n]", value) if p.strip())
    out = {}
    for part in parts:
        if "=" not in part:
            raise ImportFileError(f"项目对应“{part}”应写成 文件中的名称=清单中的名称，"
                                  "如 高龄津贴=高龄津贴（80-89周岁）")
        source, target = (s.strip() for s in part.split("=", 1))
        out[source] = target
    return out


def resolve_item_map(db: sqlite_utils.Database, item_map: dict[str, str]
                     ) -> dict[str, Item | None]:
    """{normalised file name: item} for the confirmed correspondences; None for a name the
    officer declined (its rows are then problem rows, the others can be imported)."""
    exact = exact_items(db)
    out: dict[str, Item | None] = {}
    for source, target in item_map.items():
        if not str(target or "").strip():
            out[item_key(source)] = None
            continue
        item = exact.get(item_key(target))
        if item is None:
            raise ImportFileError(f"项目对应“{source}={target}”：“{target}”不是补贴项目清单中的"
                                  "名称或代码")
        out[item_key(source)] = item
    return out


def proposal_text(text: str, items: list[Item]) -> str:
    """The Chinese sentence that asks for confirmation."""
    if not items:
        return "不在补贴项目清单中（请先在设置中维护项目）"
    names = "、".join(f"“{i.name}”" for i in items[:4])
    return (f"与补贴项目清单中的名称不完全一致，未自动对应；可能是{names}。请确认：命令行加 "
            f"--item-map '{text}={items[0].name}'，或在导入对话框中确认")
