"""The check rules: every module in :mod:`ykt_desktop.checks.rules` that defines ``RULE``.

To add a check, add a module there with ``RULE = Rule(name=..., title=..., description=...,
find=...)``; it then runs with the others, appears in the UI and in ``check --rule``.
Rules defined elsewhere can be added at import time with :func:`register_rule`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Sequence

from ykt_desktop.checks import rules as rules_package
from ykt_desktop.checks.base import Rule
from ykt_desktop.errors import UserError

_EXTRA: dict[str, Rule] = {}


def register_rule(rule: Rule) -> Rule:
    _EXTRA[rule.name] = rule
    return rule


def all_rules() -> list[Rule]:
    found: dict[str, Rule] = {}
    for info in pkgutil.iter_modules(rules_package.__path__):
        module = importlib.import_module(f"{rules_package.__name__}.{info.name}")
        rule = getattr(module, "RULE", None)
        if isinstance(rule, Rule):
            found[rule.name] = rule
    found.update(_EXTRA)
    return sorted(found.values(), key=lambda r: (r.order, r.name))


def get_rule(name: str) -> Rule:
    for rule in all_rules():
        if rule.name == name or rule.title == name:
            return rule
    names = "、".join(r.title for r in all_rules())
    raise UserError(f"没有名为“{name}”的比对规则。可用的规则：{names}")


def select_rules(names: Sequence[str] | None) -> list[Rule]:
    if not names:
        return all_rules()
    return [get_rule(name) for name in names]


def rule_titles() -> dict[str, str]:
    return {r.name: r.title for r in all_rules()}
