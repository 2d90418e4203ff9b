"""What a write changed, by kind of record (in the spirit of Anki's ``OpChanges``).

A write returns its ``Changes`` (or a result carrying ``.changes``); a page shows a few kinds
and refreshes only when a write touched one of them. ``ALL`` is for the rare moment when
everything may have changed (a demo county generated, the database switched); ``NOTHING`` for
a write that turned out to change nothing (a file already imported).

A plain function whose answer is already something else (an id, a count) declares its changes
with ``@writes(...)``: ``save_household.changes``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol, TypeVar


class Kind(StrEnum):
    HOUSEHOLDS = "households"       # 户、人员、卡折（一户一表、入户核查）
    PAYMENTS = "payments"           # 发放记录、导入批次、死亡和干部名单
    FINDINGS = "findings"           # 比对规则的结果
    ISSUES = "issues"               # 问题台账
    PUBLICITY = "publicity"         # 公示记录和张贴
    RETURNS = "returns"             # 报表草稿和签章
    SUBMISSIONS = "submissions"     # 上报文件、下级单位、证书、退回意见
    USERS = "users"                 # 用户和角色
    UNIT = "unit"                   # 本单位、区划、补贴目录、参数
    CAMPAIGN = "campaign"           # 阶段、报送期限、举报、抽查复核、主动说清、政策清单
    BACKUPS = "backups"             # 备份文件（导入前的备份）


@dataclass(frozen=True)
class Changes:
    kinds: frozenset[Kind] = frozenset()

    @classmethod
    def of(cls, *kinds: Kind) -> Changes:
        return cls(frozenset(Kind(k) for k in kinds))

    def __or__(self, other: Changes) -> Changes:
        if not isinstance(other, Changes):
            return NotImplemented
        return Changes(self.kinds | other.kinds)

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def touches(self, kinds: Iterable[Kind]) -> bool:
        """True when this write changed at least one of ``kinds``."""
        return not self.kinds.isdisjoint(kinds)

    def __str__(self) -> str:
        return "、".join(sorted(self.kinds)) or "无"


ALL = Changes(frozenset(Kind))
NOTHING = Changes()


class HasChanges(Protocol):
    changes: Changes


def changes_of(result: Changes | HasChanges | Any) -> Changes:
    """The Changes of a write's answer: itself, or its ``.changes``."""
    if isinstance(result, Changes):
        return result
    found = getattr(result, "changes", None)
    if not isinstance(found, Changes):
        raise TypeError(f"{type(result).__name__} does not say what it changed")
    return found


def union(results: Iterable[object]) -> Changes:
    """What a batch changed: the union of its results' Changes (a refusal changed nothing)."""
    found = NOTHING
    for result in results:
        if isinstance(result, Changes) or isinstance(getattr(result, "changes", None), Changes):
            found = found | changes_of(result)
    return found


F = TypeVar("F", bound=Callable[..., Any])


def writes(*kinds: Kind) -> Callable[[F], F]:
    """Declare what a write function changes: ``fn.changes`` (its answer stays as it was)."""
    def mark(fn: F) -> F:
        fn.changes = Changes.of(*kinds)     # type: ignore[attr-defined]
        return fn
    return mark
